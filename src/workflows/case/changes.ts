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
 * A change added later gets its own `patched()` id as before, asked with `patched()` directly.
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
} as const;

export type Change = (typeof changes)[keyof typeof changes];

/** The marker of a run begun on this version: it takes every change above. */
export const everyChangeTo2026_12 = 'every-change-to-2026-12';

/** Asked once per run, at its start (CaseRun's constructor): whether this run takes every change without asking. */
export function beganWithEveryChange(): boolean {
  return patched(everyChangeTo2026_12);
}
