/**
 * The desk in a real browser (Debian's Chromium through playwright-core): one case from registration to closure.
 * The coordinator works without JavaScript (every form is a plain form); the reviewer works in Ukrainian in a
 * context of their own; the guardian answers through the emailed consent link. Each kind of refusal is shown
 * beside its form. Every page is saved as a screenshot under .data/desk-screenshots, weighed (under 150 KB) and
 * checked with axe-core (no serious or critical violation); the figures are printed at the end.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CaseStage, CaseState } from '../../src/domain/case';
import {
  caseState,
  registerCase,
  startPartneredStack,
  waitForCase,
  withDocuments,
  type PartneredStack,
} from '../api/api-support';
import { launchChromium } from '../support/chromium';
import { personalDataMarkers, registration } from '../support/fixtures';
import { withDevSignIn } from './desk-support';

const shots = resolve('.data/desk-screenshots');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const weightLimit = 150 * 1024;

interface Checked {
  name: string;
  bytes: number;
  violations: string[];
}

describe('the desk in headless Chromium: one case from registration to closure', () => {
  let partnered: PartneredStack;
  let browser: Browser;
  let base: string;
  let auditor: Page;
  const checked: Checked[] = [];
  let assetBytes = 0;
  const started = Date.now();

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    partnered = await startPartneredStack(
      {
        RATE_LIMIT_MAX: '100000',
        // Aftercare visits a few seconds after the handover, recordable at once: the test need not wait six months.
        CASE_POLICY: JSON.stringify({ followUpsAfterHandover: ['20s', '40s', '60s'], followUpEarlyWindow: '30 days' }),
      },
      { lab: 'silent' },
      (config) => ({
        ...withDevSignIn(config),
        // Ana also serves as a neutral monitor: on a case she registered, the four-eyes rule must stop her.
        api: {
          ...withDevSignIn(config).api,
          keys: [...config.api.keys, { key: 'test-reviewer-ana-key-0001', role: 'reviewer', actorId: 'coord-ana' }],
        },
      }),
    );
    await partnered.stack.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(partnered.stack.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    // Pages are checked in a context of their own with script allowed (the coordinator's has none) and the desk's
    // content security policy bypassed, so axe-core can be injected.
    auditor = await (await browser.newContext({ bypassCSP: true })).newPage();
    const css = await fetch(`${base}/desk/assets/desk.css`);
    const js = await fetch(`${base}/desk/assets/desk.js`);
    assetBytes = (await css.arrayBuffer()).byteLength + (await js.arrayBuffer()).byteLength + 2 * 400;
    // A few other cases, so the queue has more than one line.
    for (const [from, locality] of [
      ['RU', 'Kherson'],
      ['BY', 'Melitopol'],
      ['PL', 'Kharkiv'],
    ] as const)
      await registerCase(partnered.stack, {
        ...withDocuments,
        child: {
          ...registration().child,
          placeOfOrigin: { country: 'UA', locality },
          currentLocation: { country: from },
        },
      });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await partnered?.stop();
    const lines = checked.map(
      (page) =>
        `${page.name.padEnd(28)} ${(page.bytes / 1024).toFixed(1).padStart(6)} KB  axe serious/critical: ${page.violations.length ? page.violations.join(', ') : 'none'}`,
    );
    process.stdout.write(
      `\ndesk pages (HTML + stylesheet + script, uncompressed; limit 150 KB):\n${lines.join('\n')}\nscreenshots in ${shots}; the run took ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  });

  /** Screenshot, weight and axe-core check of the page as it is now. */
  async function check(page: Page, name: string, bytes?: number): Promise<void> {
    await page.screenshot({
      path: join(shots, `${String(checked.length + 1).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
    const html = await page.content();
    const weight = (bytes ?? Buffer.byteLength(html)) + assetBytes;
    await auditor.goto(`${base}/desk/assets/desk.css`);
    await auditor.setContent(html, { waitUntil: 'load' });
    await auditor.addScriptTag({ content: axeSource });
    // A string, evaluated in the page: the tests are compiled without the DOM's types.
    const violations = await auditor.evaluate<string[]>(`axe.run(document).then((results) => results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => violation.id + ' (' + violation.nodes.map((node) => node.target.join(' ')).join('; ') + ')'))`);
    checked.push({ name, bytes: weight, violations });
    expect({ name, violations }).toEqual({ name, violations: [] });
    expect(weight).toBeLessThan(weightLimit);
  }

  /** The bytes the server sent for the page's document. */
  const documentBytes = async (page: Page, response: Awaited<ReturnType<Page['goto']>>) => {
    if (!response) return undefined;
    const sizes = await response.request().sizes();
    return sizes.responseBodySize + sizes.responseHeadersSize;
  };

  async function signIn(context: BrowserContext, account: string, language: 'en' | 'uk'): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/desk`);
    expect(new URL(page.url()).pathname).toBe('/desk/sign-in');
    await page.locator(`input[name=account][value="${account}"]`).check();
    await page.selectOption('#sign-in-language', language);
    await page.selectOption('#sign-in-zone', 'Europe/Kyiv');
    await page.locator('form[action="/desk/sign-in"] button[type=submit]').click();
    await page.waitForURL(`${base}/desk`);
    return page;
  }

  async function reloadUntil(page: Page, caseNumber: string, stage: CaseStage): Promise<void> {
    // A verification that begins in a new run shows, in the last view of the run before, before the reviewer's
    // action does. The page is read once both show.
    const shown = (state: CaseState) =>
      state.stage === stage && (stage !== 'verification' || state.pending.some((action) => action.kind === stage));
    await waitForCase(partnered.stack, caseNumber, shown, `stage ${stage}`, 30_000);
    await page.goto(`${base}/desk/cases/${caseNumber}`);
  }

  /** Sends one of the case page's action forms (by its action path) and waits for the page it answers with. */
  async function send(
    page: Page,
    action: string,
    fill: (form: ReturnType<Page['locator']>) => Promise<void>,
    section?: string,
  ) {
    const details = page.locator(`#action-${action}${section ? `-${section}` : ''}`);
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    const form = details.locator('form');
    await fill(form);
    const [response] = await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
    return response;
  }

  async function consentLink(caseNumber: string): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const mail = partnered.mail.messages.find(
        (message) => message.caseNumber === caseNumber && message.kind === 'consent-request',
      );
      if (mail) {
        const parsed = await simpleParser(await readFile(join(partnered.mail.dir, mail.file)));
        const token = /\/consent\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(parsed.text ?? '')?.[1];
        if (token) return `${base}/consent/${token}`;
      }
      if (Date.now() > deadline) throw new Error(`no consent email for ${caseNumber}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('registers, reviews, consents, travels, hands over and closes a case through the desk', async () => {
    const coordinatorContext = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const reviewerContext = await browser.newContext({ locale: 'uk-UA' });

    // ---- sign-in, the queue ------------------------------------------------------------------------------------
    const signInPage = await coordinatorContext.newPage();
    const signInResponse = await signInPage.goto(`${base}/desk`);
    await check(signInPage, 'sign-in', await documentBytes(signInPage, signInResponse));
    await signInPage.close();
    const coordinator = await signIn(coordinatorContext, 'coordinator:coord-ana', 'en');
    const cookie = (await coordinatorContext.cookies()).find((candidate) => candidate.name === 'homeward_desk')!;
    expect({ httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path }).toEqual({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/desk',
    });
    await check(coordinator, 'queue-coordinator');

    // ---- registration: a field the schema refuses, then a likely duplicate reviewed side by side -------------------
    const twin = registration({ ...withDocuments });
    await registerCase(partnered.stack, twin as never);
    await coordinator.getByRole('link', { name: 'Register a child' }).click();
    await check(coordinator, 'register');
    const child = twin.child;
    const fillRegistration = async (birthDate: string) => {
      await coordinator.fill('#register-organisation-id', 'neutral-desk');
      await coordinator.fill('#register-organisation-reference', `DESK-${process.pid}-${Date.now()}`);
      await coordinator.fill('#register-child-names-0-value', child.names[0]!.value);
      await coordinator.fill('#register-child-names-1-value', child.names[1]!.value);
      await coordinator.fill('#register-child-birthDate', birthDate);
      await coordinator.fill('#register-child-placeOfOrigin-country', 'UA');
      await coordinator.fill('#register-child-placeOfOrigin-locality', 'Mariupol');
      await coordinator.fill('#register-child-currentLocation-country', 'RU');
      await coordinator.fill('#register-claimants-0-name', 'Oksana Kovalenko');
      await coordinator.selectOption('#register-claimants-0-relationship', 'mother');
      await coordinator.check('#register-claimants-0-isLegalGuardian');
      await coordinator.fill('#register-claimants-0-country', 'UA');
      await coordinator.check('#register-claimants-0-language-0');
      await coordinator.fill('#register-claimants-0-email', 'oksana.kovalenko@example.org');
      await coordinator.fill('#register-documents-civilRegistryReference', 'CIV-DESK-1');
      await coordinator.fill('#register-documents-medicalRecordReference', 'MED-DESK-1');
      await coordinator.fill('#register-documents-schoolRecordReference', 'SCH-DESK-1');
    };
    await fillRegistration(`${new Date().getUTCFullYear() + 1}-01-01`);
    const invalid = await Promise.all([
      coordinator.waitForNavigation(),
      coordinator.getByRole('button', { name: 'Register' }).click(),
    ]);
    expect(invalid[0]?.status()).toBe(422);
    await coordinator.getByText('A birth date cannot be in the future.').waitFor();
    expect(await coordinator.getAttribute('#register-child-birthDate', 'aria-invalid')).toBe('true');
    await check(coordinator, 'register-field-refused');

    await fillRegistration(child.birthDate!);
    const duplicate = await Promise.all([
      coordinator.waitForNavigation(),
      coordinator.getByRole('button', { name: 'Register' }).click(),
    ]);
    expect(duplicate[0]?.status()).toBe(409);
    await coordinator.getByRole('heading', { name: 'This child may already be registered' }).waitFor();
    const sideBySide = await coordinator.locator('#duplicates').innerText();
    expect(sideBySide).toContain(child.names[0]!.value);
    expect(sideBySide).toMatch(/matches/);
    await check(coordinator, 'duplicate-review');
    await Promise.all([
      coordinator.waitForNavigation(),
      coordinator.getByRole('button', { name: /A different child/ }).click(),
    ]);
    const caseNumber = /\/desk\/cases\/(HW-\d{4}-\d{6}-[A-Z])/.exec(coordinator.url())![1]!;
    await coordinator.getByText('Case registered.').waitFor();
    expect((await caseState(partnered.stack, caseNumber)).events.map((event) => event.type)).toContain(
      'case-registered',
    );

    // ---- the coordinator claims it and raises a dispute while it waits for verification -----------------------------
    await reloadUntil(coordinator, caseNumber, 'verification');
    await Promise.all([
      coordinator.waitForNavigation(),
      coordinator.locator('dd form.inline button', { hasText: 'Claim' }).click(),
    ]);
    await coordinator.getByText('Assignment recorded.').waitFor();
    await check(coordinator, 'case-verification-coordinator');
    await send(coordinator, 'dispute', async (form) => {
      await form.getByLabel('a competing claim').check();
      await form.getByLabel('Note').fill('a second family came forward with a birth certificate');
    });
    await coordinator.getByText(/Recorded: Dispute opened/).waitFor();

    // ---- the reviewer, in Ukrainian: the dispute's three outcomes, the four-eyes rule, the sign-off ----------------
    const monitor = await signIn(reviewerContext, 'reviewer:coord-ana', 'uk');
    await monitor.goto(`${base}/desk/cases/${caseNumber}`);
    await monitor
      .getByText(/Принцип чотирьох очей/)
      .first()
      .waitFor();
    const fourEyes = await send(monitor, 'dispute-decision', async (form) => {
      await form.getByLabel('продовжити справу').check();
      await form.getByLabel('Примітка').fill('перевірено');
    });
    expect(fourEyes?.status()).toBe(403);
    await monitor
      .locator('#dispute-decision-refusal')
      .getByText(/Підписати чи вирішити має інший рецензент/)
      .waitFor();
    await check(monitor, 'refusal-403-four-eyes');
    await Promise.all([monitor.waitForNavigation(), monitor.getByRole('button', { name: 'Вийти' }).click()]);
    await monitor.close();
    // Ana chose Ukrainian as a monitor; she is one person, so her desk speaks Ukrainian now: she switches it back.
    await coordinator.reload();
    expect(await coordinator.getAttribute('html', 'lang')).toBe('uk');
    await coordinator.selectOption('#pref-language', 'en');
    await Promise.all([coordinator.waitForNavigation(), coordinator.getByRole('button', { name: 'Зберегти' }).click()]);
    expect(await coordinator.getAttribute('html', 'lang')).toBe('en');

    const reviewer = await signIn(reviewerContext, 'reviewer:rev-chen', 'uk');
    await reviewer.getByRole('link', { name: caseNumber }).waitFor();
    await check(reviewer, 'queue-reviewer');
    await reviewer.goto(`${base}/desk/cases/${caseNumber}`);
    await check(reviewer, 'dispute-decision');
    await send(reviewer, 'dispute-decision', async (form) => {
      await form.getByLabel('продовжити справу').check();
      await form.getByLabel('Примітка').fill('друга заява не підтверджена документами');
    });
    await reloadUntil(reviewer, caseNumber, 'verification');
    // A second tab keeps the sign-off form as it was before the case moved on.
    const stale = await reviewerContext.newPage();
    await stale.goto(`${base}/desk/cases/${caseNumber}`);
    await check(reviewer, 'verification-evidence');
    expect(await reviewer.locator('#evidence-heading').count()).toBe(1);
    await send(reviewer, 'verification', async (form) => {
      await form.getByLabel('верифіковано').check();
      await form.getByLabel('Примітка').fill('записи узгоджуються');
    });
    await reviewer.getByText(/Записано: Особу підписано як верифіковану/).waitFor();
    const late = await send(stale, 'verification', async (form) => {
      await form.getByLabel('верифіковано').check();
    });
    expect(late?.status()).toBe(409);
    await stale
      .locator('#verification-refusal')
      .getByText(/Це можливо лише на етапі/)
      .waitFor();
    await check(stale, 'refusal-409-stage');
    await stale.close();

    // ---- the guardian answers through the emailed link ----------------------------------------------------------
    const guardianContext = await browser.newContext({ javaScriptEnabled: false });
    const guardian = await guardianContext.newPage();
    await guardian.goto(await consentLink(caseNumber));
    await guardian.getByRole('radio', { name: 'Так, я даю згоду' }).check();
    await guardian.getByRole('button', { name: 'Надіслати відповідь' }).click();
    await guardian.getByText('Дякуємо. Вашу згоду записано.').waitFor();
    await guardianContext.close();

    // ---- travel documents, the journey, the handover ----------------------------------------------------------------
    await reloadUntil(coordinator, caseNumber, 'travel-documents');
    await waitForCase(
      partnered.stack,
      caseNumber,
      (state) => state.bookings.some((booking) => booking.kind === 'travel-documents'),
      'an application',
    );
    const application = (await caseState(partnered.stack, caseNumber)).bookings.find(
      (booking) => booking.kind === 'travel-documents',
    )!;
    await coordinator.reload();
    await check(coordinator, 'case-travel-documents');
    await send(coordinator, 'travel-documents', (form) =>
      form.getByLabel('Travel document reference').fill(application.reference),
    );
    await reloadUntil(coordinator, caseNumber, 'departure');
    await send(coordinator, 'transit-events', (form) => form.getByLabel('departed').check());
    await reloadUntil(coordinator, caseNumber, 'in-transit');
    await send(coordinator, 'transit-events', (form) => form.getByLabel('arrived').check());
    await reloadUntil(coordinator, caseNumber, 'handover');
    await send(coordinator, 'handover', (form) => form.getByLabel('the escort').check());
    await send(coordinator, 'handover', (form) => form.getByLabel('the receiving guardian').check());

    // ---- aftercare: a visit recorded as missed before it is due is refused; then all three are completed ----------
    await reloadUntil(coordinator, caseNumber, 'aftercare');
    const early = await send(coordinator, 'follow-ups', async (form) => {
      await form.locator('input[name=followUpId][value=follow-up-1]').check();
      await form.getByLabel('missed').check();
    });
    expect(early?.status()).toBe(422);
    await coordinator
      .locator('#follow-ups-refusal')
      .getByText('This visit cannot be recorded yet: it is not due.')
      .waitFor();
    await check(coordinator, 'refusal-422-follow-up');
    for (const visit of ['follow-up-1', 'follow-up-2', 'follow-up-3']) {
      await send(coordinator, 'follow-ups', async (form) => {
        await form.locator(`input[name=followUpId][value=${visit}]`).check();
        await form.getByLabel('completed').check();
        await form.getByLabel('school re-entry').check();
        await form.getByLabel('counselling').check();
      });
    }
    await reloadUntil(coordinator, caseNumber, 'closed');
    await coordinator.getByText('Outcome: reunited').waitFor();
    await check(coordinator, 'case-closed');

    // Every action was attributed to the person signed in, as with an API key.
    const events = (await caseState(partnered.stack, caseNumber)).events;
    const actorOf = (type: string) => events.find((event) => event.type === type)?.actor;
    expect(actorOf('identity-verified')).toEqual({ id: 'rev-chen', role: 'reviewer' });
    expect(actorOf('dispute-opened')).toEqual({ id: 'coord-ana', role: 'coordinator' });
    expect(actorOf('handover-signed')).toEqual({ id: 'coord-ana', role: 'coordinator' });

    // Nothing the desk logged names the child or the claimant.
    const logged = partnered.stack.logLines.join('\n');
    for (const marker of [...personalDataMarkers, child.names[0]!.value]) expect(logged).not.toContain(marker);

    // Signing out ends the session: the old cookie opens nothing.
    await Promise.all([coordinator.waitForNavigation(), coordinator.getByRole('button', { name: 'Sign out' }).click()]);
    await coordinator.getByText('You have signed out.').waitFor();
    const replay = await fetch(`${base}/desk`, {
      headers: { cookie: `homeward_desk=${cookie.value}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(303);
    await coordinatorContext.close();
    await reviewerContext.close();
  }, 150_000);
});
