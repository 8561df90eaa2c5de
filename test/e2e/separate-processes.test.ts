/**
 * Issue 8: the worker and the API as separate production processes, compiled as the Docker image compiles them
 * (test/support/production-stack.ts: NODE_ENV=production, registry on a real PostgreSQL server, partners and SMTP at
 * the simulator and mail catcher). A case is driven through them; each process is stopped with SIGTERM while it
 * has work in flight, read from the Temporal server, and started again: the stopping worker finishes the partner
 * call it had started, the stopping API answers the request it was holding, and the case completes.
 */
import { randomBytes } from 'node:crypto';
import { tsToMs } from '@temporalio/common/lib/time';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { demoBatch, runDemo, type DemoResult } from '../../scripts/demo-batch';
import { workflowIdFor } from '../../src/domain/case-number';
import { caseMessageSignal, type CaseMessage } from '../../src/workflows/messages';
import { CaseStage } from '../../src/workflows/search-attributes';
import { AesGcmCodec } from '../../src/temporal/codec';
import { eventually } from '../support/eventually';
import { startProductionStack, type ProductionStack, type StackProcess } from '../support/production-stack';
import { devServerAddress, testEncryptionKey, testKeys, workflowBundlePath } from '../support/stack';

const { PendingActivityState } = temporal.api.enums.v1;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Every partner's first answer comes this late: long enough to be caught in flight, shorter than the grace time. */
const partnerDelayMs = 5000;
const shutdownGraceSeconds = 10;
const say = (line: string) => process.stderr.write(`[processes] ${line}\n`);

const errorLines = (process: StackProcess) =>
  process
    .output()
    .split('\n')
    .filter((line) => /"level":(50|60)/.test(line))
    .join('\n');

const codec = new AesGcmCodec([testEncryptionKey], testEncryptionKey.id);

/** The IDs of the people's messages a history holds, read from the signals' encrypted payloads. */
async function messageIdsIn(events: HistoryEvent[]): Promise<string[]> {
  const ids: string[] = [];
  for (const event of events) {
    const signal = event.workflowExecutionSignaledEventAttributes;
    if (signal?.signalName !== caseMessageSignal.name) continue;
    const [payload] = await codec.decode((signal.input?.payloads ?? []) as Payload[]);
    ids.push((defaultPayloadConverter.fromPayload(payload!) as CaseMessage).messageId);
  }
  return ids;
}

