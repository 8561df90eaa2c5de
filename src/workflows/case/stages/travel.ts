/** Travel: emergency travel documents, the escorted transit booked, departure, arrival and the signed handover. */
import { ApplicationFailure, CancellationScope } from '@temporalio/workflow';
import type { BookingKind } from '../../../domain/case';
import { countedEvents } from '../../../domain/events';
import { followUpSchedule } from '../../../domain/follow-ups';
import { departureNeedsHealthSummary, healthSummaryReady } from '../../../domain/health-gate';
import { partners } from '../activities';
import { system, type CaseRun } from '../run';
import { waitFor } from '../waits';
import { changes } from '../changes';

const roundOf = (run: CaseRun, kind: BookingKind) =>
  run.state.bookings.filter((booking) => booking.kind === kind).length + 1;
const activeBooking = (run: CaseRun, kind: BookingKind) =>
  run.state.bookings.find((booking) => booking.kind === kind && booking.status === 'active');

export async function travelDocuments(run: CaseRun): Promise<void> {
  const { state, caseNumber } = run;
  const to = state.route.to;
  if (!to) throw ApplicationFailure.nonRetryable('a case reaches travel documents only once verified', 'NoDestination');
  if (!activeBooking(run, 'travel-documents')) {
    const { applicationReference } = await CancellationScope.nonCancellable(() =>
      partners.requestTravelDocuments({
        caseNumber,
        from: state.route.from,
        to,
        round: roundOf(run, 'travel-documents'),
      }),
    );
    state.bookings.push({
      kind: 'travel-documents',
      reference: applicationReference,
      status: 'active',
      bookedAt: run.now(),
    });
    run.record('travel-documents-requested', system, applicationReference);
  }
  await waitFor(
    run,
    { id: 'travel-documents', kind: 'travel-documents', waitingOn: 'authority', wait: 'travelDocuments' },
    () => state.travelDocuments !== undefined,
  );
  run.setStage('transit-booking');
}

export async function transitBooking(run: CaseRun): Promise<void> {
  const { state, caseNumber } = run;
  const to = state.route.to!;
  if (!activeBooking(run, 'transit')) {
    const { bookingReference } = await CancellationScope.nonCancellable(() =>
      partners.bookTransit({
        caseNumber,
        from: state.route.from,
        to,
        medicalSupport: true,
        round: roundOf(run, 'transit'),
      }),
    );
    state.bookings.push({ kind: 'transit', reference: bookingReference, status: 'active', bookedAt: run.now() });
    run.record(countedEvents.travelScheduled, system, bookingReference, { from: state.route.from, to });
  }
  run.setStage('departure');
}

export async function departure(run: CaseRun): Promise<void> {
  const { state } = run;
  if (
    (state.departureAwaitsHealthSummary ?? departureNeedsHealthSummary(run.policy, state.route)) &&
    run.takes(changes.departureWaitsForHealthSummary)
  ) {
    state.departureAwaitsHealthSummary = true;
    await waitFor(
      run,
      { id: 'health-summary', kind: 'health-summary', waitingOn: 'clinician', wait: 'departure' },
      () => healthSummaryReady(state),
    );
  }
  await waitFor(
    run,
    { id: 'departure', kind: 'departure', waitingOn: 'escort', wait: 'departure' },
    () => state.transit?.departedAt !== undefined,
    { urgentCount: () => state.transit?.incidents.length ?? 0 },
  );
  run.setStage('in-transit');
}

export async function inTransit(run: CaseRun): Promise<void> {
  const { state } = run;
  await waitFor(
    run,
    { id: 'arrival', kind: 'arrival', waitingOn: 'escort', wait: 'transit' },
    () => state.transit?.arrivedAt !== undefined,
    { urgentCount: () => state.transit?.incidents.length ?? 0 },
  );
  run.setStage('handover');
}

export async function handover(run: CaseRun): Promise<void> {
  const { state, policy } = run;
  await waitFor(
    run,
    { id: 'handover', kind: 'handover', waitingOn: 'guardian', wait: 'handover' },
    () => state.handover?.escortSignedAt !== undefined && state.handover.guardianSignedAt !== undefined,
  );
  run.record(countedEvents.returned, system, undefined, { from: state.route.from, to: state.route.to ?? '' });
  state.followUps = followUpSchedule(Date.now(), policy);
  run.setStage('aftercare');
}
