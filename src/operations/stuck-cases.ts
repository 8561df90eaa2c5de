/**
 * Finding and recovering cases whose history no longer replays with the workflow code the worker runs (a
 * nondeterminism error, `[TMPRL1100]`): such a case answers no query and, once evicted from the worker's cache,
 * cannot move. Each run is replayed with the current bundle; a run that fails is reset to the last workflow task
 * completed before the first event that does not replay, so the code re-runs that task and goes on. Signals and
 * updates that arrived after that point are reapplied by the server; activities the reset repeats are idempotent
 * per (case, step) at every partner and in the mail, and audit appends are idempotent per sequence.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import Long from 'long';
import { reunificationCase } from '../workflows';

export interface StuckRun {
  workflowId: string;
  runId: string;
  status: string;
  /** The first line of the replay error. */
  error: string;
  /** The event the error names, when it names one. */
  failingEventId?: number;
  /** The WorkflowTaskCompleted event to reset to; undefined when the history has none before the failing event. */
  resetTo?: number;
}

const { EventType } = temporal.api.enums.v1;

/** The last workflow task completed before the event that does not replay. */
export function resetPointFor(history: temporal.api.history.v1.IHistory, failingEventId: number): number | undefined {
  let point: number | undefined;
  for (const event of history.events ?? []) {
    const id = Number(event.eventId);
    if (id >= failingEventId) break;
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) point = id;
  }
  return point;
}

/**
 * The event ID a replay error names: a nondeterminism error's `HistoryEvent(id: 145, …)`, or the
 * `EventInfo { event_id: 23, … }` of a state machine that refuses an event ("Fatal error in workflow machines").
 */
export function failingEventOf(message: string): number | undefined {
  const match = /HistoryEvent\(id: (\d+)/.exec(message) ?? /EventInfo \{ event_id: (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** The line of a replay error an operator reads: the nondeterminism code, or the state machine's refusal. */
export function replayErrorSummary(message: string): string {
  return (
    /\[TMPRL\d+\][^\n]*/.exec(message)?.[0] ??
    /Fatal error in workflow machines: [^"\\]*/.exec(message)?.[0] ??
    message.split('\n')[0]!
  );
}

/** Replays every listed run of the case workflow and returns those that fail. */
export async function findStuckRuns(options: {
  client: Client;
  workflowBundlePath: string;
  dataConverter: DataConverter;
  /** A visibility query; by default every case that is still running. */
  query?: string;
  progress?: (checked: number) => void;
}): Promise<StuckRun[]> {
  const { client } = options;
  const query = options.query ?? `WorkflowType = '${reunificationCase.name}' AND ExecutionStatus = 'Running'`;
  const runs: Array<{ workflowId: string; runId: string; status: string }> = [];
  for await (const execution of client.workflow.list({ query }))
    runs.push({ workflowId: execution.workflowId, runId: execution.runId, status: execution.status.name });
  const histories = new Map<string, temporal.api.history.v1.IHistory>();
  async function* load() {
    for (const run of runs) {
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      histories.set(`${run.workflowId}/${run.runId}`, history);
      yield { workflowId: `${run.workflowId}/${run.runId}`, history };
    }
  }
  const stuck: StuckRun[] = [];
  let checked = 0;
  const replays = Worker.runReplayHistories(
    { workflowBundle: { codePath: options.workflowBundlePath }, dataConverter: options.dataConverter },
    load(),
  );
  for await (const replay of replays) {
    checked += 1;
    options.progress?.(checked);
    if (!replay.error) continue;
    const [workflowId, runId] = replay.workflowId.split('/') as [string, string];
    const run = runs.find((candidate) => candidate.runId === runId)!;
    const message = replay.error.message;
    const failingEventId = failingEventOf(message);
    const history = histories.get(replay.workflowId)!;
    const resetTo = failingEventId !== undefined ? resetPointFor(history, failingEventId) : undefined;
    stuck.push({
      workflowId,
      runId,
      status: run.status,
      error: replayErrorSummary(message),
      ...(failingEventId !== undefined ? { failingEventId } : {}),
      ...(resetTo !== undefined ? { resetTo } : {}),
    });
  }
  return stuck;
}

/** Resets a stuck run to its reset point; the new run's ID is returned. */
export async function resetStuckRun(client: Client, run: StuckRun, reason: string): Promise<string> {
  if (run.resetTo === undefined) throw new Error(`${run.workflowId} has no completed workflow task to reset to`);
  const request: temporal.api.workflowservice.v1.IResetWorkflowExecutionRequest = {
    namespace: client.options.namespace,
    workflowExecution: { workflowId: run.workflowId, runId: run.runId },
    reason,
    workflowTaskFinishEventId: Long.fromNumber(run.resetTo),
    requestId: randomUUID(),
  };
  const response: temporal.api.workflowservice.v1.IResetWorkflowExecutionResponse =
    await client.workflowService.resetWorkflowExecution(request);
  return response.runId ?? '';
}
