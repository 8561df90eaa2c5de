import {
  decideDisputeUpdate,
  recordConsentUpdate,
  recordTravelDocumentsUpdate,
  recordFollowUpUpdate,
  recordTransitEventUpdate,
  resumeUpdate,
  withdrawConsentUpdate,
  withdrawUpdate,
} from '../../src/workflows/messages';
import { Escalated, EscalationLevel, NextDeadline } from '../../src/workflows/search-attributes';
import {
  actors,
  DAY,
  finish,
  startHarness,
  toAftercare,
  toConsent,
  toDeparture,
  type CaseHandle,
  type CaseHarness,
} from './case-harness';

let harness: CaseHarness;
beforeAll(async () => {
  harness = await startHarness(3);
});
afterAll(async () => {
  await harness?.stop();
});

async function attributes(handle: CaseHandle) {
  const { typedSearchAttributes } = await handle.describe();
  return {
    escalated: typedSearchAttributes.get(Escalated),
    level: typedSearchAttributes.get(EscalationLevel),
    nextDeadline: typedSearchAttributes.get(NextDeadline)?.toISOString(),
  };
}

describe('deadlines, escalations and compensation', () => {
  it('consent silence → reminder → coordinator → supervisor → neutral desk → hold; resume asks again', async () => {
    const { until, doubles } = harness;
    const handle = await toConsent(harness, 'consent-silence');
    let state = await harness.state(handle);
    const dueAt = state.pending[0]!.dueAt;
    expect(await attributes(handle)).toEqual({ escalated: false, level: 0, nextDeadline: dueAt });

    await harness.skip(7 * DAY + 1000);
    state = await until(handle, (s) => s.pending[0]?.remindersSent === 1, 'reminded');
    const reminder = doubles.notificationsFor(handle.caseNumber).find((n) => n.kind === 'consent-reminder');
    expect(reminder?.to.address).toBe('oksana.kovalenko@example.org');
    expect(reminder?.variables.link).toContain('/consent/');

    const rungs = [
      { level: 1, to: 'coordinator', address: 'coordinator+coord-ana@homeward.test' },
      { level: 2, to: 'supervisor', address: 'supervisor@homeward.test' },
      { level: 3, to: 'neutral-desk', address: 'neutral-desk@homeward.test' },
    ];
    for (const rung of rungs) {
      await harness.skip((rung.level === 1 ? 7 : 3) * DAY);
      state = await until(handle, (s) => s.pending[0]?.escalationLevel === rung.level, `escalated to ${rung.to}`);
      expect(state.escalations.at(-1)).toMatchObject({
        level: rung.level,
        to: rung.to,
        pendingActionId: 'consent:mother',
      });
      expect(await attributes(handle)).toEqual({
        escalated: true,
        level: rung.level,
        nextDeadline: new Date(Date.parse(dueAt) + rung.level * 3 * DAY).toISOString(),
      });
      const notice = doubles
        .notificationsFor(handle.caseNumber)
        .filter((n) => n.kind === 'escalation')
        .at(-1);
      expect(notice?.to.address).toBe(rung.address);
    }

    await harness.skip(3 * DAY);
    state = await until(handle, (s) => s.stage === 'on-hold', 'on hold');
    expect(state.hold).toMatchObject({ resumeStage: 'consent', by: { role: 'system' } });
    expect(state.hold?.reason).toBe('no answer from guardian for consent after the escalation ladder');
    expect(await attributes(handle)).toMatchObject({ escalated: false, level: 0 });

    await handle.executeUpdate(resumeUpdate, { args: [{ actor: actors.coordinator }] });
    state = await until(handle, (s) => s.stage === 'consent' && s.pending.length === 1, 'consent again');
    expect(state.pending[0]).toMatchObject({ id: 'consent:mother', escalationLevel: 0, remindersSent: 0 });
    expect(Date.parse(state.pending[0]!.dueAt)).toBeGreaterThan(Date.parse(dueAt));
    // The first link expired with the first wait: the reopened wait sends a fresh one, under a new key.
    const requests = () =>
      doubles
        .notificationsFor(handle.caseNumber)
        .filter((n) => n.kind === 'consent-request' && n.to.address === 'oksana.kovalenko@example.org');
    state = await until(
      handle,
      (s) => requests().length === 2 && s.events.some((event) => event.type === 'consent-asked-again'),
      'a fresh consent link',
    );
    const [first, fresh] = requests();
    expect(fresh!.idempotencyKey).not.toBe(first!.idempotencyKey);
    expect(fresh!.variables.link).not.toBe(first!.variables.link);
    expect(fresh!.variables.deadline).toBe(state.pending[0]!.dueAt);
    await harness.keep(handle, 'consent-silence');
    await finish(harness, handle);
  });

  it('consent withdrawn after booking → bookings cancelled newest first → best-interests review → declined', async () => {
    const { until, doubles } = harness;
    const handle = await toDeparture(harness, 'consent-withdrawn-after-booking');
    const booked = await harness.state(handle);
    const [documentsBooking, transitBooking] = booked.bookings;
    await handle.executeUpdate(withdrawConsentUpdate, {
      args: [{ actor: actors.mother, consenteeId: 'mother', reason: 'wants to wait for the school year' }],
    });
    let state = await until(
      handle,
      (s) => s.stage === 'best-interests-review' && s.bookings.every((b) => b.status === 'cancelled'),
      'bookings cancelled',
    );
    const cancellations = state.events.filter((event) => event.type === 'booking-cancelled');
    expect(cancellations.map((event) => event.data?.kind)).toEqual(['transit', 'travel-documents']);
    expect(
      doubles
        .callsFor(handle.caseNumber)
        .filter((call) => call.action === 'cancel')
        .map((call) => call.reference),
    ).toEqual([transitBooking!.reference, documentsBooking!.reference]);
    expect(state.disputes[0]).toMatchObject({ reason: 'consent-withdrawn', bestInterestsReview: true });
    expect(state.travelDocuments).toBeUndefined();

    await handle.executeUpdate(decideDisputeUpdate, {
      args: [{ actor: actors.reviewer, disputeId: 'D1', decision: 'close-not-a-match' }],
    });
    state = await handle.result();
    expect(state).toMatchObject({ stage: 'closed', outcome: 'declined' });
    await harness.keep(handle, 'consent-withdrawn-after-booking');
  });

  it('a transit incident escalates at once, and again on a second incident', async () => {
    const { until, doubles } = harness;
    const handle = await toDeparture(harness, 'transit-incident');
    await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'departed' }] });
    await until(handle, (s) => s.stage === 'in-transit' && s.pending.length === 1, 'in transit');
    await handle.executeUpdate(recordTransitEventUpdate, {
      args: [{ actor: actors.coordinator, event: 'incident', note: 'border crossing closed' }],
    });
    let state = await until(handle, (s) => s.pending[0]?.escalationLevel === 1, 'escalated');
    expect(state.escalations.at(-1)).toMatchObject({ pendingActionId: 'arrival', to: 'coordinator' });
    expect(await attributes(handle)).toMatchObject({ escalated: true, level: 1 });
    await handle.executeUpdate(recordTransitEventUpdate, {
      args: [{ actor: actors.coordinator, event: 'incident', note: 'escort unwell' }],
    });
    state = await until(handle, (s) => s.pending[0]?.escalationLevel === 2, 'escalated to the supervisor');
    expect(state.escalations.at(-1)).toMatchObject({ to: 'supervisor' });
    expect(doubles.notificationsFor(handle.caseNumber).filter((n) => n.kind === 'escalation')).toHaveLength(2);

    await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'arrived' }] });
    state = await until(handle, (s) => s.stage === 'handover', 'handover');
    expect(state.transit?.incidents).toHaveLength(2);
    expect(await attributes(handle)).toMatchObject({ escalated: false, level: 0 });
    await harness.keep(handle, 'transit-incident');
    await finish(harness, handle);
  });

  it('a missed follow-up escalates at once and climbs the ladder until the visit is done', async () => {
    const { until, env } = harness;
    const handle = await toAftercare(harness, 'missed-follow-up');
    let state = await harness.state(handle);
    const first = state.followUps[0]!;
    await harness.skip(Date.parse(first.dueAt) - (await env.currentTimeMs()) + 1000);
    await until(handle, (s) => s.followUps[0]?.status === 'due', 'first visit due');
    await handle.executeUpdate(recordFollowUpUpdate, {
      args: [{ actor: actors.coordinator, followUpId: first.id, outcome: 'missed' }],
    });
    state = await until(handle, (s) => s.pending.some((p) => p.escalationLevel === 1), 'escalated at once');
    expect(state.followUps[0]).toMatchObject({ status: 'missed', missedVisits: 1 });
    // The follow-up's deadline (7 days) plus one escalation interval (3 days): the supervisor is next.
    await harness.skip(10 * DAY);
    state = await until(handle, (s) => s.pending.some((p) => p.escalationLevel === 2), 'supervisor');
    expect(state.escalations.at(-1)).toMatchObject({ pendingActionId: 'follow-up:follow-up-1', to: 'supervisor' });
    await handle.executeUpdate(recordFollowUpUpdate, {
      args: [{ actor: actors.coordinator, followUpId: first.id, outcome: 'completed', areas: ['counselling'] }],
    });
    state = await until(handle, (s) => !s.pending.some((p) => p.id === 'follow-up:follow-up-1'), 'visit done');
    expect(state.followUps[0]?.status).toBe('completed');
    expect(await attributes(handle)).toMatchObject({ escalated: false });
    await handle.executeUpdate(withdrawUpdate, {
      args: [{ actor: actors.coordinator, reason: 'family moved abroad' }],
    });
    state = await handle.result();
    expect(state.outcome).toBe('withdrawn');
    await harness.keep(handle, 'missed-follow-up');
  });

  it('a later failure (transit refused) cancels the travel documents already requested and holds the case', async () => {
    const { until, doubles } = harness;
    const handle = await toConsent(harness, 'transit-refused', {
      before: (caseNumber) => doubles.reject(caseNumber, 'transit'),
    });
    await handle.executeUpdate(recordConsentUpdate, {
      args: [{ actor: actors.mother, consenteeId: 'mother', decision: 'given' }],
    });
    await until(handle, (s) => s.pending.some((p) => p.id === 'travel-documents'), 'travel documents');
    await handle.executeUpdate(recordTravelDocumentsUpdate, {
      args: [{ actor: actors.coordinator, documentReference: 'ETD-9' }],
    });
    const state = await until(
      handle,
      (s) => s.stage === 'on-hold' && s.bookings.every((b) => b.status === 'cancelled'),
      'held with the documents cancelled',
    );
    expect(state.hold).toMatchObject({ resumeStage: 'transit-booking', by: { role: 'system' } });
    expect(state.hold?.reason).toBe('bookTransit failed (PartnerRejection); resume to try again');
    expect(state.bookings).toEqual([expect.objectContaining({ kind: 'travel-documents', status: 'cancelled' })]);
    expect(state.travelDocuments).toBeUndefined();
    await harness.keep(handle, 'transit-refused');
    await finish(harness, handle);
  });
});
