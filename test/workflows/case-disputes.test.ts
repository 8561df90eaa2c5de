import {
  decideDisputeUpdate,
  holdUpdate,
  labResultSignal,
  messageAnswerQuery,
  raiseDisputeUpdate,
  recordConsentUpdate,
  signVerificationUpdate,
  withdrawUpdate,
} from '../../src/workflows/messages';
import { CaseStage } from '../../src/workflows/search-attributes';
import {
  actors,
  birthDateFor,
  documents,
  fixtureChild,
  rejectionOf,
  finish,
  startHarness,
  toConsent,
  type CaseHarness,
} from './case-harness';

let harness: CaseHarness;
beforeAll(async () => {
  harness = await startHarness(2);
});
afterAll(async () => {
  await harness?.stop();
});

describe('disputes, reviews and withdrawal', () => {
  it('DNA exclusion → dispute → closed as not a match (the child remains in care)', async () => {
    const { until, env } = harness;
    const handle = await harness.start('dna-exclusion', {
      registration: { documents, child: { ...fixtureChild(), birthDate: await birthDateFor(env, 5) } },
    });
    await until(handle, (s) => s.dna.samples.length === 1, 'sample ordered');
    await handle.signal(labResultSignal, {
      labId: 'lab-kyiv',
      sampleId: `${handle.caseNumber}-S1`,
      resultReference: 'EX-1',
      outcome: 'exclusion',
    });
    const state = await until(handle, (s) => s.stage === 'dispute', 'dispute');
    expect(state.disputes).toEqual([
      expect.objectContaining({ id: 'D1', reason: 'dna-exclusion', bestInterestsReview: false }),
    ]);
    expect(state.pending).toEqual([expect.objectContaining({ id: 'dispute:D1', waitingOn: 'reviewer' })]);
    expect(
      await rejectionOf(
        handle.executeUpdate(decideDisputeUpdate, {
          args: [{ actor: { id: 'coord-ana', role: 'supervisor' }, disputeId: 'D1', decision: 'resume' }],
        }),
      ),
    ).toEqual({
      type: 'WrongParty',
      message: "the case's coordinator may not decide a dispute: another reviewer must do it",
    });
    const decided = await handle.executeUpdate(decideDisputeUpdate, {
      args: [{ actor: actors.reviewer, disputeId: 'D1', decision: 'close-not-a-match' }],
    });
    expect(decided).toMatchObject({ stage: 'closed', event: { type: 'dispute-decided' } });
    const closed = await handle.result();
    expect(closed).toMatchObject({ stage: 'closed', outcome: 'not-a-match' });
    expect(closed.events.map((event) => event.type).slice(-3)).toEqual([
      'dispute-opened',
      'dispute-decided',
      'case-closed',
    ]);
    expect(closed.events.at(-1)?.data).toEqual({ outcome: 'not-a-match' });
    expect((await handle.describe()).typedSearchAttributes.get(CaseStage)).toBe('closed');
    await harness.keep(handle, 'dna-exclusion');
  });

  it('dispute → resumed where it was raised; dispute → re-verify records → verified again', async () => {
    const { until, doubles } = harness;
    const handle = await harness.start('dispute-re-verify', { registration: { documents } });
    await until(handle, (s) => s.stage === 'verification', 'verification');
    await handle.executeUpdate(raiseDisputeUpdate, {
      args: [{ actor: actors.coordinator, reason: 'competing-claim', note: 'a second family registered' }],
    });
    let state = await until(handle, (s) => s.stage === 'dispute', 'dispute');
    expect(state.disputes[0]).toMatchObject({ id: 'D1', reason: 'competing-claim', raisedInStage: 'verification' });
    await handle.executeUpdate(decideDisputeUpdate, {
      args: [{ actor: actors.reviewer, disputeId: 'D1', decision: 'resume' }],
    });
    await until(handle, (s) => s.stage === 'verification' && s.pending.length === 1, 'verification resumed');

    await handle.executeUpdate(raiseDisputeUpdate, {
      args: [{ actor: actors.coordinator, reason: 'contradictory-records' }],
    });
    await until(handle, (s) => s.stage === 'dispute', 'second dispute');
    expect(
      await rejectionOf(
        handle.executeUpdate(decideDisputeUpdate, {
          args: [{ actor: actors.reviewer, disputeId: 'D1', decision: 'resume' }],
        }),
      ),
    ).toEqual({ type: 'InvalidMessage', message: 'no open dispute D1 in this case; the open one is D2' });
    await handle.executeUpdate(decideDisputeUpdate, {
      args: [{ actor: actors.reviewer, disputeId: 'D2', decision: 're-verify-records' }],
    });
    state = await until(handle, (s) => s.stage === 'verification' && s.recordChecks.length === 3, 're-verified');
    const checks = doubles.callsFor(handle.caseNumber, 'registry').map((call) => call.idempotencyKey);
    expect(checks.filter((key) => key.includes('-2-1'))).toHaveLength(3);
    await handle.executeUpdate(signVerificationUpdate, { args: [{ actor: actors.reviewer, decision: 'verified' }] });
    state = await until(handle, (s) => s.stage === 'consent', 'consent');
    expect(state.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['dispute-opened', 'dispute-decided', 'record-checks-completed', 'identity-verified']),
    );
    await harness.keep(handle, 'dispute-re-verify');
    await finish(harness, handle);
  });

  it("a 12-year-old's refusal starts a best-interests review, which may ask again", async () => {
    const { until, env, doubles } = harness;
    const handle = await toConsent(harness, 'child-refusal', {
      registration: { child: { ...fixtureChild(), birthDate: await birthDateFor(env, 12) } },
    });
    let state = await harness.state(handle);
    expect(state.consents.map((c) => [c.consenteeId, c.role])).toEqual([
      ['mother', 'guardian'],
      ['child', 'child'],
    ]);
    // The child has no email: a caseworker delivers the link.
    const delivery = doubles
      .notificationsFor(handle.caseNumber)
      .find((n) => n.kind === 'case-update' && n.variables.consenteeId === 'child');
    expect(delivery?.idempotencyKey).toMatch(new RegExp(`^${handle.caseNumber}:consent-delivery-child-1-\\d{13}-0$`));

    await handle.executeUpdate(recordConsentUpdate, {
      args: [{ actor: actors.mother, consenteeId: 'mother', decision: 'given' }],
    });
    const refused = await handle.executeUpdate(recordConsentUpdate, {
      args: [{ actor: actors.child, consenteeId: 'child', decision: 'refused', views: 'afraid of the journey' }],
    });
    expect(refused).toMatchObject({ stage: 'best-interests-review', event: { type: 'dispute-opened' } });
    state = await until(handle, (s) => s.pending.some((p) => p.id === 'dispute:D1'), 'review pending');
    expect(state.disputes[0]).toMatchObject({ reason: 'consent-refused', bestInterestsReview: true });
    expect(state.consents[1]).toMatchObject({ decision: 'refused', views: 'afraid of the journey' });

    await handle.executeUpdate(decideDisputeUpdate, {
      args: [{ actor: actors.reviewer, disputeId: 'D1', decision: 'resume', note: 'counselling given' }],
    });
    state = await until(
      handle,
      (s) => s.stage === 'consent' && s.consents[1]?.requestedAt !== undefined,
      'asked again',
    );
    expect(state.consents[0]).toMatchObject({ consenteeId: 'mother', decision: 'given' });
    expect(state.consents[1]).toMatchObject({ consenteeId: 'child', round: 2 });
    await handle.executeUpdate(recordConsentUpdate, {
      args: [{ actor: actors.child, consenteeId: 'child', decision: 'given' }],
    });
    await until(handle, (s) => s.stage === 'travel-documents', 'travel documents');
    await harness.keep(handle, 'child-refusal');
    await finish(harness, handle);
  });

  it('withdrawal during DNA testing closes the case and leaves nothing waiting', async () => {
    const { until, env } = harness;
    const handle = await harness.start('withdrawal-during-dna', {
      registration: { documents, child: { ...fixtureChild(), birthDate: await birthDateFor(env, 2) } },
    });
    await until(handle, (s) => s.stage === 'dna-testing' && s.pending.length === 1, 'waiting for the lab');
    const withdrawn = await handle.executeUpdate(withdrawUpdate, {
      args: [{ actor: actors.coordinator, reason: 'family found through another channel' }],
    });
    expect(withdrawn).toMatchObject({
      stage: 'closed',
      event: { type: 'case-closed', data: { outcome: 'withdrawn' } },
    });
    const state = await handle.result();
    expect(state).toMatchObject({ stage: 'closed', outcome: 'withdrawn', pending: [] });
    expect(state.events.map((event) => event.type).slice(-2)).toEqual(['case-withdrawn', 'case-closed']);
    await harness.keep(handle, 'withdrawal-during-dna');
  });

  it('takes a message it has before its first task, as one sent while the case continued as new', async () => {
    const handle = await harness.start('message-before-first-task', {
      firstMessage: {
        messageId: 'hold-before-first-task',
        name: holdUpdate.name,
        args: [{ actor: actors.coordinator, reason: 'facility access denied' }],
      },
    });
    const state = await harness.until(handle, (s) => s.stage === 'on-hold', 'on hold');
    expect(await handle.query(messageAnswerQuery, 'hold-before-first-task')).toMatchObject({ accepted: true });
    expect(state.events.map((event) => event.type)).toContain('case-on-hold');
  });
});
