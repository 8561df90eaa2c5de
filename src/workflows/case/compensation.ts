/**
 * What is undone when a case stops before the journey: every active booking is cancelled, newest first, and each
 * cancellation is recorded; one a partner will not cancel goes to a supervisor to cancel by hand.
 */
import { ActivityFailure, CancellationScope } from '@temporalio/workflow';
import { bookingsToCancel } from '../../domain/compensation';
import { steps } from '../../domain/idempotency-keys';
import { recipients } from '../../domain/recipients';
import { partners } from './activities';
import { system, type CaseRun } from './run';

export async function compensate(run: CaseRun): Promise<void> {
  const { state, caseNumber } = run;
  const reason = state.compensation?.reason ?? 'compensation';
  for (const booking of bookingsToCancel(state.bookings)) {
    try {
      await CancellationScope.nonCancellable(() =>
        booking.kind === 'transit'
          ? partners.cancelTransit({ caseNumber, bookingReference: booking.reference })
          : partners.cancelTravelDocuments({ caseNumber, applicationReference: booking.reference }),
      );
      booking.status = 'cancelled';
      booking.cancelledAt = run.now();
      run.record('booking-cancelled', system, `${booking.kind} ${booking.reference}: ${reason}`, {
        kind: booking.kind,
      });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      run.record('booking-cancellation-failed', system, `${booking.kind} ${booking.reference}`, {
        kind: booking.kind,
      });
      await CancellationScope.nonCancellable(() =>
        partners.notify({
          caseNumber,
          kind: 'escalation',
          to: recipients.cancellationByHand(),
          variables: { task: 'cancel-booking-by-hand', kind: booking.kind, reference: booking.reference },
          step: steps.cancellationByHand(booking.reference),
        }),
      );
    }
  }
  if (!state.transit?.departedAt) delete state.transit;
  delete state.travelDocuments;
  delete state.compensation;
}
