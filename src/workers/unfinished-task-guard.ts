/**
 * Keeps a worker from holding a case in memory as of a workflow task the server never completed.
 *
 * A query the server sends on its own (a "legacy" query: an operator opening the case in the Temporal UI, the CLI)
 * carries the case's whole history as it is when a worker takes the query. After a worker dies, that history can end
 * with events the server has handed to a workflow task no worker has finished yet: a person's message, a timer that
 * fired. The Temporal core SDK (1.24.0; upstream as of 2026-12) then applies those events to the case, answers the
 * query, and keeps the case in its cache in that state. When the real task arrives with more events, the worker applies
 * only the newer ones, in an activation of their own. The commands it sends then follow a grouping of events that
 * no replay will repeat, and the case's history no longer replays (bench/findings/README.md, "operators' queries").
 *
 * The unfinished task can also be one the dying worker had started: the history then ends with that task's start,
 * exactly where an activation for a task a worker really ran ends too. What tells them apart is what follows: a task
 * this worker ran and finished is followed by its completion, recorded under this worker's identity.
 *
 * The guard notices that moment: a legacy query arrives right after an activation that was not a replay, and the
 * history event after the one that activation stopped at is not this worker's completion of a workflow task. The
 * guard then fails that query instead of answering it. A failed activation makes the core SDK drop the case from its
 * cache, so the next task replays it from the history, grouped as the server recorded it. The operator reads a
 * message asking them to try again; a query asked after the task is done is answered.
 */
import type { Client } from '@temporalio/client';
import { coresdk, temporal } from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';
import type { Logger } from 'pino';

const { EventType } = temporal.api.enums.v1;
type Activation = coresdk.workflow_activation.WorkflowActivation;
/** The core SDK's ID for the query of a task that carries nothing else (`LEGACY_QUERY_ID` in sdk-core). */
const legacyQueryId = 'legacy_query';

export const unfinishedTaskQueryRefusal =
  'Homeward did not answer this query: the worker held the case as of a workflow task the Temporal server has not ' +
  'completed (after a worker stopped), and answering would have kept it so. The worker has dropped the case from ' +
  'its memory and will replay it from the history. Ask again in a few seconds.';

/** How long the guard waits for the history it checks (a page is one primary-key read on the server). */
const historyReadWithinMs = 5000;

/** What a run's last activation that was not a query told the worker. */
interface LastActivation {
  live: boolean;
  historyLength: number;
  /** The history was read and shows this worker completed the workflow task the activation was for. */
  confirmed: boolean;
}

/** The part of `Worker` the guard wraps: the method that turns one activation into its completion. */
interface ActivationHandling {
  handleActivation(
    state: RunState | undefined,
    input: { activation: Activation; synthetic: boolean },
  ): Promise<{ state: RunState | undefined; output: { close: boolean; completion?: Uint8Array } }>;
}
interface RunState {
  info: { workflowId: string; namespace: string };
}

export interface UnfinishedTaskGuardOptions {
  client: Client;
  logger: Logger;
}

/**
 * Wraps the worker's handling of activations; call before `worker.run()`. Throws when the SDK no longer has the
 * method it wraps, so an upgrade cannot drop the guard silently.
 */
export function guardAgainstUnfinishedTasks(worker: Worker, { client, logger }: UnfinishedTaskGuardOptions): void {
  const handling = worker as unknown as ActivationHandling;
  if (typeof handling.handleActivation !== 'function')
    throw new Error(
      'this @temporalio/worker has no handleActivation: the guard against queries on unfinished workflow tasks ' +
        '(src/workers/unfinished-task-guard.ts) must be brought up to date before the SDK is upgraded',
    );
  const original = handling.handleActivation.bind(worker);
  const lastByRun = new Map<string, LastActivation>();

  const { identity } = worker.options;

  /** The history event `eventId`, read from the newest end of the run's history; undefined if not (yet) there. */
  const eventAt = async (state: RunState, runId: string, eventId: number) => {
    let nextPageToken: Uint8Array | undefined;
    do {
      // Bounded: while this read waits, the worker holds the case's next tasks, so a read that never ends would
      // freeze the case. A read that runs out counts as "not this worker's completion": the query is refused.
      const page = await client.connection.withDeadline(Date.now() + historyReadWithinMs, () =>
        client.workflowService.getWorkflowExecutionHistoryReverse({
          namespace: state.info.namespace,
          execution: { workflowId: state.info.workflowId, runId },
          maximumPageSize: 50,
          ...(nextPageToken ? { nextPageToken } : {}),
        }),
      );
      for (const event of page.history?.events ?? []) if (Number(event.eventId) === eventId) return event;
      const oldest = Number(page.history?.events?.at(-1)?.eventId ?? 0);
      if (oldest !== 0 && oldest < eventId) return undefined;
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return undefined;
  };

  const refuse = (activation: Activation) => ({
    state: undefined as RunState | undefined,
    output: {
      close: false,
      completion: coresdk.workflow_completion.WorkflowActivationCompletion.encodeDelimited({
        runId: activation.runId,
        failed: { failure: { message: unfinishedTaskQueryRefusal, source: 'homeward' } },
      }).finish(),
    },
  });

  handling.handleActivation = async (state, input) => {
    const { activation } = input;
    const jobs = activation.jobs ?? [];
    if (jobs.some((job) => job.removeFromCache)) {
      lastByRun.delete(activation.runId);
      return original(state, input);
    }
    const legacyQuery = jobs.some((job) => job.queryWorkflow?.queryId === legacyQueryId);
    const last = lastByRun.get(activation.runId);
    if (legacyQuery && state && last?.live && !last.confirmed) {
      let next: temporal.api.history.v1.IHistoryEvent | undefined;
      try {
        next = await eventAt(state, activation.runId, last.historyLength + 1);
      } catch (error) {
        logger.warn({ err: error, runId: activation.runId }, 'could not read the history a query came with');
      }
      const completedHere =
        next?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED &&
        next.workflowTaskCompletedEventAttributes?.identity === identity;
      if (!completedHere) {
        logger.warn(
          { runId: activation.runId, workflowId: state.info.workflowId, historyLength: last.historyLength },
          'query refused: the worker held the case as of an unfinished workflow task; the case leaves the cache',
        );
        return { ...refuse(activation), state };
      }
      last.confirmed = true;
    }
    if (!jobs.every((job) => job.queryWorkflow))
      lastByRun.set(activation.runId, {
        live: !activation.isReplaying,
        historyLength: activation.historyLength ?? 0,
        confirmed: false,
      });
    return original(state, input);
  };
}
