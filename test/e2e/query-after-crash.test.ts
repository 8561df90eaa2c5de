/**
 * An operator's query after a worker crash must not leave a case whose history no longer replays
 * (src/workers/unfinished-task-guard.ts). The moment is made on purpose, on the production worker process, with the
 * sticky timeout at 20 s so that each step has room on a loaded machine:
 *
 * 1. the worker is killed with SIGKILL while the case waits, so the server still sends the case's tasks to the dead
 *    worker's sticky queue, and a query sent now waits there for the sticky timeout (until 20 s);
 * 2. at 6 s a coordinator's hold arrives: its workflow task is parked on that sticky queue too (the server does so
 *    for 10 s after the queue's last poll), unfinished, until 26 s;
 * 3. a new worker starts. At 20 s the query moves to the case's task queue, where it is the only task: it reaches
 *    the new worker with a history that ends with the hold and its unfinished task;
 * 4. right after the query, a supervisor's resume arrives, before the hold's task comes back at 26 s.
 *
 * Without the guard the worker applies the hold to answer the query, keeps the case so, and later applies the
 * resume in an activation of its own: the commands it sends follow a grouping no replay repeats. The test shows that
 * happening with the guard switched off, then shows the guard refusing that query and the history replaying.
 *
 * The same happens when the unfinished task is one the dying worker had started (a fault run found it): the query
 * then reaches the new worker with a history that ends with that task's start, which looks like the end of a task a
 * worker really ran. The last test makes that moment with a stand-in for the dying worker: it takes the query and
 * the hold's task from the dead worker's sticky queue and answers neither. */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { CaseState } from '../../src/domain/case';
import { workflowIdFor } from '../../src/domain/case-number';
import { dataConverterFor } from '../../src/temporal/connection';
import { unfinishedTaskQueryRefusal } from '../../src/workers/unfinished-task-guard';
import { caseMessageSignal, caseStateQuery, type CaseMessage } from '../../src/workflows/messages';
import { eventually } from '../support/eventually';
import { registration } from '../support/fixtures';
import { startProductionStack, type ProductionStack } from '../support/production-stack';
import { devServerAddress, testConfig, testKeys, workflowBundlePath } from '../support/stack';

const say = (line: string) => process.stderr.write(`[query after crash] ${line}\n`);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
/** Under the 30 s a query may wait at the server, with room for the steps below on a loaded machine. */
const stickySeconds = 20;
/** Within 10 s of the kill, while the server still counts the dead worker's queue as polled and parks tasks there. */
const holdAfterMs = 6_000;
const { EventType, TaskQueueKind } = temporal.api.enums.v1;
/** The sticky timeout of the worker the stand-in replaces: the query moves to the case's task queue after it. */
const startedTaskStickySeconds = 4;
/** A workflow task taken and never answered times out after 10 s (the server's default task timeout). */
const taskTimeoutMs = 10_000;
const fixtures = resolve(__dirname, '../fixtures');

/** HOMEWARD_RECORD_HISTORIES=1 keeps both histories: the broken one for the stuck-case tests, the other to replay. */
function keep(history: temporal.api.history.v1.IHistory, file: string): void {
  if (process.env.HOMEWARD_RECORD_HISTORIES) writeFileSync(resolve(fixtures, file), JSON.stringify(history));
}

