/**
 * The idempotency key of every step a case takes outside itself: `<caseNumber>:<step>`. A retried activity, a
 * replayed workflow task or a case reset to an earlier point sends the same key again, and the partner, the mail or
 * the registry answers the first result instead of acting twice. Changing a key's shape makes running cases repeat
 * that step: these strings are a contract with every partner.
 */
import type { BookingKind, PendingAction, RegistryName } from './case';

export const idempotencyKey = (caseNumber: string, step: string): string => `${caseNumber}:${step}`;

export const steps = {
  /** The n-th reminder or escalation of one wait; a wait reopened after a hold starts again from 1. */
  waitNotice(notice: 'reminder' | 'escalation', n: number, action: Pick<PendingAction, 'id' | 'since'>): string {
    return `${notice}-${n}-${action.id.replace(/:/g, '-')}-${Date.parse(action.since)}`;
  },
  /** A consent request (reminder 0) or reminder sent by email, per round of asking and per wait. */
  consentMessage(consenteeId: string, round: number, waitStart: number, reminder: number): string {
    const message = reminder === 0 ? 'consent-request' : `consent-reminder-${reminder}`;
    return `${message}-${consenteeId}-${round}-${waitStart}`;
  },
  /** The same request or reminder given to caseworkers to deliver in person. */
  consentDelivery(consenteeId: string, round: number, waitStart: number, reminder: number): string {
    return `consent-delivery-${consenteeId}-${round}-${waitStart}-${reminder}`;
  },
  followUpTask(followUpId: string): string {
    return `follow-up-task-${followUpId}`;
  },
  cancellationByHand(bookingReference: string): string {
    return `cancel-by-hand-${bookingReference}`;
  },
  /** `attempt` counts asks after an unavailable answer; `round` the times a reviewer sent the case back. */
  recordCheck(registry: RegistryName, round: number, attempt: number): string {
    return `record-check-${registry}-${round}-${attempt}`;
  },
  dnaSample(sampleId: string): string {
    return `dna-sample-${sampleId}`;
  },
  /** `round` counts bookings of the kind: one cancelled is booked again under the next round. */
  booking(kind: BookingKind, round: number): string {
    return `${kind}-${round}`;
  },
  cancellation(kind: BookingKind, reference: string): string {
    return `cancel-${kind}-${reference}`;
  },
};
