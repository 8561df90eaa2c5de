/**
 * `npm run demo` in the suite: the DOMAIN.md batch driven to its end through the API, the partner simulator (record
 * checks, lab orders with results posted back to the lab API, travel documents, transit) and the mail catcher
 * (guardians answer the consent links in their emails), with policy durations scaled down.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoBatch, runDemo, summaryTable } from '../../scripts/demo-batch';
import { startDevPartners, type DevPartners } from '../../src/simulator';
import { startTestStack, testConfig, testKeys, type TestStack } from '../support/stack';

let partners: DevPartners;
let stack: TestStack;

beforeAll(async () => {
  partners = await startDevPartners(testConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'homeward-demo-')) }), {
    simulatorPort: 0,
    mailCatcherPort: 0,
    labResultAfterMs: 200,
  });
  const { registries, labs, travelDocuments, transit } = partners.config.partners;
  stack = await startTestStack({
    PARTNER_REGISTRIES_URL: registries!.url,
    PARTNER_LABS_URL: labs!.url,
    PARTNER_TRAVEL_DOCUMENTS_URL: travelDocuments!.url,
    PARTNER_TRANSIT_URL: transit!.url,
    SMTP_URL: partners.config.mail.smtpUrl!,
    POLICY_TIME_SCALE: '200000',
    RATE_LIMIT_MAX: '100000',
  });
  await stack.app.listen({ host: '127.0.0.1', port: 0 });
  partners.simulator!.setHomewardUrl(`http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await stack?.stop();
  await partners?.stop();
});

it('drives every case of the batch to its expected end', async () => {
  const progress: string[] = [];
  const results = await runDemo({
    apiUrl: `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`,
    simulatorUrl: partners.simulatorUrl!,
    coordinatorKey: testKeys.coordinator.key,
    reviewerKey: testKeys.reviewer.key,
    runId: `t${process.pid}`,
    say: (line) => progress.push(line),
    timeoutMs: 240_000,
  });
  const table = summaryTable(results);
  expect({ table, unexpected: results.filter((result) => !result.ok) }).toEqual({ table, unexpected: [] });
  expect(results.map((result) => `${result.group}: ${result.route} ${result.outcome}`)).toEqual([
    'front line: RU → UA reunited',
    'front line: RU → UA reunited',
    'front line: RU → UA reunited',
    'across borders: PL → UA reunited',
    'across borders: UA → RU reunited',
    'across borders: DE → UA reunited',
    'across borders: MD → UA reunited',
    'across borders: RO → GB reunited',
    'turned 18: RU → UA reunited',
    'DNA exclusion: RU → - not-a-match',
  ]);

  const ledger = partners.simulator!.ledger;
  // Three cases need DNA (two under six, one with contradictory records); each result reached the case once.
  expect(ledger.labResults.map((result) => [result.outcome, result.status])).toEqual(
    expect.arrayContaining([
      ['match', 'delivered'],
      ['match', 'delivered'],
      ['exclusion', 'delivered'],
    ]),
  );
  expect(ledger.labOrders).toHaveLength(3);
  // One escorted journey per reunited case, and none for the case that was not a match.
  const booked = new Set(ledger.bookings.map((booking) => booking.caseNumber));
  expect(booked.size).toBe(9);
  expect(ledger.bookings).toHaveLength(9);
  expect(booked.has(results[9]!.caseNumber)).toBe(false);

  // Guardians and young people were asked in their own language; no subject carries a name.
  const mail = partners.mailCatcher!.messages;
  const consentRequests = mail.filter((message) => message.kind === 'consent-request');
  expect(consentRequests.length).toBeGreaterThanOrEqual(11);
  expect(consentRequests.some((message) => message.subject.endsWith('Запрос согласия'))).toBe(true);
  expect(consentRequests.some((message) => message.subject.endsWith('Consent requested'))).toBe(true);
  const names = demoBatch.flatMap((demoCase) => [
    ...demoCase.child.name.split(' '),
    ...demoCase.claimants.flatMap((claimant) => claimant.name.split(' ')),
  ]);
  for (const message of mail) for (const name of names) expect(message.subject).not.toContain(name);
  for (const line of progress) for (const name of names) expect(line).not.toContain(name);
}, 300_000);