describe('an operator query after a worker crash', () => {
  let stack: ProductionStack;

  beforeAll(async () => {
    stack = await startProductionStack({
      name: 'query-after-crash',
      say,
      temporalAddress: devServerAddress(),
      workflowBundlePath: workflowBundlePath(),
      environment: { WORKER_STICKY_QUEUE_TIMEOUT_SECONDS: String(stickySeconds) },
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function registerWaitingCase(): Promise<string> {
    const response = await fetch(`${stack.apiUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testKeys.coordinator.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(registration()),
    });
    expect(response.status).toBe(201);
    const { caseNumber } = (await response.json()) as { caseNumber: string };
    const handle = stack.client.workflow.getHandle(workflowIdFor(caseNumber));
    // Waiting for the claimants' identity details, with nothing in flight: the worker has finished every task.
    await eventually(
      async () => {
        const [state, description] = await Promise.all([handle.query(caseStateQuery), handle.describe()]);
        return { state, idle: !description.raw.pendingWorkflowTask && !description.raw.pendingActivities?.length };
      },
      ({ state, idle }) => state.stage === 'identification' && idle,
      ({ state }) => `case ${caseNumber} waiting in identification with nothing in flight (stage ${state.stage})`,
    );
    return caseNumber;
  }

  /** The history replayed by the workflow code: undefined when it replays, else the error. */
  const replayOf = (history: temporal.api.history.v1.IHistory, caseNumber: string) =>
    Worker.runReplayHistory(
      { workflowBundle: { codePath: stack.workflowBundlePath }, dataConverter: dataConverterFor(testConfig()) },
      history,
      workflowIdFor(caseNumber),
    ).then(
      () => undefined,
      (error: unknown) => error as Error,
    );

  const message = (name: string, args: unknown[]): CaseMessage => ({ messageId: randomUUID(), name, args });
  const hold = (handle: WorkflowHandle) =>
    handle.signal(
      caseMessageSignal,
      message('hold', [{ actor: { id: 'coordinator-test', role: 'coordinator' }, reason: 'guardian unreachable' }]),
    );
  const resume = (handle: WorkflowHandle) =>
    handle.signal(caseMessageSignal, message('resume', [{ actor: { id: 'supervisor-test', role: 'supervisor' } }]));

  /** The case's history once a workflow task has completed after the event `after` names. */
  const historyOnceATaskCompletedAfter = (
    handle: WorkflowHandle,
    after: (events: temporal.api.history.v1.IHistoryEvent[]) => number,
    what: string,
  ) =>
    eventually(
      () => handle.fetchHistory(),
      (fetched) => {
        const events = fetched.events ?? [];
        const since = after(events);
        return events.some(
          (event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && Number(event.eventId) > since,
        );
      },
      what,
      90_000,
    );

  /** A query asked after the task is done is answered, with both messages applied. */
  const resumedInIdentification = (handle: WorkflowHandle) =>
    eventually(
      () => handle.query(caseStateQuery),
      (current) => current.stage === 'identification' && current.events.some((event) => event.type === 'case-resumed'),
      'the case resumed in identification',
    );

  /** Steps 1–4 above; resolves with the query's outcome and the case's history once the resume is applied. */
  async function queryDuringAnUnfinishedTask(guarded: boolean) {
    const caseNumber = await registerWaitingCase();
    const handle = stack.client.workflow.getHandle(workflowIdFor(caseNumber));
    stack.environment.WORKER_GUARD_UNFINISHED_TASKS = String(guarded);
    await stack.worker.kill('SIGKILL');
    const asked = handle.query(caseStateQuery).then(
      (state: CaseState) => state,
      (error: unknown) => error as Error,
    );
    const killedAt = Date.now();
    await sleep(holdAfterMs);
    await hold(handle);
    await stack.worker.start();
    const answer = await asked;
    say(
      `answer after ${Date.now() - killedAt} ms: ${answer instanceof Error ? answer.message : (answer as CaseState).stage}`,
    );
    // The resume must come before the hold's task leaves the dead worker's queue, or there is nothing to show.
    expect(Date.now() - killedAt).toBeLessThan(holdAfterMs + stickySeconds * 1000 - 1000);
    await resume(handle);
    const history = await historyOnceATaskCompletedAfter(
      handle,
      (events) =>
        Math.max(
          ...events
            .filter((signal) => signal.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .map((signal) => Number(signal.eventId)),
        ),
      `case ${caseNumber}: a workflow task completed after the resume`,
    );
    const replay = await replayOf(history, caseNumber);
    return { caseNumber, answer, replay, handle, history };
  }

  it('without the guard, the worker answers from the unfinished task and the history no longer replays', async () => {
    const { answer, replay, history } = await queryDuringAnUnfinishedTask(false);
    keep(history, 'stuck-histories/query-answered-from-unfinished-task.json');
    // The hold came after the query was sent and its task had not finished: the worker applied it to answer.
    expect(answer).not.toBeInstanceOf(Error);
    expect((answer as CaseState).stage).toBe('on-hold');
    expect(replay?.name).toBe('DeterminismViolationError');
  }, 180_000);

  it('with the guard, that query is refused, the case replays and goes on', async () => {
    const { answer, replay, handle, history } = await queryDuringAnUnfinishedTask(true);
    keep(history, 'histories/query-refused-after-crash.json');
    expect(answer).toBeInstanceOf(Error);
    expect((answer as Error).message).toContain(unfinishedTaskQueryRefusal);
    expect(replay).toBeUndefined();
    // A query asked after the task is done is answered, with both messages applied.
    expect((await resumedInIdentification(handle)).hold).toBeUndefined();
  }, 180_000);

  /** The sticky queue the case's tasks go to: the one the worker that finished its last task polled. */
  function stickyQueueOf(history: temporal.api.history.v1.IHistory): string {
    const sticky = (history.events ?? [])
      .map((event) => event.workflowTaskScheduledEventAttributes?.taskQueue)
      .filter((queue) => queue?.kind === TaskQueueKind.TASK_QUEUE_KIND_STICKY)
      .at(-1)?.name;
    if (!sticky) throw new Error('the case has no workflow task on a sticky queue yet');
    return sticky;
  }

  /** What a worker about to die does: takes the next task from its sticky queue and never answers it. */
  const takeFromStickyQueue = (stickyQueue: string) =>
    stack.client.connection.withDeadline(Date.now() + 30_000, () =>
      stack.client.workflowService.pollWorkflowTaskQueue({
        namespace: 'default',
        taskQueue: { name: stickyQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName: stack.taskQueue },
        identity: 'worker-about-to-die',
      }),
    );

  it('with the guard, a query on a task the dead worker had started is refused, and the case replays', async () => {
    stack.environment.WORKER_STICKY_QUEUE_TIMEOUT_SECONDS = String(startedTaskStickySeconds);
    stack.environment.WORKER_GUARD_UNFINISHED_TASKS = 'true';
    await stack.worker.kill('SIGKILL');
    await stack.worker.start();
    const caseNumber = await registerWaitingCase();
    const handle = stack.client.workflow.getHandle(workflowIdFor(caseNumber));
    const stickyQueue = stickyQueueOf(await handle.fetchHistory());
    // The worker that ran the case dies; the stand-in polls its sticky queue, and a new worker starts.
    await stack.worker.kill('SIGKILL');
    await stack.worker.start();
    const queryTaken = takeFromStickyQueue(stickyQueue);
    await sleep(500);
    const asked = handle.query(caseStateQuery).then(
      (state: CaseState) => state,
      (error: unknown) => error as Error,
    );
    expect((await queryTaken).query?.queryType).toBe(caseStateQuery.name);
    await hold(handle);
    const taskTaken = await takeFromStickyQueue(stickyQueue);
    const takenAt = Date.now();
    expect(taskTaken.query).toBeFalsy();
    expect(Number(taskTaken.startedEventId)).toBeGreaterThan(0);
    const answer = await asked;
    say(
      `answer ${Date.now() - takenAt} ms after the task was taken: ${answer instanceof Error ? answer.message : answer.stage}`,
    );
    // The resume must come while the taken task is still open, or there is nothing to show.
    expect(Date.now() - takenAt).toBeLessThan(taskTimeoutMs - 1000);
    await resume(handle);
    const history = await historyOnceATaskCompletedAfter(
      handle,
      () => Number(taskTaken.startedEventId),
      `case ${caseNumber}: a workflow task completed after the one the stand-in took`,
    );
    const replay = await replayOf(history, caseNumber);
    expect(answer).toBeInstanceOf(Error);
    expect((answer as Error).message).toContain(unfinishedTaskQueryRefusal);
    expect(replay).toBeUndefined();
    keep(history, 'histories/query-refused-on-started-task.json');
    expect((await resumedInIdentification(handle)).hold).toBeUndefined();
  }, 180_000);

  it('a query to a new worker about a case another worker finished every task of is answered', async () => {
    const caseNumber = await registerWaitingCase();
    const handle = stack.client.workflow.getHandle(workflowIdFor(caseNumber));
    await stack.worker.kill('SIGKILL');
    await stack.worker.start();
    const state = await handle.query(caseStateQuery);
    expect(state.stage).toBe('identification');
  }, 120_000);
});
