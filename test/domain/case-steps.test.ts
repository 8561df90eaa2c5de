/** The rules a case follows between its stages: who is told, the idempotency keys, asks again, compensation. */
import { bookingsToCancel, compensationFor, compensationOnClosing } from '../../src/domain/compensation';
import { steps, idempotencyKey } from '../../src/domain/idempotency-keys';
import { newPendingAction } from '../../src/domain/pending-actions';
import { defaultPolicy } from '../../src/domain/policy';
import { recipients } from '../../src/domain/recipients';
import { documentReferenceFor, recordCheckRound, registries, registryAskAgainAt } from '../../src/domain/record-checks';
import type { Booking } from '../../src/domain/case';

const DAY = 86_400_000;
const since = Date.parse('2026-03-02T09:00:00.000Z');

describe('a pending action', () => {
  it('is due after the policy deadline of its wait, and names its party only when it has one', () => {
    const action = newPendingAction(
      { id: 'consent:mother', kind: 'consent', waitingOn: 'guardian', party: 'mother', wait: 'consent' },
      since,
      defaultPolicy,
    );
    expect(action).toEqual({
      id: 'consent:mother',
      kind: 'consent',
      waitingOn: 'guardian',
      since: '2026-03-02T09:00:00.000Z',
      dueAt: new Date(since + 14 * DAY).toISOString(),
      remindersSent: 0,
      escalationLevel: 0,
      wait: 'consent',
      party: 'mother',
    });
    const review = newPendingAction(
      { id: 'verification', kind: 'verification', waitingOn: 'reviewer', wait: 'verification' },
      since,
      defaultPolicy,
    );
    expect(review).not.toHaveProperty('party');
    expect(review.dueAt).toBe(new Date(since + 7 * DAY).toISOString());
  });
});

describe('who is told', () => {
  it("reminds the party's desk: reviewers' waits the neutral desk, a lab's the lab, everything else the coordinator", () => {
    expect(recipients.reminder('reviewer', undefined, 'coord-ana')).toEqual({ staff: 'neutral-desk' });
    expect(recipients.reminder('lab', 'lab-kyiv', 'coord-ana')).toEqual({ staff: 'lab', id: 'lab-kyiv' });
    for (const waitingOn of ['coordinator', 'guardian', 'registry', 'escort', 'authority'] as const)
      expect(recipients.reminder(waitingOn, 'x', 'coord-ana')).toEqual({ staff: 'coordinator', id: 'coord-ana' });
  });
  it("escalates to the case's own coordinator first, then to the rung's desk", () => {
    expect(recipients.escalation('coordinator', 'coord-ana')).toEqual({ staff: 'coordinator', id: 'coord-ana' });
    expect(recipients.escalation('supervisor', 'coord-ana')).toEqual({ staff: 'supervisor' });
    expect(recipients.escalation('neutral-desk', 'coord-ana')).toEqual({ staff: 'neutral-desk' });
  });
  it("gives a link without an address to the coordinator's caseworkers, a booking no partner cancels to a supervisor", () => {
    expect(recipients.consentDelivery('coord-ana')).toEqual({ staff: 'caseworker', id: 'coord-ana' });
    expect(recipients.followUpTask('coord-ana')).toEqual({ staff: 'coordinator', id: 'coord-ana' });
    expect(recipients.cancellationByHand()).toEqual({ staff: 'supervisor' });
  });
});

