import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivityDeps } from '../../src/activities/deps';
import { openPglite, type Db } from '../../src/registry/db';
import { startDevPartners, type DevPartners } from '../../src/simulator';
import { testConfig } from '../support/stack';

let partners: DevPartners;
let db: Db;
const dataDir = mkdtempSync(join(tmpdir(), 'homeward-mail-'));

beforeAll(async () => {
  partners = await startDevPartners(testConfig({ DATA_DIR: dataDir }), { simulatorPort: 0, mailCatcherPort: 0 });
  db = await openPglite();
});

afterAll(async () => {
  await partners.stop();
  await db.close();
});

describe('mail in development', () => {
  it('fills in every partner URL and SMTP with the simulator and the mail catcher', () => {
    const { partners: endpoints, mail } = partners.config;
    expect(endpoints.registries?.url).toBe(`${partners.simulatorUrl}/registries`);
    expect(endpoints.transit?.url).toBe(`${partners.simulatorUrl}/transit`);
    expect(mail.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(partners.mailUrl).toBe(`${partners.simulatorUrl}/mail`);
  });

  it('keeps each message as an .eml file and lists it by case and kind', async () => {
    const deps = createActivityDeps(partners.config, db);
    const to = deps.staff.addressOf({ role: 'supervisor' });
    const sent = await deps.notifier.send({
      kind: 'escalation',
      caseNumber: 'HW-2026-000042-X',
      to,
      variables: { action: 'consent', level: '2' },
      idempotencyKey: 'HW-2026-000042-X:escalation-consent-2',
    });
    await deps.notifier.send({
      kind: 'reminder',
      caseNumber: 'HW-2026-000043-Y',
      to,
      variables: { action: 'verification' },
      idempotencyKey: 'HW-2026-000043-Y:reminder-verification-1',
    });

    const files = readdirSync(join(dataDir, 'mail')).filter((file) => file.endsWith('.eml'));
    expect(files).toHaveLength(2);
    const eml = files.map((file) => readFileSync(join(dataDir, 'mail', file), 'utf8')).join('\n');
    expect(eml).toContain(`Message-ID: ${sent.messageId}`);
    expect(eml).toContain('To: supervisor@homeward.invalid');

    const listed = (await (await fetch(`${partners.mailUrl}?case=HW-2026-000042-X`)).json()) as Array<{
      file: string;
      subject: string;
      kind: string;
    }>;
    expect(listed).toEqual([
      expect.objectContaining({
        subject: 'Homeward HW-2026-000042-X: Escalation: deadline passed',
        kind: 'escalation',
      }),
    ]);
    const raw = await (await fetch(`${partners.simulatorUrl}/mail/${listed[0]!.file}`)).text();
    expect(raw).toContain('X-Homeward-Case: HW-2026-000042-X');

    const page = await fetch(partners.mailUrl!, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Homeward HW-2026-000043-Y: Reminder: action due');
    expect((await fetch(`${partners.simulatorUrl}/mail/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });
});
