/**
 * Drives cases through a production-style stack while faults are injected (the worker and the API killed with
 * SIGKILL, the Temporal server, or one of its services, killed and started again on the same data, the mail server
 * and the partners cut off), then checks what must hold afterwards: every case ends as expected, every history replays with today's
 * workflow bundle, every case answers its query, nothing was mailed, booked or ordered twice, and every audit trail
 * verifies. Shared by the fault-injection suite (test/e2e/faults.test.ts) and the soak (bench/chaos.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { msToNumber } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { demoBatch, runDemo, type DemoCase, type DemoResult } from '../../scripts/demo-batch';
import type { CaseState } from '../../src/domain/case';
import { workflowIdFor } from '../../src/domain/case-number';
import { auditTrail } from '../../src/registry/audit';
import { exportTrail, verifyTrail } from '../../src/registry/audit-export';
import { openPostgres } from '../../src/registry/db';
import { dataConverterFor } from '../../src/temporal/connection';
import { auditOptions } from '../../src/workflows/case/activities';
import { caseStateQuery } from '../../src/workflows/messages';
import type { CaughtMail } from '../../src/simulator/mail-catcher';
import type { ProductionStack } from './production-stack';
import { seededRandom } from './seeded-random';
import { testConfig, testKeys } from './stack';

export interface FaultPlan {
  seed: number;
  /** SIGKILLs of the worker: half at a random moment, half right after a person's message reached a case. */
  workerKills: number;
  apiKills: number;
  /** The Temporal server killed and started again on the same data after `serverDownMs`. */
  serverRestarts: number;
  serverDownMs: number;
  /** With the Temporal services apart: the history service, and the frontend, killed and restarted after serverDownMs. */
  historyKills?: number;
  frontendKills?: number;
  /** PostgreSQL stopped as by a crash and started again after `serverDownMs`. */
  postgresRestarts?: number;
  /** With more than one worker: this many of them (the last ones) killed with SIGKILL and never started again. */
  workerKillsForGood?: number;
  /** The worker cut off from the Temporal server once for this long (needs the stack's `workerLink`; 0: never). */
  workerCutOffMs?: number;
  /** SMTP and the partners cut off once each for this long (0: never). */
  mailOutageMs: number;
  partnerOutageMs: number;
  /** The registry's audit trail locked by another session once for this long, as a registry slow to write (0: never). */
  registryStallMs: number;
  /** Pause between two faults, drawn between these bounds. */
  gapMs: [number, number];
  /**
   * An operator opening a case in the Temporal UI, which queries it (`__temporal_workflow_metadata`), at a random
   * case that has had a person's message, once every so often (drawn between these bounds) while the run lasts.
   */
  operatorQueryGapMs?: [number, number];
}

