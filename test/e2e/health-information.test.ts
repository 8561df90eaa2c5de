/**
 * A child's health information through the API on the real test stack (dev server, worker, registry, partner
 * simulator, mail catcher): a summary built and reviewed, reports uploaded, the escort seeing the journey's part,
 * the receiving clinician all of it from the handover, operators and labs refused, the departure held until the
 * summary is ready, the handover mail carrying a link only, the IPS export valid. Then everything outside the
 * sealed registry rows is scanned for the summary's and reports' content.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { temporal } from '@temporalio/proto';
import type { Bundle } from '@medplum/fhirtypes';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { signConsentToken } from '../../src/consent/token';
import type { CaseState } from '../../src/domain/case';
import { workflowIdFor } from '../../src/domain/case-number';
import {
  auth,
  caseAwaitingConsent,
  startPartneredStack,
  waitForCase,
  waitForConsentRequested,
  waitForStage,
  type PartneredStack,
} from '../api/api-support';
import { fhirIssues, ipsProblems } from '../support/fhir-validation';
import { personalDataMarkers } from '../support/fixtures';
import {
  healthMarkers,
  healthSummaryInput,
  jpegReport,
  jsonReport,
  pdfReport,
  pngChunk,
  pngReport,
  reportText,
} from '../support/health-fixtures';
import { runtimeLog } from '../support/quiet-runtime';
import { testKeys } from '../support/stack';

let partnered: PartneredStack;
let caseNumber: string;

const provenance = {
  'x-supplied-by': 'facility 7 medical unit',
  'x-supplied-at': '2026-02-14T09:00:00Z',
  'x-channel': 'humanitarian channel',
};

/** Every answer a health route gave in this file, checked against the OpenAPI document at the end. */
const answered: Array<{ method: string; path: string; status: number }> = [];
const inject = async (options: InjectOptions) => {
  const response = await partnered.stack.app.inject(options);
  const path = (typeof options.url === 'string' ? options.url : (options.url?.pathname ?? '')).split('?')[0]!;
  if (path.includes('/health/'))
    answered.push({
      method: (options.method ?? 'GET').toLowerCase(),
      path: path.replace(/HW-\d{4}-\d{6}-[A-Z]/, '{caseNumber}').replace(/R-[0-9a-f]{16}$/, '{reportId}'),
      status: response.statusCode,
    });
  return response;
};
const summaryAs = (key: { key: string }) =>
  inject({ method: 'GET', url: `/cases/${caseNumber}/health/summary`, headers: auth(key) });
const upload = (key: { key: string }, type: string, name: string, body: Buffer, extra: Record<string, string> = {}) =>
  inject({
    method: 'POST',
    url: `/cases/${caseNumber}/health/reports`,
    headers: { ...auth(key), 'content-type': type, 'x-file-name': encodeURIComponent(name), ...provenance, ...extra },
    payload: body,
  });
const action = (path: string, payload: object) =>
  inject({ method: 'POST', url: `/cases/${caseNumber}/${path}`, headers: auth(testKeys.coordinator), payload });
const reportCount = async () =>
  Number(
    (
      await partnered.stack.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM health_reports WHERE case_number = $1',
        [caseNumber],
      )
    ).rows[0]!.n,
  );

beforeAll(async () => {
  partnered = await startPartneredStack({
    CASE_POLICY: JSON.stringify({ healthSummaryBeforeDeparture: { '*': true } }),
    STAFF_EMAILS: 'clinician:clin-rui=rui@clinic.example.org:en',
  });
  caseNumber = (await caseAwaitingConsent(partnered.stack)).caseNumber;
}, 120_000);

afterAll(async () => {
  await partnered?.stop();
});

