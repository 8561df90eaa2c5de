/**
 * The consent page in a real browser (Debian's Chromium, headless, JavaScript off): a guardian opens the link from
 * the consent email, answers by clicking, and the case moves on.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { personalDataMarkers } from '../support/fixtures';
import { caseAwaitingConsent, startPartneredStack, waitForCase, type PartneredStack } from './api-support';

describe('the consent page in headless Chromium', () => {
  let partnered: PartneredStack;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    partnered = await startPartneredStack();
    await partnered.stack.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(partnered.stack.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await partnered?.stop();
  });

  /** The link in the consent email the guardian received, pointed at this test's API. */
  async function emailedLink(caseNumber: string): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const mail = partnered.mail.messages.find(
        (message) => message.caseNumber === caseNumber && message.kind === 'consent-request',
      );
      if (mail) {
        const parsed = await simpleParser(await readFile(join(partnered.mail.dir, mail.file)));
        const token = /\/consent\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(parsed.text ?? '')?.[1];
        if (!token) throw new Error('the consent email carries no consent link');
        return `${base}/consent/${token}`;
      }
      if (Date.now() > deadline) throw new Error(`no consent email for ${caseNumber}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('lets a guardian consent by clicking, without JavaScript, and the case moves on', async () => {
    const { caseNumber } = await caseAwaitingConsent(partnered.stack);
    const link = await emailedLink(caseNumber);

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('uk');
    expect(await page.title()).toBe('Homeward: потрібна ваша відповідь');
    const text = await page.locator('main').innerText();
    expect(text).toContain(caseNumber);
    expect(text).toContain('законний представник дитини');
    for (const marker of personalDataMarkers) expect(text).not.toContain(marker);

    // Reached by their labels, as a screen reader would announce them.
    const yes = page.getByRole('radio', { name: 'Так, я даю згоду' });
    await expect(yes.isChecked()).resolves.toBe(false);
    await page.getByRole('group', { name: 'Ваша відповідь' }).waitFor();
    await yes.check();
    await page.getByRole('button', { name: 'Надіслати відповідь' }).click();
    await page.getByText('Дякуємо. Вашу згоду записано.').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('uk');

    const moved = await waitForCase(
      partnered.stack,
      caseNumber,
      (state) => state.stage !== 'consent',
      'the case past consent',
    );
    expect(moved.consents.find((consent) => consent.role === 'guardian')?.decision).toBe('given');
    expect(moved.events.map((event) => event.type)).toContain('consent-given');

    // The link works once: opening it again says so.
    const again = await page.goto(link);
    expect(again?.status()).toBe(409);
    await page.getByText('Відповідь за цим посиланням уже надано').waitFor();
    await context.close();
  });

  it('keeps the browser on the page when no answer is chosen', async () => {
    const { caseNumber } = await caseAwaitingConsent(partnered.stack);
    const link = await emailedLink(caseNumber);
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Надіслати відповідь' }).click();
    // The radio buttons are required: the browser does not send the form, and nothing is recorded.
    expect(page.url()).toBe(link);
    const state = await waitForCase(partnered.stack, caseNumber, () => true, 'any state');
    expect(state.consents.every((consent) => consent.decision === undefined)).toBe(true);
    await context.close();
  });
});