export interface FaultRecord {
  at: number;
  kind:
    | 'worker-kill'
    | 'worker-kill-on-message'
    | 'worker-kill-for-good'
    | 'api-kill'
    | 'server-restart'
    | 'history-kill'
    | 'frontend-kill'
    | 'postgres-restart'
    | 'worker-cut-off'
    | 'mail-outage'
    | 'partner-outage'
    | 'registry-stall';
  detail?: string;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** The demo batch, `copies` times over: every lifecycle the demo knows, under faults. */
export function batchOf(copies: number): DemoCase[] {
  return Array.from({ length: copies }, () => demoBatch).flat();
}

export async function driveWithFaults(
  stack: ProductionStack,
  options: {
    batch: DemoCase[];
    plan: FaultPlan;
    runId: string;
    say: (line: string) => void;
    concurrency?: number;
    timeoutMs?: number;
  },
): Promise<{
  results: DemoResult[];
  faults: FaultRecord[];
  operatorQueries: number;
  seconds: number;
  /** When the drive began (epoch ms): each fault's `at` counts from it. */
  startedAt: number;
}> {
  const { plan, say } = options;
  const random = seededRandom(plan.seed);
  const between = ([low, high]: [number, number]) => low + Math.floor(random() * (high - low));
  const started = Date.now();
  const faults: FaultRecord[] = [];
  const note = (kind: FaultRecord['kind'], detail?: string) => {
    faults.push({ at: Date.now() - started, kind, ...(detail ? { detail } : {}) });
    say(
      `fault ${faults.length}: ${kind}${detail ? ` (${detail})` : ''} at ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  };

  const plannedKinds: FaultRecord['kind'][] = [
    ...Array.from({ length: plan.workerKills }, (_, index) =>
      index % 2 === 0 ? ('worker-kill' as const) : ('worker-kill-on-message' as const),
    ),
    ...Array.from({ length: plan.workerKillsForGood ?? 0 }, () => 'worker-kill-for-good' as const),
    ...Array.from({ length: plan.apiKills }, () => 'api-kill' as const),
    ...Array.from({ length: plan.serverRestarts }, () => 'server-restart' as const),
    ...Array.from({ length: plan.historyKills ?? 0 }, () => 'history-kill' as const),
    ...Array.from({ length: plan.frontendKills ?? 0 }, () => 'frontend-kill' as const),
    ...Array.from({ length: plan.postgresRestarts ?? 0 }, () => 'postgres-restart' as const),
    ...(plan.mailOutageMs > 0 ? ['mail-outage' as const] : []),
    ...(plan.partnerOutageMs > 0 ? ['partner-outage' as const] : []),
    ...(plan.registryStallMs > 0 ? ['registry-stall' as const] : []),
    ...((plan.workerCutOffMs ?? 0) > 0 ? ['worker-cut-off' as const] : []),
  ];
  for (let index = plannedKinds.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [plannedKinds[index], plannedKinds[other]] = [plannedKinds[other]!, plannedKinds[index]!];
  }

  let armed: ((route: string) => void) | undefined;
  let driving = true;
  const restartWorker = async (detail: string, kind: FaultRecord['kind']) => {
    if (!stack.worker.running) return;
    await stack.worker.kill('SIGKILL');
    note(kind, detail);
    await sleep(between([1000, 3000]));
    await stack.worker.start();
  };
  const outages: Promise<void>[] = [];
  const outage = (link: ProductionStack['mailLink'], ms: number) =>
    (async () => {
      link.cut();
      await sleep(ms);
      link.restore();
    })();

  const injecting = (async () => {
    for (const kind of plannedKinds) {
      await sleep(between(plan.gapMs));
      if (!driving) return;
      switch (kind) {
        case 'worker-kill':
          await restartWorker('at a random moment', kind);
          break;
        case 'worker-kill-on-message': {
          const delay = between([0, 400]);
          const route = await Promise.race([
            new Promise<string>((done) => (armed = done)),
            sleep(60_000).then(() => 'no message within a minute'),
          ]);
          armed = undefined;
          await sleep(delay);
          await restartWorker(`${delay} ms after ${route}`, kind);
          break;
        }
        case 'worker-kill-for-good': {
          // The first worker always stays: a fault test restarts it, and the cases need one.
          const doomed = stack.workers
            .slice(1)
            .reverse()
            .find((worker) => worker.running);
          if (!doomed) break;
          const pid = doomed.pid;
          await doomed.kill('SIGKILL');
          note(kind, `pid ${pid}`);
          break;
        }
        case 'api-kill':
          await stack.api.kill('SIGKILL');
          note(kind);
          await sleep(between([500, 2000]));
          await stack.api.start();
          break;
        case 'server-restart':
          if (!stack.temporal) break;
          await stack.temporal.kill('SIGKILL');
          note(kind, `down ${plan.serverDownMs} ms`);
          await sleep(plan.serverDownMs);
          await stack.temporal.start();
          break;
        case 'history-kill':
        case 'frontend-kill': {
          const service = stack.temporalCluster?.services[kind === 'history-kill' ? 'history' : 'frontend'];
          if (!service) break;
          await service.kill('SIGKILL');
          note(kind, `down ${plan.serverDownMs} ms`);
          await sleep(plan.serverDownMs);
          await service.start();
          break;
        }
        case 'worker-cut-off':
          if (!stack.workerLink) break;
          note(kind, `${plan.workerCutOffMs} ms`);
          outages.push(outage(stack.workerLink, plan.workerCutOffMs!));
          break;
        case 'postgres-restart':
          note(kind, `down ${plan.serverDownMs} ms`);
          await stack.restartPostgres(plan.serverDownMs);
          break;
        case 'mail-outage':
          note(kind, `${plan.mailOutageMs} ms`);
          outages.push(outage(stack.mailLink, plan.mailOutageMs));
          break;
        case 'partner-outage':
          note(kind, `${plan.partnerOutageMs} ms`);
          outages.push(outage(stack.partnerLink, plan.partnerOutageMs));
          break;
        case 'registry-stall':
          note(kind, `${plan.registryStallMs} ms`);
          outages.push(stallAuditTrail(stack.databaseUrl, plan.registryStallMs));
          break;
      }
    }
  })();

  const messaged: string[] = [];
  const queries: Promise<unknown>[] = [];
  // A generator of its own: the queries' timing must not shift the faults a seed gives.
  const operator = seededRandom(plan.seed + 1);
  const querying = (async () => {
    const gap = plan.operatorQueryGapMs;
    if (!gap) return;
    while (driving) {
      await sleep(gap[0] + Math.floor(operator() * (gap[1] - gap[0])));
      const caseNumber = messaged[Math.floor(operator() * messaged.length)];
      if (!caseNumber || !driving) continue;
      // As the UI does, and as it does whatever state the worker or the server are in: an error is the UI's banner.
      queries.push(
        stack.client.workflow
          .getHandle(workflowIdFor(caseNumber))
          .query('__temporal_workflow_metadata')
          .catch(() => undefined),
      );
    }
  })();

  const results = await runDemo({
    apiUrl: stack.apiUrl,
    simulatorUrl: stack.simulatorUrl,
    coordinatorKey: testKeys.coordinator.key,
    reviewerKey: testKeys.reviewer.key,
    runId: options.runId,
    say,
    pollMs: 300,
    timeoutMs: options.timeoutMs ?? 300_000,
    batch: options.batch,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    afterMessage: (caseNumber, route) => {
      if (!messaged.includes(caseNumber)) messaged.push(caseNumber);
      armed?.(`${route} to ${caseNumber}`);
    },
  }).finally(() => {
    driving = false;
    armed?.('the end of the run');
  });
  await injecting;
  await querying;
  await Promise.all([...outages, ...queries]);
  if (!stack.worker.running) await stack.worker.start();
  if (!stack.api.running) await stack.api.start();
  return {
    results,
    faults,
    operatorQueries: queries.length,
    seconds: (Date.now() - started) / 1000,
    startedAt: started,
  };
}

/** Holds a lock on the audit trail from another session: every append waits, as on a registry slow to write. */
async function stallAuditTrail(databaseUrl: string, ms: number): Promise<void> {
  const db = await openPostgres(databaseUrl);
  try {
    await db.transaction(async (tx) => {
      await tx.query('LOCK TABLE audit_entries IN EXCLUSIVE MODE');
      await sleep(ms);
    });
  } finally {
    await db.close();
  }
}

export interface CaseCheck {
  /** One line per broken promise; empty when everything held. */
  problems: string[];
  runs: number;
  replayed: number;
  replayFailures: string[];
  /** Deliveries repeated under one Message-ID (mail clients show them once). */
  duplicateEmails: number;
  repeatedDeliveries: string[];
  /** The first delivery of each message delivered more than once (its Date header: whole seconds). */
  repeatedFirstDeliveries: Date[];
  duplicateBookings: number;
  duplicateLabOrders: number;
  auditTrailsVerified: number;
  /** Every run of every case. */
  histories: RunHistory[];
  /** Histories with a workflow task that timed out or failed: the ones a crash shaped. */
  faultedHistories: Array<{ workflowId: string; runId: string; history: temporal.api.history.v1.IHistory }>;
  /** Per case, the history events across its runs. */
  eventsPerCase: number[];
  /** Workflow tasks completed, by the identity (`<pid>@<host>`) of the worker that completed them. */
  workflowTasksBy: Record<string, number>;
  /** Activities that took more than one attempt, and what ended the one before (a timeout: a task or result lost). */
  retriedActivities: string[];
}

const { EventType, TimeoutType: EventTimeout } = temporal.api.enums.v1;
const has = (history: temporal.api.history.v1.IHistory, types: temporal.api.enums.v1.EventType[]) =>
  (history.events ?? []).some((event) => types.includes(event.eventType as temporal.api.enums.v1.EventType));

/** A closed case's last audit batch: one attempt a fault lost (start-to-close), its first retry, and a few seconds. */
export const auditCatchUpMs =
  msToNumber(auditOptions.startToCloseTimeout) + msToNumber(auditOptions.retry.initialInterval) + 10_000;

/**
 * Resolves once the workflow of every case the drive saw closed has completed, or rejects after `withinMs`: a closed
 * case completes only once its audit trail has caught up, which can take an audit attempt a fault lost (its
 * start-to-close timeout) after the case's view already says closed. Read before then, its trail looks short.
 */
export async function untilClosedCasesComplete(
  stack: ProductionStack,
  results: DemoResult[],
  withinMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = results.filter((result) => result.stage === 'closed');
  try {
    await Promise.race([
      Promise.all(closed.map((result) => stack.client.workflow.getHandle(workflowIdFor(result.caseNumber)).result())),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`closed cases still running after ${withinMs} ms`)), withinMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export type RunHistory = { workflowId: string; runId: string; history: temporal.api.history.v1.IHistory };

/** Replays histories with a workflow bundle: how many it replayed, and a line per one that failed (kept for reading). */
export async function replayWith(
  bundlePath: string,
  histories: RunHistory[],
  keepIn?: string,
): Promise<{ replayed: number; failures: string[] }> {
  const failures: string[] = [];
  let replayed = 0;
  const replaying = Worker.runReplayHistories(
    { workflowBundle: { codePath: bundlePath }, dataConverter: dataConverterFor(testConfig()) },
    histories.map(({ workflowId, history }) => ({ workflowId, history })),
  );
  for await (const replay of replaying) {
    replayed += 1;
    if (!replay.error) continue;
    const message = /\[TMPRL\d+\][^"\n]*/.exec(replay.error.message)?.[0] ?? replay.error.message.split('\n')[0]!;
    failures.push(`${replay.workflowId}: ${message}`);
    if (!keepIn) continue;
    // Kept for reading after the run: the stack's own directory goes when it stops.
    mkdirSync(keepIn, { recursive: true });
    const failed = histories.find((candidate) => candidate.workflowId === replay.workflowId)!;
    writeFileSync(join(keepIn, `${replay.workflowId}.json`), JSON.stringify(failed.history));
  }
  return { replayed, failures };
}

/**
 * Replays every run of every case (with the stack's workflow bundle, or `replayBundlePath`: the build a rolling
 * upgrade ended on), queries every case, and counts duplicates and broken audit trails.
 */
export async function checkCases(
  stack: ProductionStack,
  results: DemoResult[],
  replayBundlePath = stack.workflowBundlePath,
): Promise<CaseCheck> {
  const problems: string[] = [];
  for (const result of results)
    if (!result.ok)
      problems.push(
        `${result.caseNumber} (${result.group}) ended ${result.stage}/${result.outcome ?? '-'}, expected ${result.expected.stage}/${result.expected.outcome}`,
      );

  const histories: RunHistory[] = [];
  const cases = new Set(results.map((result) => workflowIdFor(result.caseNumber)));
  for await (const execution of stack.client.workflow.list({ query: `WorkflowType = 'reunificationCase'` })) {
    if (!cases.has(execution.workflowId)) continue;
    const history = await stack.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    histories.push({ workflowId: execution.workflowId, runId: execution.runId, history });
  }
  const eventsByCase = new Map<string, number>();
  for (const { workflowId, history } of histories)
    eventsByCase.set(workflowId, (eventsByCase.get(workflowId) ?? 0) + (history.events?.length ?? 0));
  for (const workflowId of cases) if (!eventsByCase.has(workflowId)) problems.push(`${workflowId}: no run listed`);

  const { replayed, failures } = await replayWith(replayBundlePath, histories, join(stack.dataDir, 'failed-replays'));
  problems.push(...failures.map((failure) => `does not replay: ${failure}`));

  const states = new Map<string, CaseState>();
  for (const result of results) {
    try {
      const state = await stack.client.workflow.getHandle(workflowIdFor(result.caseNumber)).query(caseStateQuery);
      states.set(result.caseNumber, state);
      if (state.stage !== result.stage)
        problems.push(`${result.caseNumber}: query says ${state.stage}, the API said ${result.stage}`);
      // A hold tells a case waiting for a person (a ladder run out while the machine was slow) from a frozen one.
      if (state.hold) problems.push(`${result.caseNumber}: on hold since ${state.hold.since}: ${state.hold.reason}`);
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message;
      problems.push(
        `${result.caseNumber}: does not answer its query: ${(error as Error).message.split('\n')[0]}${cause ? ` (${cause.split('\n')[0]})` : ''}`,
      );
    }
  }

  const byMessageId = new Map<string, CaughtMail[]>();
  for (const mail of stack.partners.mailCatcher?.messages ?? [])
    if (mail.messageId) byMessageId.set(mail.messageId, [...(byMessageId.get(mail.messageId) ?? []), mail]);
  // A message's Message-ID is derived from its case and step (src/notifications/smtp-notifier.ts), so two messages
  // for one step would carry one ID. The same ID delivered again is the send a worker repeated after dying between
  // the SMTP server's acceptance and the registry's note of it: mail clients show it once. Those are counted and
  // reported (repeatedDeliveries), not counted as a second email to a person.
  let duplicateEmails = 0;
  const repeatedDeliveries: string[] = [];
  const repeatedFirstDeliveries: Date[] = [];
  for (const copies of byMessageId.values()) {
    if (copies.length < 2) continue;
    duplicateEmails += copies.length - 1;
    const first = copies[0]!;
    repeatedFirstDeliveries.push(new Date(first.date ?? 0));
    repeatedDeliveries.push(
      `${first.caseNumber}: the ${first.kind} was delivered ${copies.length} times under one Message-ID (${copies.map((copy) => copy.date).join(', ')})`,
    );
  }

  const ledger = stack.partners.simulator!.ledger;
  let duplicateBookings = 0;
  let duplicateLabOrders = 0;
  for (const [caseNumber, state] of states) {
    const held = (kind: 'transit' | 'travel-documents') => state.bookings.filter((b) => b.kind === kind).length;
    const booked = ledger.bookings.filter((booking) => booking.caseNumber === caseNumber).length;
    const applied = ledger.travelDocuments.filter((application) => application.caseNumber === caseNumber).length;
    const ordered = ledger.labOrders.filter((order) => order.caseNumber === caseNumber).length;
    duplicateBookings += Math.max(0, booked - held('transit')) + Math.max(0, applied - held('travel-documents'));
    duplicateLabOrders += Math.max(0, ordered - state.dna.samples.length);
    if (booked !== held('transit') || applied !== held('travel-documents') || ordered !== state.dna.samples.length)
      problems.push(
        `${caseNumber}: partners hold ${booked} bookings, ${applied} applications, ${ordered} lab orders; the case knows ${held('transit')}, ${held('travel-documents')}, ${state.dna.samples.length}`,
      );
    const active = state.bookings.filter((booking) => booking.status === 'active');
    // A case still open keeps its bookings until it ends; one closed without a reunion must have cancelled them.
    if (state.stage === 'closed' && state.outcome !== 'reunited' && active.length > 0)
      problems.push(`${caseNumber}: closed ${state.outcome} with ${active.length} bookings still active`);
  }

  let auditTrailsVerified = 0;
  const db = await openPostgres(stack.databaseUrl);
  try {
    for (const [caseNumber, state] of states) {
      const entries = await auditTrail(db, caseNumber);
      const { ok, findings } = verifyTrail(exportTrail(caseNumber, entries));
      const sequences = new Set(entries.filter((entry) => entry.source === 'workflow').map((entry) => entry.sequence));
      const missing = state.events.map((_, sequence) => sequence).filter((sequence) => !sequences.has(sequence));
      if (!ok)
        problems.push(`${caseNumber}: audit trail does not verify: ${findings.map((f) => f.message).join('; ')}`);
      else if (missing.length > 0) problems.push(`${caseNumber}: audit trail lacks events ${missing.join(', ')}`);
      else auditTrailsVerified += 1;
      const conflicts = entries.filter((entry) => entry.event.type === 'audit-conflict').length;
      if (conflicts > 0) problems.push(`${caseNumber}: ${conflicts} audit conflicts`);
    }
  } finally {
    await db.close();
  }

  const workflowTasksBy: Record<string, number> = {};
  for (const { history } of histories)
    for (const event of history.events ?? []) {
      const identity = event.workflowTaskCompletedEventAttributes?.identity;
      if (identity) workflowTasksBy[identity] = (workflowTasksBy[identity] ?? 0) + 1;
    }
  // A retried attempt leaves no event of its own: the started event of the attempt that counted says what came before.
  const retriedActivities = histories.flatMap(({ workflowId, history }) => {
    const events = history.events ?? [];
    return events
      .filter((event) => (event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1)
      .map((event) => {
        const attributes = event.activityTaskStartedEventAttributes!;
        const scheduled = events.find((one) => String(one.eventId) === String(attributes.scheduledEventId));
        const type = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity';
        const failure = attributes.lastFailure;
        const timeout = failure?.timeoutFailureInfo?.timeoutType;
        const cause = timeout ? `${EventTimeout[timeout]} timeout` : (failure?.message ?? '').slice(0, 80);
        return `${workflowId}: ${type} attempt ${attributes.attempt} after ${cause}`;
      });
  });
  const faultedHistories = histories.filter(({ history }) =>
    has(history, [EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED]),
  );
  // Kept for reading after the run (the stack's directory stays): every run of a case a problem names.
  const named = results.filter((result) => problems.some((problem) => problem.startsWith(result.caseNumber)));
  if (named.length > 0) {
    for (const result of named)
      problems.push(
        `${result.caseNumber} stands: ${await whereItStands(stack, histories, workflowIdFor(result.caseNumber))}`,
      );
    const keep = join(stack.dataDir, 'problem-cases');
    mkdirSync(keep, { recursive: true });
    for (const { workflowId, runId, history } of histories)
      if (named.some((result) => workflowIdFor(result.caseNumber) === workflowId))
        writeFileSync(join(keep, `${workflowId}-${runId.slice(0, 8)}.json`), JSON.stringify(history));
  }
  return {
    problems,
    runs: histories.length,
    replayed,
    replayFailures: failures,
    histories,
    duplicateEmails,
    repeatedDeliveries,
    repeatedFirstDeliveries,
    duplicateBookings,
    duplicateLabOrders,
    auditTrailsVerified,
    faultedHistories,
    eventsPerCase: [...eventsByCase.values()],
    retriedActivities,
    workflowTasksBy,
  };
}

/**
 * Where a case a problem names stands, for the reader of a failed run: its pending workflow task (attempt, state)
 * and activities, and its history's last events with the worker of each task.
 */
async function whereItStands(stack: ProductionStack, histories: RunHistory[], workflowId: string): Promise<string> {
  const run = histories.filter((one) => one.workflowId === workflowId).at(-1);
  const tail = (run?.history.events ?? []).slice(-12).map((event) => {
    const type = EventType[event.eventType ?? 0]?.replace('EVENT_TYPE_', '') ?? String(event.eventType);
    const identity =
      event.workflowTaskStartedEventAttributes?.identity ?? event.workflowTaskCompletedEventAttributes?.identity;
    const at = event.eventTime?.seconds
      ? new Date(Number(event.eventTime.seconds) * 1000).toISOString().slice(11, 19)
      : '';
    return `${event.eventId} ${type}${identity ? ` by ${identity}` : ''} ${at}`;
  });
  try {
    const described = await stack.client.workflow.getHandle(workflowId).describe();
    const { pendingWorkflowTask, pendingActivities } = described.raw;
    const task = pendingWorkflowTask
      ? `workflow task ${temporal.api.enums.v1.PendingWorkflowTaskState[pendingWorkflowTask.state ?? 0]} attempt ${pendingWorkflowTask.attempt}`
      : 'no workflow task pending';
    const activities = (pendingActivities ?? [])
      .map(
        (activity) =>
          `${activity.activityType?.name} ${temporal.api.enums.v1.PendingActivityState[activity.state ?? 0]} attempt ${activity.attempt}`,
      )
      .join(', ');
    return `${described.status.name}, ${task}${activities ? `, activities: ${activities}` : ''}; last events: ${tail.join(' | ')}`;
  } catch (error) {
    return `not described (${(error as Error).message.split('\n')[0]}); last events: ${tail.join(' | ')}`;
  }
}

/** Whether a history holds a person's message: a crash with one in flight is what the fixtures keep. */
export const hasMessage = (history: temporal.api.history.v1.IHistory) =>
  has(history, [
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  ]);

/** Keeps histories shaped by crashes as replay fixtures (test/fixtures/histories), named by what happened. */
export function keepFixtures(check: CaseCheck, dir: string, prefix: string, limit: number): string[] {
  mkdirSync(dir, { recursive: true });
  const kept: string[] = [];
  for (const { workflowId, runId, history } of check.faultedHistories.filter((h) => hasMessage(h.history))) {
    if (kept.length >= limit) break;
    const file = `${prefix}-${kept.length + 1}.json`;
    writeFileSync(join(dir, file), JSON.stringify(history));
    kept.push(`${file} (${workflowId} ${runId.slice(0, 8)})`);
  }
  return kept;
}
