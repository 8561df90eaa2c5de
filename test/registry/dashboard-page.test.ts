import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import type { CaseEvent } from '../../src/domain/case';
import { countedEvents } from '../../src/domain/events';
import { appendAuditEntry } from '../../src/registry/audit';
import { isoWeekRange } from '../../src/registry/dashboard';
import { startTestStack, type TestStack } from '../support/stack';
import { registryBackends } from './backends';

const week = '2026-W46';
let stack: TestStack;
let browser: Browser;
let baseUrl: string;

async function caseWith(serial: number, from: string, to: string | undefined): Promise<void> {
  const start = isoWeekRange(week)!.start.getTime();
  const caseNumber = `HW-2026-${String(900_000 + serial).padStart(6, '0')}-X`;
  const event = (type: string, hours: number, data?: CaseEvent['data']): CaseEvent => ({
    at: new Date(start + hours * 3_600_000).toISOString(),
    type,
    actor: { id: 'coord-ana', role: 'coordinator' },
    stage: 'registered',
    ...(data ? { data } : {}),
  });
  await appendAuditEntry(db(), { caseNumber, sequence: 0, event: event(countedEvents.registered, serial, { from }) });
  if (to)
    await appendAuditEntry(db(), {
      caseNumber,
      sequence: 1,
      event: event(countedEvents.verified, 30 + serial, { to }),
    });
}
const db = () => stack.db;

describe.each(registryBackends())('on $name', (backend) => {
  beforeAll(async () => {
    stack = await startTestStack({}, { db: await backend.open() });
    for (let serial = 1; serial <= 7; serial += 1) await caseWith(serial, 'RU', 'UA');
    for (let serial = 8; serial <= 9; serial += 1) await caseWith(serial, 'BY', undefined);
    // Two small pairs per figure, so that neither can be recovered by subtraction and the 7 may be shown.
    for (let serial = 10; serial <= 11; serial += 1) await caseWith(serial, 'PL', 'UA');
    await caseWith(12, 'MD', 'UA');
    baseUrl = await stack.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  describe('the dashboard page in headless Chromium', () => {
    it('shows the week’s figures by country pair and in total, "<5" for small counts, with charts and nothing fetched from elsewhere', async () => {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => void requested.push(request.url()));
      const response = await page.goto(`${baseUrl}/dashboard?week=${week}`);
      expect(response?.status()).toBe(200);
      expect(await page.title()).toContain(week);

      const cell = (row: string, figure: string) => page.locator(`${row} td[data-figure="${figure}"]`).innerText();
      expect(await cell('tr[data-pair="RU-UA"]', 'registered')).toBe('7');
      expect(await cell('tr[data-pair="RU-UA"]', 'verified')).toBe('7');
      expect(await cell('tr[data-pair="BY-"]', 'registered')).toBe('<5');
      expect(await cell('tr[data-pair="PL-UA"]', 'verified')).toBe('<5');
      expect(await cell('#totals', 'registered')).toBe('12');
      expect(await cell('#totals', 'verified')).toBe('10');
      expect(await cell('#totals', 'returned')).toBe('<5');
      expect(await page.locator('tr[data-pair="BY-"] th').innerText()).toBe('BY → not yet verified');

      expect(await page.locator('section.charts svg').count()).toBe(7);
      expect(await page.locator('svg[aria-label^="Cases registered"] text', { hasText: /^12$/ }).count()).toBe(1);
      expect(requested.every((url) => url.startsWith(baseUrl))).toBe(true);
      await page.close();
    });
  });
});
