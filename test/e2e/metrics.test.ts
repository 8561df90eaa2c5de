/**
 * Issue 21, metrics: the worker's, the API's and the Temporal server's Prometheus endpoints scraped as Prometheus
 * scrapes them, on the production processes (test/support/production-stack.ts), while one case moves. The mail server
 * is cut before the case's first reminder and the partners before its record checks, then each comes back: the scrapes
 * before and after show the exact number of emails sent, failed sends, partner calls and their retries, the
 * escalation, and the open cases by stage, overdue and escalated moving up and down. No label holds the case number or
 * anything about the child or the family. With the registry's PostgreSQL down, the API still answers its scrape, its
 * case gauges empty. Then every series the Grafana dashboard charts is one these endpoints really serve. About 90 s
 * on 2 cores once the stack is up, most of it the identification deadline (20 s), partner retries and the restart.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoBatch, runDemo } from '../../scripts/demo-batch';
import { caseStages, type CaseState } from '../../src/domain/case';
import { eventually } from '../support/eventually';
import { scrape, seriesNames, total, type Scrape } from '../support/metrics-scrape';
import { startProductionStack, type ProductionStack } from '../support/production-stack';
import { dashboardExpressions, readPromql } from '../support/promql-names';
import { testKeys, workflowBundlePath } from '../support/stack';

const root = resolve(__dirname, '../..');
const say = (line: string) => process.stderr.write(`[metrics] ${line}\n`);
const demoCase = demoBatch[0]!;

describe('the Prometheus endpoints, while a case moves', () => {
  let stack: ProductionStack;
  let caseNumber: string;
  const worker = () => scrape(stack.metricsUrls.worker);
  const api = () => scrape(stack.metricsUrls.api);
  let last: { worker: Scrape; api: Scrape; temporal: Scrape };

  beforeAll(async () => {
    stack = await startProductionStack({
      name: 'metrics',
      say,
      workflowBundlePath: workflowBundlePath(),
      environment: {
        // The identification wait reminds at 10 s and escalates at 20 s; the next escalation is an hour later.
        CASE_POLICY: JSON.stringify({
          waits: { identification: { deadline: '20s', remindAt: [0.5] } },
          escalationInterval: '1h',
        }),
        LOG_LEVEL: 'warn',
      },
    });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const caseStage = async () => {
    const response = await fetch(`${stack.apiUrl}/cases/${caseNumber}`, {
      headers: { authorization: `Bearer ${testKeys.coordinator.key}` },
    });
    return ((await response.json()) as CaseState).stage;
  };
  const send = async (key: string, path: string, body: unknown, idempotencyKey: string) => {
    const response = await fetch(`${stack.apiUrl}/cases/${caseNumber}/${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
  };

  it('counts emails, partner calls, retries and the escalation, and the case gauges follow the case', async () => {
    const before = await worker();
    const grew = (after: Scrape, name: string, labels: Record<string, string> = {}) =>
      total(after, name, labels) - total(before, name, labels);
    const open = (scraped: Scrape, stage: string) => total(scraped, 'homeward_cases_open', { stage });
    // A fresh registry: no case open anywhere, none overdue.
    const empty = await api();
    expect(total(empty, 'homeward_cases_open')).toBe(0);
    expect(total(empty, 'homeward_cases_overdue')).toBe(0);
    // Every stage a case can be open in is there at 0, so a panel's line starts at the first scrape.
    expect(
      empty.samples
        .filter((sample) => sample.name === 'homeward_cases_open')
        .map((sample) => sample.labels.stage)
        .sort(),
    ).toEqual(caseStages.filter((stage) => stage !== 'closed').sort());

    // The mail server goes down before anything is mailed; the case waits for the coordinator's identity details.
    stack.mailLink.cut();
    const runId = randomBytes(3).toString('hex');
    const [registered] = await runDemo({
      apiUrl: stack.apiUrl,
      simulatorUrl: stack.simulatorUrl,
      coordinatorKey: testKeys.coordinator.key,
      reviewerKey: testKeys.reviewer.key,
      runId,
      say: () => undefined,
      pollMs: 200,
      timeoutMs: 60_000,
      batch: [demoCase],
      stopAt: 'identification',
    });
    caseNumber = registered!.caseNumber;
    expect(registered!.stage).toBe('identification');
    const waiting = await eventually(
      api,
      (page) => open(page, 'identification') === 1,
      'the case gauged as identifying',
    );
    expect(total(waiting, 'homeward_cases_open')).toBe(1);

    // The reminder (at 10 s) fails while the mail server is down, and goes out once it is back.
    const failing = await eventually(
      worker,
      (page) => grew(page, 'homeward_emails_failed_total', { kind: 'reminder' }) >= 1,
      'a failed reminder',
      90_000,
    );
    expect(grew(failing, 'homeward_emails_sent_total', { kind: 'reminder' })).toBe(0);
    stack.mailLink.restore();

    // At the deadline (20 s) the wait escalates to the coordinator's level: overdue, escalated, mailed, counted once.
    const escalated = await eventually(
      async () => ({ worker: await worker(), api: await api() }),
      (pages) =>
        grew(pages.worker, 'homeward_emails_sent_total', { kind: 'escalation' }) === 1 &&
        total(pages.api, 'homeward_cases_escalated', { level: '1' }) === 1,
      'the escalation, mailed and gauged',
      90_000,
    );
    expect(grew(escalated.worker, 'homeward_emails_sent_total', { kind: 'reminder' })).toBe(1);
    expect(grew(escalated.worker, 'homeward_emails_failed_total', { permanent: 'true' })).toBe(0);
    expect(
      grew(escalated.worker, 'homeward_escalations_total', {
        level: '1',
        to: 'coordinator',
        waiting_on: 'coordinator',
      }),
    ).toBe(1);
    expect(grew(escalated.worker, 'homeward_escalations_total')).toBe(1);
    expect(total(escalated.api, 'homeward_cases_overdue', { waiting_on: 'coordinator' })).toBe(1);
    expect(total(escalated.api, 'homeward_cases_overdue')).toBe(1);

    // The partners go down; the coordinator gives the documents; the three record checks fail and are retried.
    stack.partnerLink.cut();
    await send(
      testKeys.coordinator.key,
      'identity-details',
      {
        documents: {
          civilRegistryReference: `CR-1-${runId}`,
          medicalRecordReference: `MED-1-${runId}`,
          schoolRecordReference: `SCH-1-${runId}`,
        },
      },
      'documents-1',
    );
    const registries = { partner: 'registries', operation: 'check' };
    const retrying = await eventually(
      async () => ({ worker: await worker(), api: await api() }),
      (pages) =>
        grew(pages.worker, 'homeward_partner_call_retries_total', registries) >= 1 &&
        open(pages.api, 'record-checks') === 1,
      'a record check retried while the registries are down',
      90_000,
    );
    // The identification wait closed with the documents: nothing is overdue or escalated any more.
    expect(open(retrying.api, 'identification')).toBe(0);
    expect(total(retrying.api, 'homeward_cases_overdue')).toBe(0);
    expect(total(retrying.api, 'homeward_cases_escalated')).toBe(0);
    expect(grew(retrying.worker, 'homeward_partner_calls_total', { ...registries, outcome: 'ok' })).toBe(0);
    stack.partnerLink.restore();

    const verifying = await eventually(caseStage, (stage) => stage === 'verification', 'record checks done', 120_000);
    expect(verifying).toBe('verification');
    const checked = await worker();
    const failed = grew(checked, 'homeward_partner_calls_total', { ...registries, outcome: 'failed' });
    // Civil, medical and school: each checked once successfully, every failure followed by exactly one retry.
    expect(grew(checked, 'homeward_partner_calls_total', { ...registries, outcome: 'ok' })).toBe(3);
    // The three first attempts start together (the checks run side by side) while the registries are down.
    expect(failed).toBeGreaterThanOrEqual(3);
    expect(grew(checked, 'homeward_partner_call_retries_total', registries)).toBe(failed);
    expect(grew(checked, 'homeward_partner_calls_total', { outcome: 'rejected' })).toBe(0);

    // The reviewer verifies; the case asks the mother's consent by email.
    await send(testKeys.reviewer.key, 'verification', { decision: 'verified', note: 'records reviewed' }, 'verify-1');
    const asking = await eventually(
      async () => ({ worker: await worker(), api: await api() }),
      (pages) =>
        grew(pages.worker, 'homeward_emails_sent_total', { kind: 'consent-request' }) === 1 &&
        open(pages.api, 'consent') === 1,
      'the consent request, mailed and gauged',
      90_000,
    );
    expect(open(asking.api, 'verification')).toBe(0);
    expect(total(asking.api, 'homeward_cases_open')).toBe(1);
    expect(total(asking.api, 'homeward_case_figures_failures_total')).toBe(0);

    // Kinds, parties, stages and levels only: not the case number, nor a name or address of the child or family.
    const personal = [
      caseNumber,
      ...demoCase.child.name.split(' '),
      ...demoCase.claimants.flatMap((claimant) => [claimant.email ?? '', ...claimant.name.split(' ')]),
    ].filter(Boolean);
    const labelValues = [...asking.worker.samples, ...asking.api.samples].flatMap((sample) =>
      Object.values(sample.labels),
    );
    expect(labelValues.filter((value) => personal.some((word) => value.includes(word)))).toEqual([]);
    last = { worker: asking.worker, api: asking.api, temporal: await scrape(stack.metricsUrls.temporal!) };
  }, 480_000);

  it('answers a scrape while the registry is down, its case gauges empty and the failed read counted', async () => {
    expect(caseNumber).toBeDefined();
    const restarting = stack.restartPostgres(8000);
    try {
      const down = await eventually(
        api,
        (page) => total(page, 'homeward_case_figures_failures_total') >= 1,
        'a scrape that could not read the registry',
        30_000,
      );
      // Nothing rather than a figure that is no longer true; the API's own series are still served.
      expect(down.samples.filter((sample) => sample.name.startsWith('homeward_cases_'))).toEqual([]);
      expect(total(down, 'homeward_api_requests_total')).toBeGreaterThan(0);
    } finally {
      await restarting;
    }
    const back = await eventually(
      api,
      (page) => total(page, 'homeward_cases_open', { stage: 'consent' }) === 1,
      'figures read again',
    );
    expect(total(back, 'homeward_cases_open')).toBe(1);
  }, 120_000);

  it('serves every series the Homeward dashboard charts', () => {
    expect(last).toBeDefined();
    const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/dashboards/homeward.json'), 'utf8')) as {
      panels: unknown[];
    };
    const expressions = dashboardExpressions(dashboard);
    expect(expressions.length).toBeGreaterThan(10);
    const read = expressions.map((expression) => ({ expression, ...readPromql(expression) }));
    expect(read.filter((one) => one.errors.length > 0 || one.series.length === 0)).toEqual([]);
    const served = new Set([
      ...seriesNames(last.worker),
      ...seriesNames(last.api),
      ...seriesNames(last.temporal),
      // Prometheus's own, one per target it scrapes.
      'up',
    ]);
    const charted = [...new Set(read.flatMap((one) => one.series))];
    expect(charted.filter((name) => !served.has(name))).toEqual([]);
    // And every label an expression matches on or groups by is one its series carry (or one Prometheus adds).
    const scraped = [...last.worker.samples, ...last.api.samples, ...last.temporal.samples];
    const unknownLabels = read.flatMap(({ expression, series, labels }) => {
      const carried = new Set(['job', 'instance']);
      for (const sample of scraped)
        if (series.includes(sample.name)) for (const label of Object.keys(sample.labels)) carried.add(label);
      return labels.filter((label) => !carried.has(label)).map((label) => `${label} in ${expression}`);
    });
    expect(unknownLabels).toEqual([]);
    // The dashboard charts each domain series at least once.
    expect(charted).toEqual(
      expect.arrayContaining([
        'homeward_cases_open',
        'homeward_cases_overdue',
        'homeward_cases_escalated',
        'homeward_escalations_total',
        'homeward_emails_sent_total',
        'homeward_emails_failed_total',
        'homeward_partner_calls_total',
        'homeward_partner_call_retries_total',
        'homeward_api_requests_total',
      ]),
    );
  });
});