describe('worker and API as separate compiled processes', () => {
  let stack: ProductionStack;

  beforeAll(async () => {
    stack = await startProductionStack({
      name: 'processes',
      say,
      temporalAddress: devServerAddress(),
      workflowBundlePath: workflowBundlePath(),
      environment: {
        // Deadlines scaled so a restart (several seconds) never outlasts a wait: 7 days of identification is 30 s,
        // and follow-ups come 1, 2 and 3 days after handover (4 to 13 s) so the case still ends within the test.
        POLICY_TIME_SCALE: '20000',
        CASE_POLICY: JSON.stringify({ followUpsAfterHandover: ['1 day', '2 days', '3 days'] }),
        WORKER_SHUTDOWN_GRACE_SECONDS: String(shutdownGraceSeconds),
      },
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('finishes the work in flight when each process gets SIGTERM, and the case completes after the restart', async () => {
    const simulator = stack.partners.simulator!;
    simulator.setDefaultScenario({ delayMs: partnerDelayMs, delayAttempts: 1 });
    const progress: string[] = [];
    const driving: Promise<DemoResult[]> = runDemo({
      apiUrl: stack.apiUrl,
      simulatorUrl: stack.simulatorUrl,
      coordinatorKey: testKeys.coordinator.key,
      reviewerKey: testKeys.reviewer.key,
      runId: randomBytes(3).toString('hex'),
      say: (line) => progress.push(line),
      pollMs: 200,
      timeoutMs: 240_000,
      batch: [demoBatch[0]!],
    });
    // Awaited below; a test that fails before then must not leave the driver's rejection unhandled.
    driving.catch(() => undefined);
    const failed = (error: Error) => {
      throw new Error(
        `${error.message}\n--- progress\n${progress.slice(-20).join('\n')}\n--- worker errors\n${errorLines(stack.worker)}\n--- api errors\n${errorLines(stack.api)}`,
      );
    };

    const caseNumber = await eventually(
      async () => /HW-\d{4}-\d{6}-[A-Z]/.exec(progress.join('\n'))?.[0],
      Boolean,
      'the case to be registered',
    ).catch(failed);
    const handle = stack.client.workflow.getHandle(workflowIdFor(caseNumber!));

    // In flight, as the server sees it: a record check a worker has started and not completed, the case in its stage.
    const beforeChecks = ['registered', 'identification'];
    const inFlight = await eventually(
      async () => {
        const description = await handle.describe();
        const started = description.raw.pendingActivities?.find(
          (activity) =>
            activity.activityType?.name === 'checkRecord' &&
            activity.state === PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
        );
        return { description, stage: description.typedSearchAttributes.get(CaseStage), started };
      },
      // The stage moves to record-checks in the task that schedules the checks, a moment before a worker starts one.
      ({ stage, started }) =>
        started !== undefined || ![...beforeChecks, 'record-checks'].includes(stage ?? 'registered'),
      'the case to reach its record checks',
    ).catch(failed);
    expect({ stage: inFlight.stage, inFlight: inFlight.started?.activityType?.name }).toEqual({
      stage: 'record-checks',
      inFlight: 'checkRecord',
    });
    const { activityId, lastWorkerIdentity: stoppingWorker } = inFlight.started!;
    expect(stoppingWorker).toContain(`${stack.worker.pid}@`);

    const workerSignalledAt = Date.now();
    expect(await stack.worker.kill('SIGTERM')).toBe(0);
    expect(stack.worker.output()).toMatch(/SIGTERM: worker stopping/);
    simulator.setDefaultScenario({});

    // The stopping worker completed the call it had started, after the signal, before it exited; nobody retried it.
    // The server writes a completion into the history at once, unless a workflow task of the case is in flight: then
    // it holds the event until that task ends, which for a task the stopping worker had taken is its timeout (10 s).
    const run = stack.client.workflow.getHandle(handle.workflowId, inFlight.description.runId);
    const ofCheck = (scheduledId: HistoryEvent['eventId']) => (event: HistoryEvent) =>
      [event.activityTaskStartedEventAttributes, event.activityTaskCompletedEventAttributes].some(
        (attributes) => attributes && String(attributes.scheduledEventId) === String(scheduledId),
      );
    const [startedEvent, completedEvent] = await eventually(
      async () => {
        const events = (await run.fetchHistory()).events ?? [];
        const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityId === activityId);
        const ofThisCheck = ofCheck(scheduled?.eventId);
        return [
          events.find((event) => event.activityTaskStartedEventAttributes && ofThisCheck(event)),
          events.find((event) => event.activityTaskCompletedEventAttributes && ofThisCheck(event)),
        ] as const;
      },
      ([, completed]) => completed !== undefined,
      `the record check ${activityId} completed in the history`,
      30_000,
    ).catch(() => [undefined, undefined] as const);
    expect({
      completed: completedEvent !== undefined,
      by: startedEvent?.activityTaskStartedEventAttributes?.identity,
      attempt: startedEvent?.activityTaskStartedEventAttributes?.attempt,
    }).toEqual({ completed: true, by: stoppingWorker, attempt: 1 });
    const completedAt = tsToMs(completedEvent!.eventTime);
    expect({ completedAfterTheSignal: completedAt >= workerSignalledAt }).toEqual({ completedAfterTheSignal: true });

    // With no worker, a person's message waits in the API for the case's answer: the API gets SIGTERM while it waits.
    // The message is one the case refuses (a handover during record checks), so the case's course is unchanged.
    let answeredAt: number | undefined;
    const held = fetch(`${stack.apiUrl}/cases/${caseNumber}/handover`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${testKeys.coordinator.key}`,
        'content-type': 'application/json',
        'idempotency-key': 'early-handover',
      },
      body: JSON.stringify({ signedBy: 'escort' }),
    }).then(
      async (response) => {
        answeredAt = Date.now();
        return { status: response.status, body: (await response.json()) as { message?: string; requestId?: string } };
      },
      (error: Error) => ({
        status: `no answer: ${(error.cause as Error | undefined)?.message ?? error.message}`,
        body: {},
      }),
    );
    await eventually(
      async () => messageIdsIn((await run.fetchHistory()).events ?? []),
      (ids) => ids.includes(`handover:${testKeys.coordinator.actorId}:early-handover`),
      'the message to reach the case',
    );
    expect(answeredAt === undefined ? 'waiting' : await held).toBe('waiting');
    const apiSignalledAt = Date.now();
    expect(await stack.api.kill('SIGTERM')).toBe(0);
    const answer = await held;
    expect(answer).toEqual({
      status: 503,
      body: expect.objectContaining({ message: expect.stringMatching(/send it again/), requestId: expect.any(String) }),
    });
    expect(answeredAt).toBeGreaterThanOrEqual(apiSignalledAt);

    await Promise.all([stack.worker.start(), stack.api.start()]);
    const [result] = await driving.catch(failed);
    if (result?.stage !== 'closed') failed(new Error(`the case ended in ${result?.stage}`));
    expect(result).toMatchObject({ caseNumber, stage: 'closed', outcome: 'reunited' });
    expect(await stack.worker.kill('SIGTERM')).toBe(0);
    expect(await stack.api.kill('SIGTERM')).toBe(0);
  }, 300_000);
});
