/**
 * Issue 7's end-to-end check: cases run to their end on the real dev server through the API, the simulator and the
 * mail catcher; then everything an operator or a log reader could see is scanned for the children's and families'
 * personal data: the raw history bytes, workflow IDs, search attributes, memo, Homeward's logs, the Temporal
 * runtime's logs and the email subjects. A positive control decrypts the history to prove the data was there.
 */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { demoBatch, runDemo, type DemoCase, type DemoResult } from '../../scripts/demo-batch';
import { workflowIdFor } from '../../src/domain/case-number';
import { AesGcmCodec } from '../../src/temporal/codec';
import { startE2eStack, type E2eStack } from '../support/e2e';
import { runtimeLog } from '../support/quiet-runtime';
import { testEncryptionKey, testKeys } from '../support/stack';

/** Everything personal in a demo case: names, birth date, contact details. */
function personalData(demoCase: DemoCase): string[] {
  return [
    demoCase.child.name,
    ...demoCase.child.name.split(' '),
    ...(demoCase.child.birthDate ? [demoCase.child.birthDate] : []),
    ...demoCase.claimants.flatMap((claimant) => [
      claimant.name,
      ...(claimant.email ? [claimant.email] : []),
      ...(claimant.phone ? [claimant.phone] : []),
    ]),
  ].filter((marker) => marker.length >= 4);
}

async function rawHistory(stack: E2eStack, workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await stack.homeward.client.workflowService.getWorkflowExecutionHistory({
      namespace: stack.config.temporal.namespace,
      execution: { workflowId },
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

describe('personal data stays protected through whole cases', () => {
  let stack: E2eStack;
  let results: DemoResult[];
  // A child under the consent age, a girl going from Ukraine to Russia, and a DNA exclusion with its dispute.
  const batch = [demoBatch[0]!, demoBatch.find((c) => c.child.currentLocation.country === 'UA')!, demoBatch.at(-1)!];

  beforeAll(async () => {
    stack = await startE2eStack();
    results = await runDemo({
      apiUrl: stack.apiUrl,
      simulatorUrl: stack.simulatorUrl,
      coordinatorKey: testKeys.coordinator.key,
      reviewerKey: testKeys.reviewer.key,
      runId: randomBytes(3).toString('hex'),
      say: () => undefined,
      pollMs: 200,
      timeoutMs: 150_000,
      batch,
    });
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('runs every case to its expected end', () => {
    expect(results.map((result) => [result.stage, result.outcome])).toEqual(
      batch.map((demoCase) => [demoCase.expected.stage, demoCase.expected.outcome]),
    );
  });

  it('keeps names, birth dates and contacts out of the raw history, and the codec can decode them', async () => {
    const codec = new AesGcmCodec([testEncryptionKey], testEncryptionKey.id);
    for (const [index, result] of results.entries()) {
      const markers = personalData(batch[index]!);
      const events = await rawHistory(stack, workflowIdFor(result.caseNumber));
      expect(events.length).toBeGreaterThan(10);
      const bytes = Buffer.concat(events.map((event) => temporal.api.history.v1.HistoryEvent.encode(event).finish()));
      for (const marker of markers)
        expect({ marker, found: bytes.includes(Buffer.from(marker)) }).toEqual({ marker, found: false });

      const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads as Payload[];
      const [input] = await codec.decode(started);
      expect(JSON.stringify(defaultPayloadConverter.fromPayload(input!))).toContain(batch[index]!.child.name);
    }
  });

  it('keeps them out of workflow IDs, search attributes and memo', async () => {
    for (const [index, result] of results.entries()) {
      const description = await stack.homeward.client.workflow.getHandle(workflowIdFor(result.caseNumber)).describe();
      const visible = JSON.stringify({
        id: description.workflowId,
        attributes: description.typedSearchAttributes,
        memo: description.memo ?? null,
      });
      expect(visible).toContain(result.caseNumber);
      for (const marker of personalData(batch[index]!)) expect(visible).not.toContain(marker);
    }
  });

  it("keeps them out of Homeward's logs, the Temporal runtime's logs and email subjects", () => {
    const logs = stack.logLines.join('\n');
    const runtime = runtimeLog.join('\n');
    const mail = stack.homeward.partners?.mailCatcher?.messages ?? [];
    const subjects = mail.map((message) => message.subject);
    expect(logs.length).toBeGreaterThan(0);
    expect(subjects.length).toBeGreaterThan(0);
    // Subjects name the case by its number: that is how staff and families tell messages apart.
    for (const message of mail) expect(message.subject).toContain(message.caseNumber ?? 'a case number header');
    for (const marker of batch.flatMap(personalData)) {
      expect({ marker, inLogs: logs.includes(marker) }).toEqual({ marker, inLogs: false });
      expect({ marker, inRuntimeLogs: runtime.includes(marker) }).toEqual({ marker, inRuntimeLogs: false });
      expect({ marker, inSubjects: subjects.some((subject) => subject.includes(marker)) }).toEqual({
        marker,
        inSubjects: false,
      });
    }
  });
});
