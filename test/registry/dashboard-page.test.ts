import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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

async function caseWith(serial: number, from: string, to: string | undefined, inWeek = week): Promise<void> {
  const start = isoWeekRange(inWeek)!.start.getTime();
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
    // Three registrations the week before: a week the charts show as suppressed, between ten weeks with none.
    for (let serial = 13; serial <= 15; serial += 1) await caseWith(serial, 'GE', undefined, '2026-W45');
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
      expect(await cell('#totals', 'returned')).toBe('0');
      expect(await page.locator('tr[data-pair="BY-"] th').innerText()).toBe('BY → not yet verified');

      expect(await page.locator('section.charts svg').count()).toBe(7);
      expect(await page.locator('svg[aria-label^="Cases registered"] text', { hasText: /^12$/ }).count()).toBe(1);
      expect(requested.every((url) => url.startsWith(baseUrl))).toBe(true);
      await page.close();
    });

    it('draws zero, suppressed and counted weeks differently, a suppressed week short beside a counted one', async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${baseUrl}/dashboard?week=${week}`);
      const registered = page.locator('svg[aria-label^="Cases registered"]');
      const kinds = await registered
        .locator('g[data-shown]')
        .evaluateAll((groups) => groups.map((group) => group.getAttribute('data-shown')));
      expect(kinds).toEqual([...Array<string>(10).fill('zero'), 'suppressed', 'counted']);
      // None: a line and a 0, no bar. Suppressed: hatched with a dashed edge. Counted: solid.
      expect(await registered.locator('g[data-shown="zero"] rect').count()).toBe(0);
      expect(await registered.locator('g[data-shown="zero"] text').first().textContent()).toBe('0');
      const suppressed = registered.locator('g[data-shown="suppressed"] rect');
      const counted = registered.locator('g[data-shown="counted"] rect');
      expect(await suppressed.getAttribute('fill')).toMatch(/^url\(#/);
      expect(await suppressed.getAttribute('stroke-dasharray')).toBeTruthy();
      expect(await counted.getAttribute('fill')).toMatch(/^#/);
      const height = async (bar: typeof counted) => Number(await bar.getAttribute('height'));
      expect(await height(suppressed)).toBeLessThan((await height(counted)) / 2);
      expect(await registered.locator('g[data-shown="suppressed"] title').textContent()).toBe(
        '2026-W45: from 1 to 4, not shown',
      );
      // A figure with nothing in twelve weeks is twelve baselines, not twelve full bars.
      const returned = page.locator('svg[aria-label^="Returns completed"] g[data-shown]');
      expect(await returned.evaluateAll((groups) => groups.map((group) => group.getAttribute('data-shown')))).toEqual(
        Array<string>(12).fill('zero'),
      );
      await expect(page.locator('p.legend').innerText()).resolves.toMatch(/counted.*from 1 to 4.*none \(0\)/s);
      const screenshots = join(__dirname, '../../.data/screenshots');
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });
      await page.close();
    });
  });
});
