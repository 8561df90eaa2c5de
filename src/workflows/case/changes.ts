/**
 * Changes to the case workflow made under running cases: each behind `patched()`, so that a case running when it
 * came takes it at a point of its own and its history still replays. And the one marker a case started from this
 * version records for all of them.
 *
 * Each `patched()` records a marker and an upsert of the TemporalChangeVersion search attribute, and each upsert is
 * one more write to the server's visibility store: a new case recorded four of both in its first workflow task
 * (bench/RESULTS.md section 9). A run that begins on this version asks for `everyChangeTo2026_12` once, at its start,
 * and takes every change below without asking again. A run begun before it never records that marker: it is asked
 * only at a run's start, and a history without it at its start answers no for the whole run, so such a case takes
 * each change where its history says, as it did.
 *
 * A change added later gets its own `patched()` id, asked where it applies by a run begun before it, and a new marker
 * for runs begun after it (`changesTakenAtStart`).
 */
import { patched } from '@temporalio/workflow';

export const changes = {
  /** Search attributes are published once an activation's code has settled: one upsert per workflow task. */
  searchAttributesWhenSettled: 'search-attributes-when-settled',
  /** Messages buffered before the first task are applied once every handler is registered. */
  messagesAfterHandlers: 'case-messages-after-handlers',
  /** The audit trail is written by activities, not from inside workflow tasks. */
  auditTrailAsActivity: 'audit-trail-as-activity',
  /** The case publishes its state to the registry with each audit batch. */
  caseViews: 'case-views',
  /** A DNA sample is known to the case from the moment it is ordered. */
  sampleKnownBeforeOrder: 'sample-known-before-order',
  /** Departure may wait for the child's health summary. */
  departureWaitsForHealthSummary: 'departure-waits-for-health-summary',
  /** Once the child is handed over, the receiving clinician is told that a health summary is there. */
  healthSummaryAnnounced: 'health-summary-announced-after-handover',
  /** A stage that begins after a long history begins in a new run (domain/run-length.ts). */
  newRunBeforeStage: 'new-run-before-stage',
  /** An audit batch is taken once the workflow task's code has settled: it holds the stage the case moved to. */
  auditBatchWhenSettled: 'audit-batch-when-settled',
  /**
   * A lab result that came while the DNA stage was not running (the case on hold, or switching to a new run) is the
   * one the stage waited for: its verdict is taken when the stage runs again, where before a new sample was ordered.
   */
  resultTakenOnReturn: 'dna-result-taken-on-return',
  /**
   * A run publishes what it recorded before the case goes on in a new one: the batch the last task scheduled runs and
   * its view is published by the run that recorded it. Before, the run closed with the batch unstarted, and the view
   * a person's message moved waited for the new run's first task and batch (bench/RESULTS.md section 3). A run begun
   * with this change publishes views from its start: an answer to a message that records nothing (a refusal) is
   * published at once, where a run begun with its trail caught up waited for its first event.
   */
  auditedBeforeNewRun: 'audited-before-new-run',
} as const;

export type Change = (typeof changes)[keyof typeof changes];

/** The marker of a run begun on the first version with one marker: every change above before `newRunBeforeStage`. */
export const everyChangeTo2026_12 = 'every-change-to-2026-12';
/** The marker of a run begun on the second: every change above to `newRunBeforeStage`. */
export const everyChangeTo2026_12_02 = 'every-change-to-2026-12-02';
/** The marker of a run begun on the third: every change above to `auditBatchWhenSettled`. */
export const everyChangeTo2026_12_02b = 'every-change-to-2026-12-02-b';
/** The marker of a run begun on the fourth: every change above to `resultTakenOnReturn`. */
export const everyChangeTo2026_12_03 = 'every-change-to-2026-12-03';
/** The marker of a run begun on this version: it takes every change above. */
export const everyChangeTo2026_12_03b = 'every-change-to-2026-12-03-b';

const { newRunBeforeStage, auditBatchWhenSettled, resultTakenOnReturn, auditedBeforeNewRun, ...before2026_12_02 } =
  changes;
const takenBy2026_12: ReadonlySet<Change> = new Set(Object.values(before2026_12_02));
const takenBy2026_12_02: ReadonlySet<Change> = new Set([...takenBy2026_12, newRunBeforeStage]);
const takenBy2026_12_02b: ReadonlySet<Change> = new Set([...takenBy2026_12_02, auditBatchWhenSettled]);
const takenBy2026_12_03: ReadonlySet<Change> = new Set([...takenBy2026_12_02b, resultTakenOnReturn]);
const takenBy2026_12_03b: ReadonlySet<Change> = new Set([...takenBy2026_12_03, auditedBeforeNewRun]);

/**
 * Asked once per run, at its start (CaseRun's constructor): the changes this run takes without asking. The newest
 * marker is asked first; a run that began on an earlier version answers no to it (its history has no such marker at
 * its start) and yes to its own. A run begun before any takes none without asking.
 */
export function changesTakenAtStart(): ReadonlySet<Change> {
  if (patched(everyChangeTo2026_12_03b)) return takenBy2026_12_03b;
  if (patched(everyChangeTo2026_12_03)) return takenBy2026_12_03;
  if (patched(everyChangeTo2026_12_02b)) return takenBy2026_12_02b;
  if (patched(everyChangeTo2026_12_02)) return takenBy2026_12_02;
  if (patched(everyChangeTo2026_12)) return takenBy2026_12;
  return new Set();
}
