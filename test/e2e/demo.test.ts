/**
 * `npm run demo` in the suite: the demo batch driven to its end through the API, the partner simulator (record
 * checks, lab orders with results posted back to the lab API, travel documents, transit) and the mail catcher
 * (guardians answer the consent links in their emails), with policy durations scaled down.
 * Then everything an operator or a log reader could see of those cases is scanned for personal data (issue 7), and
 * for the health content two of the children arrive with (issue 19).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoBatch, runDemo, summaryTable, type DemoCase, type DemoResult } from '../../scripts/demo-batch';
import { startDevPartners, type DevPartners } from '../../src/simulator';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../src/domain/case-number';
import { AesGcmCodec } from '../../src/temporal/codec';
import { runtimeLog } from '../support/quiet-runtime';
import { startTestStack, testConfig, testEncryptionKey, testKeys, type TestStack } from '../support/stack';

let partners: DevPartners;
let stack: TestStack;
let results: DemoResult[];
const progress: string[] = [];

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
  results = await runDemo({
    apiUrl: `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`,
    simulatorUrl: partners.simulatorUrl!,
    coordinatorKey: testKeys.coordinator.key,
    reviewerKey: testKeys.reviewer.key,
    careTeam: {
      sendingClinician: testKeys.sendingClinician,
      receivingClinician: testKeys.clinician,
      escortId: testKeys.escort.actorId,
    },
    runId: `t${process.pid}`,
    say: (line) => progress.push(line),
    timeoutMs: 240_000,
  });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await partners?.stop();
});

it('drives every case of the batch to its expected end', () => {
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
  // Two children arrive with a summary and a report; their receiving clinician is told, and reads them after the handover.
  const withHealth = results.filter((_, index) => demoBatch[index]!.health);
  expect(withHealth.map((result) => result.health)).toEqual([
    { reports: 1, reviewed: true, shown: 'full' },
    { reports: 1, reviewed: true, shown: 'full' },
  ]);
  expect(
    mail
      .filter((message) => message.kind === 'health-summary-available')
      .map((message) => message.caseNumber)
      .sort(),
  ).toEqual(withHealth.map((result) => result.caseNumber).sort());
  for (const line of progress) for (const name of names) expect(line).not.toContain(name);
});

/** What a demo case's health summary and report say: it must never be seen in clear either. */
function healthContent(demoCase: DemoCase): string[] {
  const { health } = demoCase;
  if (!health) return [];
  const { allergies, medications, psychosocial } = health.summary;
  return [
    ...(allergies?.items ?? []).map((item) => item.substance.text),
    ...(medications?.items ?? []).map((item) => item.medication.text),
    ...(psychosocial?.items ?? []).map((item) => item.need),
    (JSON.parse(health.report.content) as { observations: string }).observations,
  ];
}

/** Everything personal in a demo case: names, birth date, contact details, and what its health information says. */
function personalData(demoCase: DemoCase): string[] {
  return [
    ...healthContent(demoCase),
    demoCase.child.name,
    ...demoCase.child.name.split(' '),
    ...(demoCase.child.birthDate ? [demoCase.child.birthDate] : []),
    ...demoCase.claimants.flatMap((claimant) => [
      claimant.name,
      ...(claimant.email ? [claimant.email] : []),
      ...(claimant.phone ? [claimant.phone] : []),
    ]),
  ].filter((marker) => marker.length >= 4);
}

async function rawHistory(stack: TestStack, workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await stack.client.workflowService.getWorkflowExecutionHistory({
      namespace: stack.config.temporal.namespace,
      execution: { workflowId },
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

describe('personal data in the cases the batch ran', () => {
  it('keeps names, birth dates and contacts out of the raw history, and the codec can decode them', async () => {
    const codec = new AesGcmCodec([testEncryptionKey], testEncryptionKey.id);
    for (const [index, result] of results.entries()) {
      const markers = personalData(demoBatch[index]!);
      const events = await rawHistory(stack, workflowIdFor(result.caseNumber));
      expect(events.length).toBeGreaterThan(10);
      const bytes = Buffer.concat(events.map((event) => temporal.api.history.v1.HistoryEvent.encode(event).finish()));
      for (const marker of markers)
        expect({ marker, found: bytes.includes(Buffer.from(marker)) }).toEqual({ marker, found: false });

      const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads as Payload[];
      const [input] = await codec.decode(started);
      expect(JSON.stringify(defaultPayloadConverter.fromPayload(input!))).toContain(demoBatch[index]!.child.name);
    }
  });

  it('keeps them out of workflow IDs, search attributes and memo', async () => {
    for (const [index, result] of results.entries()) {
      const description = await stack.client.workflow.getHandle(workflowIdFor(result.caseNumber)).describe();
      const visible = JSON.stringify({
        id: description.workflowId,
        attributes: description.typedSearchAttributes,
        memo: description.memo ?? null,
      });
      expect(visible).toContain(result.caseNumber);
      for (const marker of personalData(demoBatch[index]!)) expect(visible).not.toContain(marker);
    }
  });

  it('keeps health content out of every email, subject and body', () => {
    const markers = demoBatch.flatMap(healthContent);
    expect(markers.length).toBeGreaterThanOrEqual(8);
    const dir = partners.mailCatcher!.dir;
    const bodies = readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8'));
    expect(bodies.some((body) => body.includes('/health/summary'))).toBe(true);
    for (const marker of markers)
      expect({ marker, inMail: bodies.some((body) => body.includes(marker)) }).toEqual({ marker, inMail: false });
  });

  it("keeps them out of Homeward's logs, the Temporal runtime's logs and email subjects", () => {
    const logs = stack.logLines.join('\n');
    const runtime = runtimeLog.join('\n');
    const mail = partners.mailCatcher!.messages;
    const subjects = mail.map((message) => message.subject);
    expect(logs.length).toBeGreaterThan(0);
    expect(subjects.length).toBeGreaterThan(0);
    // The runtime's scan saw this file's worker at work: its task queue and every case's workflow are in the lines.
    expect(runtime).toContain(stack.config.temporal.taskQueue);
    expect(results.filter((result) => !runtime.includes(workflowIdFor(result.caseNumber)))).toEqual([]);
    // Subjects name the case by its number: that is how staff and families tell messages apart.
    for (const message of mail) expect(message.subject).toContain(message.caseNumber ?? 'a case number header');
    for (const marker of demoBatch.flatMap(personalData)) {
      expect({ marker, inLogs: logs.includes(marker) }).toEqual({ marker, inLogs: false });
      expect({ marker, inRuntimeLogs: runtime.includes(marker) }).toEqual({ marker, inRuntimeLogs: false });
      expect({ marker, inSubjects: subjects.some((subject) => subject.includes(marker)) }).toEqual({
        marker,
        inSubjects: false,
      });
    }
  });
});
