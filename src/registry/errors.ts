/**
 * What the registry refuses, as its own errors: it knows nothing of Temporal. Activities map them to the failures a
 * case sees (src/activities/audit.ts).
 */

/** A different event is already recorded under this (case, sequence): an audit entry is never replaced. */
export class AuditConflict extends Error {
  override name = 'AuditConflict';
  constructor(
    readonly caseNumber: string,
    readonly sequence: number,
    message: string,
  ) {
    super(message);
  }
}

/** An audit sequence that is not a non-negative integer: a defect in the caller, never worth a retry. */
export class InvalidAuditSequence extends Error {
  override name = 'InvalidAuditSequence';
}