describe('health information, shared by purpose', () => {
  it('takes a care team from a coordinator and a summary from the sending clinician, complete but not reviewed', async () => {
    const team = await inject({
      method: 'PUT',
      url: `/cases/${caseNumber}/health/care-team`,
      headers: auth(testKeys.coordinator),
      payload: { escortId: 'esc-iva', sendingClinicianId: 'clin-sam', receivingClinicianId: 'clin-rui' },
    });
    expect(team.statusCode).toBe(200);
    // Not the receiving clinician yet: the child is not in their care before the handover.
    const early = await inject({
      method: 'PUT',
      url: `/cases/${caseNumber}/health/summary`,
      headers: auth(testKeys.clinician),
      payload: healthSummaryInput(),
    });
    expect(early.statusCode).toBe(403);
    const invalid = await inject({
      method: 'PUT',
      url: `/cases/${caseNumber}/health/summary`,
      headers: auth(testKeys.sendingClinician),
      payload: { ...healthSummaryInput(), allergies: { items: [{ substance: { text: '' } }] } },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ issues: Array<{ field: string }> }>().issues.map((issue) => issue.field)).toEqual(
      expect.arrayContaining(['body.allergies.items.0.substance.text', 'body.allergies.items.0.source']),
    );
    const written = await inject({
      method: 'PUT',
      url: `/cases/${caseNumber}/health/summary`,
      headers: auth(testKeys.sendingClinician),
      payload: healthSummaryInput(),
    });
    expect(written.statusCode).toBe(200);
    expect(written.json()).toMatchObject({ exists: true, revision: 1, complete: true, missing: [], reviewed: false });
    expect(JSON.stringify(written.json())).not.toContain('Peanut');
    const state = await waitForCase(
      partnered.stack,
      caseNumber,
      (current) => current.healthSummary?.revision === 1,
      'health summary status',
    );
    expect(state.healthSummary).toEqual({
      complete: true,
      reviewed: false,
      revision: 1,
      receivingClinicianId: 'clin-rui',
    });
  });

  it('stores received reports with their provenance, images without their metadata', async () => {
    const pdf = await upload(testKeys.coordinator, 'application/pdf', 'Звіт лікаря.pdf', pdfReport());
    expect(pdf.statusCode).toBe(201);
    expect(pdf.json()).toMatchObject({
      mediaType: 'application/pdf',
      suppliedBy: 'facility 7 medical unit',
      channel: 'humanitarian channel',
      uploadedBy: 'coord-ana',
    });
    expect(pdf.body).not.toContain('Звіт');
    expect((await upload(testKeys.sendingClinician, 'image/png', 'photo.png', pngReport())).statusCode).toBe(201);
    expect((await upload(testKeys.coordinator, 'image/jpeg', 'photo.jpg', jpegReport())).statusCode).toBe(201);
    // Sent twice under one Idempotency-Key (a retry after a lost answer): stored once, answered the same.
    const once = { 'idempotency-key': 'notes-1' };
    const json = await upload(testKeys.coordinator, 'application/json', 'notes.json', jsonReport(), once);
    expect(json.statusCode).toBe(201);
    const repeat = await upload(testKeys.coordinator, 'application/json', 'notes.json', jsonReport(), once);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual(json.json());
    expect(await reportCount()).toBe(4);
    // Sealed at rest: no name, no text, no picture's location in the row.
    const { rows } = await partnered.stack.db.query<{ sealed_name: Uint8Array; sealed_content: Uint8Array }>(
      'SELECT sealed_name, sealed_content FROM health_reports WHERE case_number = $1',
      [caseNumber],
    );
    for (const row of rows) {
      const stored = Buffer.concat([row.sealed_name, row.sealed_content]).toString('latin1');
      for (const marker of ['Ward 3', 'GPS', '%PDF', 'IHDR', 'JFIF', 'notes']) expect(stored).not.toContain(marker);
    }
  });

  it('refuses hostile uploads with a 4xx and stores nothing', async () => {
    const before = await reportCount();
    const zip = Buffer.from('PK\u0003\u0004 zipped', 'latin1');
    const bombHeader = pngReport(4, 4).subarray(8, 33);
    const hostile: Array<[string, () => Promise<LightMyRequestResponse>, number]> = [
      [
        'oversized',
        () => upload(testKeys.coordinator, 'application/pdf', 'big.pdf', Buffer.alloc(11 * 1024 * 1024, 0x20)),
        413,
      ],
      [
        'a type not taken',
        () => upload(testKeys.coordinator, 'text/html', 'page.html', Buffer.from('<html></html>')),
        415,
      ],
      ['a PNG declared as PDF', () => upload(testKeys.coordinator, 'application/pdf', 'scan.pdf', pngReport()), 422],
      ['a PDF declared as JSON', () => upload(testKeys.coordinator, 'application/json', 'a.json', pdfReport()), 422],
      [
        'a PNG with a ZIP after it',
        () => upload(testKeys.coordinator, 'image/png', 'p.png', Buffer.concat([pngReport(), zip])),
        422,
      ],
      [
        'a PDF with HTML inside',
        () => upload(testKeys.coordinator, 'application/pdf', 'p.pdf', pdfReport('<script>x</script>')),
        422,
      ],
      [
        'a JPEG with a PDF after it',
        () => upload(testKeys.coordinator, 'image/jpeg', 'p.jpg', Buffer.concat([jpegReport(), pdfReport()])),
        422,
      ],
      [
        'a decompression bomb (dimensions)',
        () => upload(testKeys.coordinator, 'image/png', 'b.png', pngReport(60_000, 60_000)),
        422,
      ],
      [
        'a decompression bomb (data)',
        () =>
          upload(
            testKeys.coordinator,
            'image/png',
            'b.png',
            Buffer.concat([
              Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
              bombHeader,
              pngChunk('IDAT', deflateSync(Buffer.alloc(50 * 1024 * 1024))),
              pngChunk('IEND', Buffer.alloc(0)),
            ]),
          ),
        422,
      ],
      [
        'a path in the file name',
        () => upload(testKeys.coordinator, 'application/pdf', '../../etc/report.pdf', pdfReport()),
        400,
      ],
      ['a path, percent-encoded', () => upload(testKeys.coordinator, 'application/pdf', 'a/b.pdf', pdfReport()), 400],
      [
        'a compressed body',
        () => upload(testKeys.coordinator, 'application/pdf', 'c.pdf', pdfReport(), { 'content-encoding': 'gzip' }),
        415,
      ],
      [
        'no provenance',
        () => upload(testKeys.coordinator, 'application/pdf', 'c.pdf', pdfReport(), { 'x-supplied-by': '' }),
        400,
      ],
      ['an escort', () => upload(testKeys.escort, 'application/pdf', 'c.pdf', pdfReport()), 403],
      ['an operator', () => upload(testKeys.operator, 'application/pdf', 'c.pdf', pdfReport()), 403],
    ];
    const answers: Record<string, number> = {};
    for (const [what, send] of hostile) answers[what] = (await send()).statusCode;
    expect(answers).toEqual(Object.fromEntries(hostile.map(([what, , status]) => [what, status])));
    expect(await reportCount()).toBe(before);
  });

  it('shows coordinators the status, the escort nothing before the guardians consent, and refuses operators, labs and reviewers', async () => {
    const early = await summaryAs(testKeys.escort);
    expect(early.statusCode).toBe(403);
    expect(early.json<{ message: string }>().message).toMatch(/not consented to sharing/);

    const coordinator = await summaryAs(testKeys.coordinator);
    expect(coordinator.json()).toMatchObject({ shown: 'status', exists: true, complete: true, reportCount: 4 });
    for (const marker of healthMarkers) expect(coordinator.body).not.toContain(marker);

    expect((await summaryAs(testKeys.clinician)).statusCode).toBe(403);
    for (const key of [testKeys.operator, testKeys.lab, testKeys.reviewer]) {
      const refused = await summaryAs(key);
      expect({ key: key.actorId, status: refused.statusCode }).toEqual({ key: key.actorId, status: 403 });
      for (const marker of healthMarkers) expect(refused.body).not.toContain(marker);
    }
    const fhirAsOperator = await inject({
      method: 'GET',
      url: `/cases/${caseNumber}/health/summary/fhir`,
      headers: auth(testKeys.operator),
    });
    expect(fhirAsOperator.statusCode).toBe(403);
  });

  it('holds the departure until the summary is reviewed, then carries the child to the handover', async () => {
    const consenting = await waitForConsentRequested(partnered.stack, caseNumber);
    for (const consent of consenting.consents.filter((candidate) => candidate.requestedAt)) {
      const token = signConsentToken(partnered.stack.config.api.consentTokenSecret, {
        caseNumber,
        consenteeId: consent.consenteeId,
        role: consent.role,
        language: 'uk',
        expiresAt: Date.now() + 3_600_000,
      });
      const answered = await inject({
        method: 'POST',
        url: `/consent/${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: consent.role === 'child' ? 'decision=given' : 'decision=given&healthSharing=given',
      });
      expect(answered.statusCode).toBeLessThan(300);
    }
    // The guardians consented to the sharing: the escort sees the journey's part, and nothing else.
    await waitForCase(
      partnered.stack,
      caseNumber,
      (state) => state.consents.every((consent) => consent.decision === 'given'),
      'consents given',
    );
    const escort = await summaryAs(testKeys.escort);
    expect(escort.statusCode).toBe(200);
    const seen = JSON.stringify(escort.json());
    expect(escort.json()).toMatchObject({ shown: 'journey', complete: true });
    for (const marker of ['Peanut', 'Salbutamol', 'blue inhaler']) expect(seen).toContain(marker);
    for (const marker of ['Penicillin', 'Cholecalciferol', 'Nightmares', 'Measles', 'Ward 3'])
      expect(seen).not.toContain(marker);
    expect(escort.json()).not.toHaveProperty('reports');
    const documents = await waitForCase(
      partnered.stack,
      caseNumber,
      (state) =>
        state.stage === 'travel-documents' && state.pending.some((action) => action.kind === 'travel-documents'),
      'travel documents requested',
    );
    const application = documents.bookings.find((booking) => booking.kind === 'travel-documents')!;
    expect((await action('travel-documents', { documentReference: application.reference })).statusCode).toBe(200);
    const waiting = await waitForCase(
      partnered.stack,
      caseNumber,
      (state) => state.pending.some((pending) => pending.kind === 'health-summary'),
      'departure waiting for the health summary',
    );
    expect(waiting.stage).toBe('departure');
    expect(waiting.pending.find((pending) => pending.kind === 'health-summary')!.waitingOn).toBe('clinician');
    const tooEarly = await action('transit-events', { event: 'departed' });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json<{ message: string }>().message).toMatch(/health summary must be complete and reviewed/);

    const staleReview = await inject({
      method: 'POST',
      url: `/cases/${caseNumber}/health/summary/review`,
      headers: auth(testKeys.sendingClinician),
      payload: { revision: 2 },
    });
    expect(staleReview.statusCode).toBe(409);
    const reviewed = await inject({
      method: 'POST',
      url: `/cases/${caseNumber}/health/summary/review`,
      headers: auth(testKeys.sendingClinician),
      payload: { revision: 1 },
    });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json()).toMatchObject({ reviewed: true, reviewedBy: 'clin-sam' });
    await waitForCase(
      partnered.stack,
      caseNumber,
      (state) => state.pending.some((pending) => pending.kind === 'departure'),
      'departure awaited',
    );
    expect((await action('transit-events', { event: 'departed' })).statusCode).toBe(200);
    await waitForStage(partnered.stack, caseNumber, 'in-transit');
    // On the way: the escort still sees the journey's part.
    expect((await summaryAs(testKeys.escort)).json()).toMatchObject({ shown: 'journey' });
    expect((await action('transit-events', { event: 'arrived' })).statusCode).toBe(200);
    await waitForStage(partnered.stack, caseNumber, 'handover');
    expect((await action('handover', { signedBy: 'escort' })).statusCode).toBe(200);
    expect((await action('handover', { signedBy: 'guardian' })).statusCode).toBe(200);
    const after = await waitForCase(
      partnered.stack,
      caseNumber,
      (state: CaseState) => state.stage === 'aftercare' && state.healthSummary?.announcedAt !== undefined,
      'aftercare, the clinician told',
    );
    expect(after.healthSummary).toMatchObject({ complete: true, reviewed: true, receivingClinicianId: 'clin-rui' });
  }, 120_000);

  it('tells the receiving clinician at the handover with a link, and no health data', async () => {
    const deadline = Date.now() + 20_000;
    let mail = partnered.mail.messages.find((message) => message.kind === 'health-summary-available');
    while (!mail && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      mail = partnered.mail.messages.find((message) => message.kind === 'health-summary-available');
    }
    expect(mail).toMatchObject({ to: expect.stringContaining('rui@clinic.example.org'), caseNumber });
    const raw = readFileSync(join(partnered.mail.dir, mail!.file), 'utf8');
    expect(raw).toContain(`/cases/${caseNumber}/health/summary`);
    for (const marker of healthMarkers) expect(raw).not.toContain(marker);
  });

  it('gives the receiving clinician everything from the handover on, and the escort nothing more', async () => {
    const clinician = await summaryAs(testKeys.clinician);
    expect(clinician.statusCode).toBe(200);
    expect(clinician.json()).toMatchObject({ shown: 'full', reviewed: true });
    for (const marker of ['Penicillin', 'Nightmares', 'Measles']) expect(clinician.body).toContain(marker);
    const reports = clinician.json<{ reports: Array<{ reportId: string; mediaType: string }> }>().reports;
    expect(reports.map((report) => report.mediaType).sort()).toEqual([
      'application/json',
      'application/pdf',
      'image/jpeg',
      'image/png',
    ]);
    const download = (reportId: string) =>
      inject({
        method: 'GET',
        url: `/cases/${caseNumber}/health/reports/${reportId}`,
        headers: auth(testKeys.clinician),
      });
    const pdf = await download(reports.find((report) => report.mediaType === 'application/pdf')!.reportId);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Звіт лікаря.pdf')}`);
    expect(pdf.rawPayload).toEqual(pdfReport());
    expect(pdf.body).toContain(reportText);
    const png = await download(reports.find((report) => report.mediaType === 'image/png')!.reportId);
    expect(png.rawPayload.toString('latin1')).not.toMatch(/GPS|Mariupol|tEXt|eXIf/);

    expect((await summaryAs(testKeys.escort)).statusCode).toBe(403);
    expect((await summaryAs(testKeys.sendingClinician)).statusCode).toBe(403);
    const asLab = await inject({
      method: 'GET',
      url: `/cases/${caseNumber}/health/reports/${reports[0]!.reportId}`,
      headers: auth(testKeys.lab),
    });
    expect(asLab.statusCode).toBe(403);
  });

  it("records a medical follow-up's findings into the summary, from the receiving clinician only", async () => {
    const outcome = {
      followUpId: 'follow-up-1',
      findings: 'Weight regained; inhaler use down to once a week',
      source: { kind: 'clinician', reference: 'clin-rui' },
      statedAt: new Date().toISOString().slice(0, 10),
    };
    const record = (key: { key: string }, body: object) =>
      inject({
        method: 'POST',
        url: `/cases/${caseNumber}/health/summary/follow-ups`,
        headers: auth(key),
        payload: body,
      });
    expect((await record(testKeys.clinician, { ...outcome, followUpId: 'follow-up-9' })).statusCode).toBe(422);
    expect((await record(testKeys.coordinator, outcome)).statusCode).toBe(403);
    const recorded = await record(testKeys.clinician, outcome);
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json()).toMatchObject({ revision: 2, complete: true, reviewed: false });
    const read = await summaryAs(testKeys.clinician);
    expect(read.json<{ summary: { followUpOutcomes: unknown[] } }>().summary.followUpOutcomes).toEqual([outcome]);
  });

  it('exports the summary as an IPS document Bundle that passes validation', async () => {
    const exported = await inject({
      method: 'GET',
      url: `/cases/${caseNumber}/health/summary/fhir`,
      headers: auth(testKeys.clinician),
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = exported.json<Bundle>();
    expect(fhirIssues(bundle)).toEqual([]);
    expect(ipsProblems(bundle)).toEqual([]);
    expect(bundle.entry!.filter((entry) => entry.resource!.resourceType === 'AllergyIntolerance')).toHaveLength(2);
    expect(JSON.stringify(bundle.entry![0]!.resource)).toContain('Weight regained');
  });

  it('logs every read and write, and audits each without content', async () => {
    const log = await inject({
      method: 'GET',
      url: `/cases/${caseNumber}/access-log`,
      headers: auth(testKeys.supervisor),
    });
    const entries = log.json<{ intact: boolean; entries: Array<{ kind: string; actorId: string }> }>();
    expect(entries.intact).toBe(true);
    const kinds = entries.entries.map((entry) => `${entry.kind} ${entry.actorId}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'health-care-team coord-ana',
        'health-summary-write clin-sam',
        'health-report-upload coord-ana',
        'health-journey esc-iva',
        'health-status coord-ana',
        'health-summary clin-rui',
        'health-report clin-rui',
        'health-export clin-rui',
      ]),
    );
    const audit = await inject({ method: 'GET', url: `/cases/${caseNumber}/audit`, headers: auth(testKeys.operator) });
    expect(audit.statusCode).toBe(200);
    const trail = audit.body;
    expect(trail).toContain('health-summary-write');
    expect(trail).toContain('health-export');
    for (const marker of healthMarkers) expect(trail).not.toContain(marker);
  });
});

describe("a guardian's withdrawal of the sharing", () => {
  it('is honoured at once: the receiving clinician sees nothing from then on', async () => {
    const withdrawn = await inject({
      method: 'POST',
      url: `/cases/${caseNumber}/health/sharing-withdrawals`,
      headers: auth(testKeys.coordinator),
      payload: { consenteeId: 'mother' },
    });
    expect(withdrawn.statusCode).toBe(200);
    const refused = await summaryAs(testKeys.clinician);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ message: string }>().message).toMatch(/not consented to sharing/);
    const again = await inject({
      method: 'POST',
      url: `/cases/${caseNumber}/health/sharing-withdrawals`,
      headers: auth(testKeys.coordinator),
      payload: { consenteeId: 'mother' },
    });
    expect(again.statusCode).toBe(422);
    expect((await summaryAs(testKeys.coordinator)).json()).toMatchObject({ shown: 'status' });
  });
});

describe('the OpenAPI document', () => {
  it('lists every status the health routes answered here', async () => {
    type Document = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    const document = (await partnered.stack.app.inject({ method: 'GET', url: '/openapi.json' })).json<Document>();
    expect([...new Set(answered.map((answer) => `${answer.method} ${answer.path}`))].sort()).toEqual([
      'get /cases/{caseNumber}/health/reports/{reportId}',
      'get /cases/{caseNumber}/health/summary',
      'get /cases/{caseNumber}/health/summary/fhir',
      'post /cases/{caseNumber}/health/reports',
      'post /cases/{caseNumber}/health/sharing-withdrawals',
      'post /cases/{caseNumber}/health/summary/follow-ups',
      'post /cases/{caseNumber}/health/summary/review',
      'put /cases/{caseNumber}/health/care-team',
      'put /cases/{caseNumber}/health/summary',
    ]);
    const missing = answered
      .filter((answer) => !(String(answer.status) in (document.paths[answer.path]?.[answer.method]?.responses ?? {})))
      .map((answer) => `${answer.method} ${answer.path} ${answer.status}`);
    expect([...new Set(missing)]).toEqual([]);
  });
});

describe('health content outside the sealed registry rows', () => {
  const markers = [...healthMarkers, 'Звіт лікаря'];

  it('is in none of the history, search attributes, memo, logs or emails', async () => {
    const { stack } = partnered;
    const history = await stack.client.workflow.getHandle(workflowIdFor(caseNumber)).fetchHistory();
    const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
    const description = await stack.client.workflow.getHandle(workflowIdFor(caseNumber)).describe();
    const visible = JSON.stringify({ attributes: description.typedSearchAttributes, memo: description.memo ?? null });
    const logs = stack.logLines.join('\n');
    const runtime = runtimeLog.join('\n');
    const mail = readdirSync(partnered.mail.dir)
      .map((file) => readFileSync(join(partnered.mail.dir, file), 'utf8'))
      .join('\n');
    expect(logs).toContain('/cases/:caseNumber/health/summary');
    for (const marker of [...markers, ...personalDataMarkers.slice(0, 2)]) {
      expect({ marker, history: raw.includes(marker) }).toEqual({ marker, history: false });
      expect({ marker, visible: visible.includes(marker) }).toEqual({ marker, visible: false });
      expect({ marker, logs: logs.includes(marker) }).toEqual({ marker, logs: false });
      expect({ marker, runtime: runtime.includes(marker) }).toEqual({ marker, runtime: false });
      expect({ marker, mail: mail.includes(marker) }).toEqual({ marker, mail: false });
    }
  });

  it('is in none of the weekly figures', async () => {
    const weekly = await partnered.stack.app.inject({ method: 'GET', url: '/dashboard/weekly' });
    expect(weekly.statusCode).toBe(200);
    for (const marker of markers) expect(weekly.body).not.toContain(marker);
  });
});
