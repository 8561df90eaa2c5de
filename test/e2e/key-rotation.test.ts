/**
 * Issue 7: a case started under one encryption key keeps running after the key is rotated. A worker and client with
 * only the old key start a case; both are replaced by ones whose current key is new and which still hold the old one;
 * the case accepts a message, answers its query and its history carries payloads under both keys.
 */
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Config } from '../../src/config';
import type { CaseInput } from '../../src/domain/case';
import { formatCaseNumber, workflowIdFor } from '../../src/domain/case-number';
import { registrationSchema } from '../../src/domain/registration';
import { openPglite, type Db } from '../../src/registry/db';
import { KEY_ID_METADATA } from '../../src/temporal/codec';
import { createLogger } from '../../src/logger';
import { dataConverterFor } from '../../src/temporal/connection';
import { createWorker } from '../../src/workers/create-worker';
import { caseStateQuery, holdUpdate } from '../../src/workflows/messages';
import { registration } from '../support/fixtures';
import { PartnerDoubles } from '../support/partner-doubles';
import { devServerAddress, reserveCaseSerials, testConfig, workflowBundlePath } from '../support/stack';

const oldKey = { id: 'key-2025', key: Buffer.alloc(32, 1) };
const newKey = { id: 'key-2026', key: Buffer.alloc(32, 2) };

function withKeys(config: Config, keys: (typeof oldKey)[], currentKeyId: string): Config {
  return { ...config, encryption: { ...config.encryption, keys, currentKeyId } };
}

describe('encryption key rotation with a case running', () => {
  let db: Db;
  let connection: Connection;
  const base = testConfig();
  beforeAll(async () => {
    db = await openPglite();
    await reserveCaseSerials(db);
    connection = await Connection.connect({ address: devServerAddress() });
  });
  afterAll(async () => {
    await connection?.close();
    await db?.close();
  });

  async function runWorker(config: Config, work: (client: Client) => Promise<void>): Promise<void> {
    const doubles = new PartnerDoubles();
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: dataConverterFor(config),
    });
    const worker: Worker = await createWorker({
      config,
      address: devServerAddress(),
      deps: doubles.deps(db, {
        consentTokenSecret: config.api.consentTokenSecret,
        publicBaseUrl: 'https://homeward.test',
      }),
      workflowBundlePath: workflowBundlePath(),
      client,
      logger: createLogger('silent'),
    });
    await worker.runUntil(work(client));
  }

  it('keeps a case started under the old key running and readable after rotation', async () => {
    const { rows } = await db.query<{ serial: string }>(`SELECT nextval('case_serial')::text AS serial`);
    const caseNumber = formatCaseNumber(2026, Number(rows[0]!.serial));
    const workflowId = workflowIdFor(caseNumber);
    const input: CaseInput = {
      caseNumber,
      registration: registrationSchema.parse(registration()),
      policy: base.policy,
      coordinator: { id: 'coord-ana', role: 'coordinator' },
      registeredAt: new Date().toISOString(),
    };

    await runWorker(withKeys(base, [oldKey], oldKey.id), async (client) => {
      const handle = await client.workflow.start('reunificationCase', {
        workflowId,
        taskQueue: base.temporal.taskQueue,
        args: [input],
      });
      for (let attempt = 0; attempt < 100 && (await handle.query(caseStateQuery)).stage === 'registered'; attempt += 1)
        await new Promise((done) => setTimeout(done, 100));
    });

    const rotated = withKeys(base, [oldKey, newKey], newKey.id);
    await runWorker(rotated, async (client) => {
      const handle = client.workflow.getHandle(workflowId);
      const outcome = await handle.executeUpdate(holdUpdate, {
        args: [{ actor: { id: 'coord-ana', role: 'coordinator' }, reason: 'facility access denied' }],
      });
      expect(outcome.stage).toBe('on-hold');
      const state = await handle.query(caseStateQuery);
      expect(state.caseNumber).toBe(caseNumber);
      expect(state.registration.child.names[0]?.value).toBe(input.registration.child.names[0]?.value);
      await handle.terminate('test finished');
    });

    const { history } = await connection.workflowService.getWorkflowExecutionHistory({
      namespace: base.temporal.namespace,
      execution: { workflowId },
    });
    const keyIds = new Set<string>();
    const collect = (value: unknown): void => {
      if (!value || typeof value !== 'object' || value instanceof Uint8Array) return;
      const metadata = (value as { metadata?: Record<string, Uint8Array> }).metadata;
      const keyId = metadata?.[KEY_ID_METADATA];
      if (keyId) keyIds.add(Buffer.from(keyId).toString());
      for (const child of Object.values(value)) collect(child);
    };
    for (const event of history?.events ?? []) collect(event);
    expect([...keyIds].sort()).toEqual([oldKey.id, newKey.id]);
  });
});
