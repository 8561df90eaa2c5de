/** Reads of a child's personal data through the API leave an entry in the case's access log, which supervisors list. */
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec } from '../../src/temporal/codec';
import { registration } from '../support/fixtures';
import { startTestStack, testEncryptionKey, testKeys, type TestStack } from '../support/stack';
import { registryBackends } from './backends';

const as = (key: { key: string }, headers: Record<string, string> = {}) => ({
  authorization: `Bearer ${key.key}`,
  ...headers,
});

interface AccessLogAnswer {
  entryCount: number;
  intact: boolean;
  headHash: string;
  entries: Array<{ actorId: string; actorRole: string; kind: string; purpose: string; position: number }>;
}

describe.each(registryBackends())('the access log through the API on $name', (backend) => {
  let stack: TestStack;
  let caseNumber: string;
  beforeAll(async () => {
    stack = await startTestStack({}, { db: await backend.open() });
    const registered = await stack.app.inject({
      method: 'POST',
      url: '/cases',
      headers: as(testKeys.coordinator),
      payload: registration(),
    });
    caseNumber = registered.json<{ caseNumber: string }>().caseNumber;
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const logOf = (key: { key: string } = testKeys.supervisor) =>
    stack.app.inject({ method: 'GET', url: `/cases/${caseNumber}/access-log`, headers: as(key) });

  it('records who read which case, what and why; an operator’s read without personal data is not one', async () => {
    expect(
      (await stack.app.inject({ method: 'GET', url: `/cases/${caseNumber}`, headers: as(testKeys.coordinator) }))
        .statusCode,
    ).toBe(200);
    const withPurpose = await stack.app.inject({
      method: 'GET',
      url: `/cases/${caseNumber}?purpose=${encodeURIComponent('tracing: family found')}`,
      headers: as(testKeys.reviewer),
    });
    expect(withPurpose.statusCode).toBe(200);
    expect(
      (await stack.app.inject({ method: 'GET', url: `/cases/${caseNumber}`, headers: as(testKeys.operator) }))
        .statusCode,
    ).toBe(200);
    const exported = await stack.app.inject({
      method: 'GET',
      url: `/cases/${caseNumber}/audit/export`,
      headers: as(testKeys.supervisor, { 'x-purpose': 'third-party review' }),
    });
    expect(exported.statusCode).toBe(200);

    const [sealed] = await new AesGcmCodec([testEncryptionKey], testEncryptionKey.id).encode([
      defaultPayloadConverter.toPayload({ caseNumber, childName: 'Zlata Kovalenko' }),
    ]);
    const decoded = await stack.app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: as(testKeys.coordinator2),
      payload: {
        payloads: [
          {
            metadata: Object.fromEntries(
              Object.entries(sealed!.metadata!).map(([key, value]) => [key, Buffer.from(value!).toString('base64')]),
            ),
            data: Buffer.from(sealed!.data!).toString('base64'),
          },
        ],
      },
    });
    expect(decoded.statusCode).toBe(200);

    const answer = await logOf();
    expect(answer.statusCode).toBe(200);
    const log = answer.json<AccessLogAnswer>();
    expect(log.intact).toBe(true);
    expect(log.entries.map(({ actorId, kind, purpose }) => ({ actorId, kind, purpose }))).toEqual([
      { actorId: testKeys.coordinator.actorId, kind: 'case-details', purpose: 'case work' },
      { actorId: testKeys.reviewer.actorId, kind: 'case-details', purpose: 'tracing: family found' },
      { actorId: testKeys.supervisor.actorId, kind: 'audit-export', purpose: 'third-party review' },
      {
        actorId: testKeys.coordinator2.actorId,
        kind: 'codec-decode',
        purpose: 'operations: payloads decoded in the Temporal UI',
      },
    ]);
    expect(answer.body).not.toContain('Zlata');
  });

  it('lists the log for supervisors only, 404 for a case that does not exist', async () => {
    expect((await logOf(testKeys.coordinator)).statusCode).toBe(403);
    expect((await logOf(testKeys.operator)).statusCode).toBe(403);
    expect((await stack.app.inject({ method: 'GET', url: `/cases/${caseNumber}/access-log` })).statusCode).toBe(401);
    const missing = await stack.app.inject({
      method: 'GET',
      url: '/cases/HW-2020-000001-U/access-log',
      headers: as(testKeys.supervisor),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a purpose that is not a few words with 400, and answers nothing unrecorded', async () => {
    const before = (await logOf()).json<AccessLogAnswer>().entryCount;
    for (const headers of [{ 'x-purpose': '<script>' }, { 'x-purpose': 'x'.repeat(500) }]) {
      const answer = await stack.app.inject({
        method: 'GET',
        url: `/cases/${caseNumber}`,
        headers: as(testKeys.coordinator, headers),
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.json().message).toMatch(/X-Purpose/);
      expect(answer.body).not.toContain('Zlata');
    }
    const query = await stack.app.inject({
      method: 'GET',
      url: `/cases/${caseNumber}?purpose=%3Cb%3E`,
      headers: as(testKeys.coordinator),
    });
    expect(query.statusCode).toBe(400);
    expect((await logOf()).json<AccessLogAnswer>().entryCount).toBe(before);
  });

  it('never shows reads in the weekly figures', async () => {
    const week = () => stack.app.inject({ method: 'GET', url: '/dashboard/weekly' }).then((answer) => answer.json());
    const before = await week();
    await stack.app.inject({ method: 'GET', url: `/cases/${caseNumber}`, headers: as(testKeys.coordinator) });
    expect(await week()).toEqual(before);
  });
});
