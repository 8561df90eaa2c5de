import { consentQuestionPage } from '../../src/api/consent-page';
import { signConsentToken, type ConsentTokenPayload } from '../../src/consent/token';
import { personalDataMarkers } from '../support/fixtures';
import { testKeys } from '../support/stack';
import {
  auth,
  caseAwaitingConsent,
  caseState,
  waitForCase,
  startPartneredStack,
  type PartneredStack,
} from './api-support';

describe('consent links', () => {
  let partnered: PartneredStack;
  let caseNumber: string;
  let payload: ConsentTokenPayload;
  const sign = (overrides: Partial<ConsentTokenPayload> = {}) =>
    signConsentToken(partnered.stack.config.api.consentTokenSecret, { ...payload, ...overrides });
  const open = (token: string) => partnered.stack.app.inject({ method: 'GET', url: `/consent/${token}` });
  const answer = (token: string, form: string) =>
    partnered.stack.app.inject({
      method: 'POST',
      url: `/consent/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form,
    });

  beforeAll(async () => {
    partnered = await startPartneredStack();
    const ready = await caseAwaitingConsent(partnered.stack);
    caseNumber = ready.caseNumber;
    const guardian = ready.state.consents.find((consent) => consent.role === 'guardian')!;
    const due = ready.state.pending.find((action) => action.id === `consent:${guardian.consenteeId}`)!.dueAt;
    payload = {
      caseNumber,
      consenteeId: guardian.consenteeId,
      role: 'guardian',
      language: 'uk',
      expiresAt: Date.parse(due),
    };
  });
  afterAll(async () => {
    await partnered?.stop();
  });

  it('shows the guardian the question in their language, with only the case number, role and deadline', async () => {
    const response = await open(sign());
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.body).toContain('<html lang="uk">');
    expect(response.body).toContain(caseNumber);
    expect(response.body).toContain('законний представник дитини');
    expect(response.body).toContain('Будь ласка, дайте відповідь до');
    expect(response.body).toMatch(/<label for="decision-given">/);
    for (const marker of personalDataMarkers) expect(response.body).not.toContain(marker);
  });

  it('speaks Russian and English when the link says so', async () => {
    const russian = await open(sign({ language: 'ru' }));
    expect(russian.body).toContain('<html lang="ru">');
    expect(russian.body).toContain('Даёте ли вы согласие');
    const english = await open(sign({ language: 'en' }));
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Please answer by');
  });

  it('gives a child a labelled place for their views, whatever they decide', () => {
    const page = consentQuestionPage({
      language: 'ru',
      caseNumber,
      role: 'child',
      expiresAt: payload.expiresAt,
      action: '/consent/x',
    });
    expect(page).toContain('<html lang="ru">');
    expect(page).toMatch(/<label for="views">Ваше мнение \(необязательно\)<\/label>/);
    expect(page).toContain('<textarea id="views" name="views"');
    expect(page).toContain('ваше мнение будет записано при любом решении');
  });

  it('refuses a tampered link without saying which case it named', async () => {
    const token = sign();
    const [body, signature] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...payload, consenteeId: 'someone-else' })).toString('base64url');
    for (const tampered of [
      `${forged}.${signature}`,
      `${body}.${signature.slice(0, -2)}AA`,
      `${body}`,
      signConsentToken('a-different-secret-0123456789abcdef', payload),
    ]) {
      const response = await open(tampered);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('Це посилання недійсне');
      expect(response.body).toContain('This link is not valid');
      expect(response.body).not.toContain(caseNumber);
      const posted = await answer(tampered, 'decision=given');
      expect(posted.statusCode).toBe(404);
    }
    expect((await caseState(partnered.stack, caseNumber)).consents.every((consent) => !consent.decision)).toBe(true);
  });

  it('refuses an expired link with 410, in the language of the link', async () => {
    const expired = sign({ expiresAt: Date.now() - 60_000, language: 'en' });
    const response = await open(expired);
    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('This link expired');
    expect((await answer(expired, 'decision=given')).statusCode).toBe(410);
  });

  it('refuses a validly signed link for someone the case does not ask', async () => {
    const response = await open(sign({ consenteeId: 'not-a-claimant' }));
    expect(response.statusCode).toBe(404);
  });

  it('asks again, on the page, when the form comes back without an answer', async () => {
    const response = await answer(sign(), 'views=');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('role="alert"');
    expect(response.body).toContain('Оберіть «Так» або «Ні»');
  });

  it('records consent once: the link then says it was already answered', async () => {
    const token = sign();
    const given = await answer(token, 'decision=given');
    expect(given.statusCode).toBe(200);
    expect(given.body).toContain('Дякуємо. Вашу згоду записано.');
    const state = await waitForCase(
      partnered.stack,
      caseNumber,
      (current) => current.consents.some((consent) => consent.decision === 'given'),
      'consent recorded',
    );
    const event = state.events.find((candidate) => candidate.type === 'consent-given')!;
    expect(event.actor).toEqual({ id: payload.consenteeId, role: 'guardian' });

    const reused = await answer(token, 'decision=refused');
    expect(reused.statusCode).toBe(409);
    expect(reused.body).toContain('Відповідь за цим посиланням уже надано');
    const reopened = await open(token);
    expect(reopened.statusCode).toBe(409);
    const after = await caseState(partnered.stack, caseNumber);
    expect(after.consents.find((consent) => consent.consenteeId === payload.consenteeId)!.decision).toBe('given');
    const answers = after.events.filter((candidate) => ['consent-given', 'consent-refused'].includes(candidate.type));
    expect(answers.map((candidate) => candidate.type)).toEqual(['consent-given']);
  });

  it('keeps tokens and personal data out of the log lines', () => {
    const logs = partnered.stack.logLines.join('\n');
    expect(logs).toContain('/consent/:token');
    expect(logs).not.toContain(sign().split('.')[1]!);
    for (const marker of personalDataMarkers) expect(logs).not.toContain(marker);
  });

  it('shows operators no consent views or registration', async () => {
    const response = await partnered.stack.app.inject({
      method: 'GET',
      url: `/cases/${caseNumber}`,
      headers: auth(testKeys.operator),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).not.toHaveProperty('registration');
  });
});
