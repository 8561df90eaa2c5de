/**
 * Event types the workflow records and the registry counts. The weekly dashboard is recomputed from these in the
 * audit trail, so the names are a contract: the workflow emits exactly these, the dashboard counts exactly these.
 * The workflow may record other event types too (reminders, escalations, holds…); they are audited but not counted.
 */
export const countedEvents = {
  /** A case was registered. data: { from } (country where the child is now). */
  registered: 'case-registered',
  /** A reviewer signed off the child's identity. data: { to } (country of the verified family). */
  verified: 'identity-verified',
  /** Every consent the case needs was given. */
  consentGiven: 'consent-complete',
  /** Transit was booked. */
  travelScheduled: 'transit-booked',
  /** Escort and guardian both signed the handover: the return is complete. */
  returned: 'handover-confirmed',
  /** An aftercare follow-up visit was completed. */
  followUpDone: 'follow-up-completed',
  /** A dispute or best-interests review was opened / decided. */
  disputeOpened: 'dispute-opened',
  disputeDecided: 'dispute-decided',
  /** The case closed. data: { outcome } */
  closed: 'case-closed',
} as const;

export type CountedEventType = (typeof countedEvents)[keyof typeof countedEvents];
