/** A consent link opened while the case is not waiting for consent (a dispute, a hold) offers no form. */
import { signConsentToken } from '../../src/consent/token';
import { testKeys } from '../support/stack';
import { auth, caseAwaitingConsent, startPartneredStack, waitForStage, type PartneredStack } from './api-support';

describe('the consent page while the case is in dispute', () => {
  let partnered: PartneredStack;
  beforeAll(async () => {
    partnered = await startPartneredStack();
  });
  afterAll(async () => {
    await partnered?.stop();
  });

  it('says the case is not waiting for the answer, with 409 and no form', async () => {
    const { caseNumber, state } = await caseAwaitingConsent(partnered.stack);
    const guardian = state.consents.find((consent) => consent.role === 'guardian')!;
    const due = state.pending.find((action) => action.id === `consent:${guardian.consenteeId}`)!.dueAt;
    const token = signConsentToken(partnered.stack.config.api.consentTokenSecret, {
      caseNumber,
      consenteeId: guardian.consenteeId,
      role: 'guardian',
      language: 'en',
      expiresAt: Date.parse(due),
    });
    const open = () => partnered.stack.app.inject({ method: 'GET', url: `/consent/${token}` });
    expect((await open()).statusCode).toBe(200);

    const raised = await partnered.stack.app.inject({
      method: 'POST',
      url: `/cases/${caseNumber}/dispute`,
      headers: auth(testKeys.coordinator),
      payload: { reason: 'competing-claim', note: 'a second family came forward' },
    });
    expect(raised.statusCode).toBe(200);
    await waitForStage(partnered.stack, caseNumber, 'dispute');

    const inDispute = await open();
    expect(inDispute.statusCode).toBe(409);
    expect(inDispute.body).toContain('The case is not waiting for this answer at the moment.');
    expect(inDispute.body).not.toContain('<form');

    const answered = await partnered.stack.app.inject({
      method: 'POST',
      url: `/consent/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'decision=given',
    });
    expect(answered.statusCode).toBe(409);
    expect(answered.body).not.toContain('<form');
  });
});
