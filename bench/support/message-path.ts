/**
 * Where a person's message spends its time on the way to the next stage, read from the case's history after the
 * reaction was measured: the server stamps each event, and the benchmark's clock is the same machine's.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Reaction } from './cases';
import { runsNewestFirst } from './history';
import { distribution, ms, table, type Distribution } from './measure';

/** One message's reaction, as the benchmark timed it (wall-clock milliseconds). */
export interface TimedReaction extends Reaction {
  caseNumber: string;
  sentAt: number;
}

export const reactionTimes = (reactions: TimedReaction[]) => reactions.map((reaction) => reaction.ms);

/** The legs, in order; they add up to the reaction. */
export const messageLegs = {
  toServer: 'request → signal recorded (API, route, signal)',
  toWorker: 'task scheduled → a worker takes it',
  workerTask: 'task taken → completed (history, replay, code)',
  toView: 'task completed → view published (the audit batch; a new run where one begins)',
  toAnswer: 'view published → the request answered (notice, read, page)',
  toRead: 'request answered → a read shows the stage',
} as const;

export type MessageLeg = keyof typeof messageLegs;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType } = temporal.api.enums.v1;

const timeOf = (event: HistoryEvent) =>
  Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6);

/** The events of the runs since the message: the run it reached, then any that came after it. */
async function eventsSince(client: Client, caseNumber: string, since: number): Promise<HistoryEvent[]> {
  const runs: HistoryEvent[][] = [];
  for await (const history of runsNewestFirst(client, caseNumber)) {
    const events = history.events ?? [];
    runs.unshift(events);
    if (!events[0] || timeOf(events[0]) <= since) break;
  }
  return runs.flat();
}

interface ReactionLegs {
  legs: Record<MessageLeg, number>;
  /** The message's workflow task went to the worker's own (sticky) queue, not the task queue every worker polls. */
  sticky: boolean;
  /** Events in the run before the message: what a worker that does not hold the case replays. */
  eventsBefore: number;
}

/** The legs of one reaction, or undefined where its history does not show them (a message that met a retry). */
async function legsOf(client: Client, reaction: TimedReaction): Promise<ReactionLegs | undefined> {
  const events = await eventsSince(client, reaction.caseNumber, reaction.sentAt);
  const after = (from: number, type: temporal.api.enums.v1.EventType) =>
    events.findIndex((event, index) => index > from && event.eventType === type);
  const signal = events.findIndex(
    (event) =>
      event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED && timeOf(event) >= reaction.sentAt - 5,
  );
  const scheduled = after(signal - 1, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
  const started = after(signal, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
  const completed = after(started, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  // The audit batch publishes the view: its completion is the view written.
  const activityOf = new Map(
    events.map((event) => [String(event.eventId), event.activityTaskScheduledEventAttributes?.activityType?.name]),
  );
  const viewWritten = events.findIndex(
    (event, index) =>
      index > completed &&
      activityOf.get(String(event.activityTaskCompletedEventAttributes?.scheduledEventId)) === 'recordCaseEvents',
  );
  if ([signal, scheduled, started, completed, viewWritten].some((index) => index < 0)) return undefined;
  const at = (index: number) => timeOf(events[index]!);
  const queueKind = events[scheduled]!.workflowTaskScheduledEventAttributes?.taskQueue?.kind;
  return {
    legs: {
      toServer: at(signal) - reaction.sentAt,
      toWorker: at(started) - at(signal),
      workerTask: at(completed) - at(started),
      toView: at(viewWritten) - at(completed),
      toAnswer: reaction.sentAt + reaction.answeredMs - at(viewWritten),
      toRead: reaction.ms - reaction.answeredMs,
    },
    sticky: queueKind === temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY,
    // The events begin with the run the message reached.
    eventsBefore: signal,
  };
}

export interface MessagePath {
  /** Histories that showed every leg. */
  read: number;
  legs: Record<MessageLeg, Distribution>;
  /** Reads of the case after the answer until one showed the stage. */
  readsAfterAnswer: Distribution;
  /** Of the histories read, messages whose workflow task went to the worker's own queue. */
  stickyTasks: number;
  /** Events in the run each message reached, before it. */
  eventsBefore: Distribution;
}

/** Each leg's distribution over the reactions whose histories show every leg. */
export async function messagePath(client: Client, reactions: TimedReaction[]): Promise<MessagePath> {
  const samples = Object.fromEntries(Object.keys(messageLegs).map((leg) => [leg, [] as number[]])) as Record<
    MessageLeg,
    number[]
  >;
  let read = 0;
  let stickyTasks = 0;
  const eventsBefore: number[] = [];
  for (const reaction of reactions) {
    const found = await legsOf(client, reaction);
    if (!found) continue;
    read += 1;
    if (found.sticky) stickyTasks += 1;
    eventsBefore.push(found.eventsBefore);
    for (const leg of Object.keys(found.legs) as MessageLeg[]) samples[leg].push(found.legs[leg]);
  }
  const legs = Object.fromEntries(
    Object.entries(samples).map(([leg, values]) => [leg, distribution(values)]),
  ) as Record<MessageLeg, Distribution>;
  return {
    read,
    legs,
    readsAfterAnswer: distribution(reactions.map((reaction) => reaction.reads)),
    stickyTasks,
    eventsBefore: distribution(eventsBefore),
  };
}

/** The legs as a table: p50, p95, p99 of each, over the reactions read. */
export function messagePathTable(path: MessagePath): string {
  return (
    `Where a consent's time went (${path.read} histories read; each leg's own percentiles, so they do not add up ` +
    `above p50)\n\n` +
    table(
      ['leg', 'p50', 'p95', 'p99', 'max'],
      (Object.keys(messageLegs) as MessageLeg[]).map((leg) => [
        messageLegs[leg],
        ms(path.legs[leg].p50),
        ms(path.legs[leg].p95),
        ms(path.legs[leg].p99),
        ms(path.legs[leg].max),
      ]),
    ) +
    `\n\nReads after the answer until the stage showed: ${path.readsAfterAnswer.p50} at p50, ${path.readsAfterAnswer.max} at most` +
    `\n\nThe message's workflow task went to the worker's own (sticky) queue for ${path.stickyTasks} of ${path.read}, ` +
    `to the task queue every worker polls for the rest` +
    `\n\nEvents in the run before the message (what a worker that does not hold the case replays): ` +
    `${path.eventsBefore.p50} at p50, ${path.eventsBefore.max} at most`
  );
}
