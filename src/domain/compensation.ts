/**
 * When a case must undo what it booked: it closes other than reunited, a consent is withdrawn, or a step fails while
 * bookings are active. What is undone is every active booking, newest first.
 */
import type { Booking, CaseOutcome } from './case';

export const hasActiveBookings = (bookings: Pick<Booking, 'status'>[]): boolean =>
  bookings.some((booking) => booking.status === 'active');

/** The compensation a case owes, with its reason, or undefined when nothing booked is still active. */
export function compensationFor(bookings: Pick<Booking, 'status'>[], reason: string): { reason: string } | undefined {
  return hasActiveBookings(bookings) ? { reason } : undefined;
}

/** A closed case keeps its bookings only when the child was reunited. */
export function compensationOnClosing(
  bookings: Pick<Booking, 'status'>[],
  outcome: CaseOutcome,
): { reason: string } | undefined {
  return outcome === 'reunited' ? undefined : compensationFor(bookings, `case closed: ${outcome}`);
}

/** The bookings to cancel, newest first. */
export function bookingsToCancel<B extends Pick<Booking, 'status'>>(bookings: B[]): B[] {
  return bookings.filter((booking) => booking.status === 'active').reverse();
}