describe('idempotency keys', () => {
  // Running cases and partners hold these: a key that changes shape makes a case repeat its step.
  it('keep the shapes partners have already seen', () => {
    const action = { id: 'record-check:civil', since: '2026-03-02T09:00:00.000Z' };
    expect(idempotencyKey('HW-2026-000001-V', 'x')).toBe('HW-2026-000001-V:x');
    expect(steps.waitNotice('reminder', 1, action)).toBe(`reminder-1-record-check-civil-${since}`);
    expect(steps.waitNotice('escalation', 2, action)).toBe(`escalation-2-record-check-civil-${since}`);
    expect(steps.consentMessage('mother', 1, since, 0)).toBe(`consent-request-mother-1-${since}`);
    expect(steps.consentMessage('mother', 2, since, 1)).toBe(`consent-reminder-1-mother-2-${since}`);
    expect(steps.consentDelivery('child', 1, since, 0)).toBe(`consent-delivery-child-1-${since}-0`);
    expect(steps.followUpTask('follow-up-2')).toBe('follow-up-task-follow-up-2');
    expect(steps.cancellationByHand('TR-1')).toBe('cancel-by-hand-TR-1');
    expect(steps.recordCheck('school', 2, 3)).toBe('record-check-school-2-3');
    expect(steps.dnaSample('HW-2026-000001-V-S1')).toBe('dna-sample-HW-2026-000001-V-S1');
    expect(steps.booking('travel-documents', 1)).toBe('travel-documents-1');
    expect(steps.booking('transit', 2)).toBe('transit-2');
    expect(steps.cancellation('travel-documents', 'TD-9')).toBe('cancel-travel-documents-TD-9');
    expect(steps.cancellation('transit', 'TR-9')).toBe('cancel-transit-TR-9');
  });
});

describe('record checks', () => {
  it('asks the civil, medical and school registries with the reference the coordinator gave for each', () => {
    expect(registries).toEqual(['civil', 'medical', 'school']);
    const documents = { civilRegistryReference: 'CIV-1', schoolRecordReference: 'SCH-1' };
    expect(registries.map((registry) => documentReferenceFor(registry, documents))).toEqual([
      'CIV-1',
      undefined,
      'SCH-1',
    ]);
    expect(documentReferenceFor('civil', undefined)).toBeUndefined();
  });
  it('asks an unavailable registry again at each reminder point of the wait and at its deadline', () => {
    const action = { since: new Date(since).toISOString(), dueAt: new Date(since + 14 * DAY).toISOString() };
    expect(registryAskAgainAt(action, defaultPolicy.waits.recordCheck)).toEqual([since + 7 * DAY, since + 14 * DAY]);
    expect(registryAskAgainAt(action, { remindAt: [0.25, 0.5] })).toEqual([
      since + 3.5 * DAY,
      since + 7 * DAY,
      since + 14 * DAY,
    ]);
  });
  it('counts a round for each time a reviewer sent the case back to its records', () => {
    const decided = (decision: 'resume' | 're-verify-records') => ({
      decision: { decision, by: { id: 'rev', role: 'reviewer' as const }, at: '' },
    });
    expect(recordCheckRound([])).toBe(1);
    expect(recordCheckRound([decided('re-verify-records'), {}, decided('resume'), decided('re-verify-records')])).toBe(
      3,
    );
  });
});

describe('compensation', () => {
  const booking = (reference: string, status: Booking['status']): Booking => ({
    kind: 'transit',
    reference,
    status,
    bookedAt: '2026-03-02T09:00:00.000Z',
  });
  it('is owed only while something booked is still active', () => {
    expect(compensationFor([], 'consent withdrawn')).toBeUndefined();
    expect(compensationFor([booking('A', 'cancelled')], 'consent withdrawn')).toBeUndefined();
    expect(compensationFor([booking('A', 'active')], 'consent withdrawn')).toEqual({ reason: 'consent withdrawn' });
  });
  it('is owed by a case closing other than reunited', () => {
    const active = [booking('A', 'active')];
    expect(compensationOnClosing(active, 'reunited')).toBeUndefined();
    expect(compensationOnClosing(active, 'withdrawn')).toEqual({ reason: 'case closed: withdrawn' });
  });
  it('cancels the active bookings, newest first', () => {
    const bookings = [booking('A', 'active'), booking('B', 'cancelled'), booking('C', 'active')];
    expect(bookingsToCancel(bookings).map((entry) => entry.reference)).toEqual(['C', 'A']);
    expect(bookings.map((entry) => entry.reference)).toEqual(['A', 'B', 'C']);
  });
});
