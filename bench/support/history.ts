/** What a case costs the Temporal server: history events and bytes over every run of its workflow. */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../src/domain/case-number';

export interface HistoryCost {
  events: number;
  /** The whole history as the server stores and sends it. */
  historyBytes: number;
  /** The encrypted payloads inside it (inputs, results, query-free state), with their metadata. */
  payloadBytes: number;
  runs: number;
  /** Search-attribute upserts: each is also a write to the server's visibility store. */
  upserts: number;
  workflowTasks: number;
  activities: number;
}

function payloadBytes(value: unknown, seen = new Set<unknown>()): number {
  if (!value || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  const candidate = value as { data?: unknown; metadata?: unknown };
  if (candidate.data instanceof Uint8Array && candidate.metadata && typeof candidate.metadata === 'object') {
    const metadata = Object.entries(candidate.metadata as Record<string, Uint8Array>).reduce(
      (sum, [key, bytes]) => sum + key.length + (bytes?.length ?? 0),
      0,
    );
    return candidate.data.length + metadata;
  }
  return Object.values(value).reduce<number>((sum, child) => sum + payloadBytes(child, seen), 0);
}

export async function historyCost(client: Client, caseNumber: string): Promise<HistoryCost> {
  const cost: HistoryCost = {
    events: 0,
    historyBytes: 0,
    payloadBytes: 0,
    runs: 0,
    upserts: 0,
    workflowTasks: 0,
    activities: 0,
  };
  const { EventType } = temporal.api.enums.v1;
  for await (const history of runsNewestFirst(client, caseNumber)) {
    cost.runs += 1;
    cost.events += history.events?.length ?? 0;
    cost.historyBytes += temporal.api.history.v1.History.encode(history).finish().length;
    cost.payloadBytes += payloadBytes(history.events);
    for (const event of history.events ?? []) {
      if (event.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) cost.upserts += 1;
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) cost.workflowTasks += 1;
      if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) cost.activities += 1;
    }
  }
  return cost;
}

/** A case's runs, newest first: each run's history, back to the case's first run. */
export async function* runsNewestFirst(
  client: Client,
  caseNumber: string,
): AsyncGenerator<temporal.api.history.v1.IHistory> {
  let runId: string | undefined;
  do {
    const history = await client.workflow.getHandle(workflowIdFor(caseNumber), runId).fetchHistory();
    yield history;
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
  } while (runId);
}
