/**
 * The health summary in the case workflow, on the time-skipping server: the departure waits for it where the policy
 * says so (and escalates like any wait), the case holds flags only, and the handover tells the receiving clinician.
 */
import {
  recordHealthSummaryStatusUpdate,
  recordTransitEventUpdate,
  confirmHandoverUpdate,
} from '../../src/workflows/messages';
import { actors, DAY, rejectionOf, startHarness, toDeparture, type CaseHarness } from './case-harness';

let harness: CaseHarness;

beforeAll(async () => {
  harness = await startHarness(4);
});
afterAll(async () => {
  await harness?.stop();
});

const clinician = { id: 'clin-sam', role: 'clinician' as const };

describe('the health summary in a case', () => {
  it('holds the departure until the summary is complete and reviewed, then announces it at the handover', async () => {
    const handle = await toDeparture(harness, 'health-gate', {
      policy: { healthSummaryBeforeDeparture: { 'RU>UA': true } },
    });
    const waiting = await harness.until(
      handle,
      (state) => state.pending.some((pending) => pending.id === 'health-summary'),
      'waiting for the health summary',
    );
    expect(waiting.departureAwaitsHealthSummary).toBe(true);
    expect(
      await rejectionOf(
        handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'departed' }] }),
      ),
    ).toMatchObject({
      type: 'StageConflict',
      message: expect.stringMatching(/health summary must be complete and reviewed/),
    });
    // A lab or a guardian never tells the case about the summary.
    expect(
      await rejectionOf(
        handle.executeUpdate(recordHealthSummaryStatusUpdate, {
          args: [{ actor: actors.mother, complete: true, reviewed: true, revision: 1 }],
        }),
      ),
    ).toMatchObject({ type: 'WrongParty' });

    // Complete but not reviewed: still waiting; past the deadline it escalates like any wait.
    await handle.executeUpdate(recordHealthSummaryStatusUpdate, {
      args: [{ actor: clinician, complete: true, reviewed: false, revision: 1, receivingClinicianId: 'clin-rui' }],
    });
    await harness.skip(15 * DAY);
    const escalated = await harness.until(
      handle,
      (state) => state.escalations.some((escalation) => escalation.pendingActionId === 'health-summary'),
      'the health summary wait escalated',
    );
    expect(escalated.stage).toBe('departure');

    // An older revision arriving late changes nothing; the reviewed one opens the departure.
    await handle.executeUpdate(recordHealthSummaryStatusUpdate, {
      args: [{ actor: clinician, complete: true, reviewed: true, revision: 2, receivingClinicianId: 'clin-rui' }],
    });
    await handle.executeUpdate(recordHealthSummaryStatusUpdate, {
      args: [{ actor: clinician, complete: false, reviewed: false, revision: 1, receivingClinicianId: 'clin-rui' }],
    });
    const ready = await harness.until(
      handle,
      (state) => state.pending.some((pending) => pending.id === 'departure'),
      'the departure awaited',
    );
    expect(ready.healthSummary).toEqual({
      complete: true,
      reviewed: true,
      revision: 2,
      receivingClinicianId: 'clin-rui',
    });

    await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'departed' }] });
    await harness.until(handle, (state) => state.stage === 'in-transit', 'in transit');
    await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'arrived' }] });
    await harness.until(handle, (state) => state.stage === 'handover', 'handover');
    await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.coordinator, signedBy: 'escort' }] });
    await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.mother, signedBy: 'guardian' }] });
    const after = await harness.until(
      handle,
      (state) => state.stage === 'aftercare' && state.healthSummary?.announcedAt !== undefined,
      'aftercare, the clinician told',
    );
    expect(after.events.map((event) => event.type)).toContain('health-summary-announced');
    const announced = harness.doubles
      .notificationsFor(after.caseNumber)
      .filter((notification) => notification.kind === 'health-summary-available');
    expect(announced).toHaveLength(1);
    expect(announced[0]!.variables.link).toMatch(/\/cases\/HW-\d{4}-\d{6}-[A-Z]\/health\/summary$/);
    expect(Object.keys(announced[0]!.variables).sort()).toEqual(['caseNumber', 'link']);

    await harness.keep(handle, 'health-gate');
  });

  it('does not wait where the policy does not ask for it, and a clinician without an address never holds the case', async () => {
    const handle = await toDeparture(harness, 'health-gate-off', {
      policy: { healthSummaryBeforeDeparture: { 'RU>UA': false, '*': true } },
    });
    const state = await harness.until(
      handle,
      (current) => current.pending.some((pending) => pending.id === 'departure'),
      'the departure awaited',
    );
    expect(state.departureAwaitsHealthSummary).toBeUndefined();
    expect(state.pending.some((pending) => pending.id === 'health-summary')).toBe(false);

    await handle.executeUpdate(recordHealthSummaryStatusUpdate, {
      args: [{ actor: clinician, complete: false, reviewed: false, revision: 1, receivingClinicianId: 'clin-nobody' }],
    });
    await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'departed' }] });
    await harness.until(handle, (current) => current.stage === 'in-transit', 'in transit');
    await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'arrived' }] });
    await harness.until(handle, (current) => current.stage === 'handover', 'handover');
    await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.coordinator, signedBy: 'escort' }] });
    await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.mother, signedBy: 'guardian' }] });
    const after = await harness.until(
      handle,
      (current) => current.events.some((event) => event.type === 'health-summary-not-announced'),
      'the announcement recorded as not sent',
    );
    expect(after.stage).toBe('aftercare');
    expect(after.healthSummary?.announcedAt).toBeUndefined();
    expect(after.events.filter((event) => event.type === 'handover-confirmed')).toHaveLength(1);
  });
});
