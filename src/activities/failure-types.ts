/**
 * The failure types activities throw where retrying cannot help; the workflow's retry policies name them as
 * non-retryable. Plain strings: the workflow bundle imports this file.
 */
export const failureTypes = {
  /** A partner refused the call for good (4xx, invalid data). */
  partnerRejection: 'PartnerRejection',
  /** The registry holds a different event under a sequence the case sent. */
  auditConflict: 'AuditConflict',
  /** The case sent an audit sequence that is not a non-negative integer. */
  invalidAuditSequence: 'InvalidAuditSequence',
} as const;
