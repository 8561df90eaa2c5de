/**
 * Issue 21: Homeward on the Temporal server its users deploy (test/support/temporal-cluster.ts: the compose image's
 * server version on PostgreSQL, its services as separate processes, two of history and two of matching, configured
 * by the file compose gives the image), with the worker and the API as separate production processes. A whole case
 * runs through it; then the demo batch runs while a history process and the frontend are each killed twice with
 * SIGKILL and started again, PostgreSQL (Temporal's and the registry's) is stopped as by a crash and started again,
 * and the worker is cut off from the server for longer than its sticky queue timeout. Every case still ends as
 * expected, every history replays with today's workflow bundle, nothing is mailed, booked or ordered twice, and the
 * API never answers 500 (a 503 says when to retry). About two minutes on 2 cores once the server is built, up to
 * about five when a fault loses an activity's completion (its case then waits out the activity's 2-minute
 * start-to-close timeout); a machine's first run builds the server in the test set-up (about 7 minutes, then cached).
 */
import { randomBytes } from 'node:crypto';
import { demoBatch, runDemo } from '../../scripts/demo-batch';
import { batchOf, checkCases, driveWithFaults, type FaultPlan } from '../support/fault-run';
import { startProductionStack, type ProductionStack } from '../support/production-stack';
import { testKeys, workflowBundlePath } from '../support/stack';

const say = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
const seed = Number(process.env.HOMEWARD_FAULT_SEED ?? 21_2026);

type Series = Array<{ name: string; labels: Record<string, string>; value: number }>;

/** A Prometheus text page, read line by line (comments skipped). */
async function scrape(url: string): Promise<Series> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.text())
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, name, labels, value] = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line) ?? [];
      return {
        name: name ?? '',
        labels: Object.fromEntries([...(labels ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, v]) => [key!, v!])),
        value: Number(value),
      };
    });
}

const sum = (series: Series, name: string, labels: Record<string, string> = {}) =>
  series
    .filter((one) => one.name === name && Object.entries(labels).every(([key, value]) => one.labels[key] === value))
    .reduce((total, one) => total + one.value, 0);

describe('Homeward on the Temporal server as deployed (PostgreSQL, services apart)', () => {
  let stack: ProductionStack;

  beforeAll(async () => {
    stack = await startProductionStack({
      name: 'cluster',
      say,
      // More than one history and matching process, as a deployment that outgrows one machine runs them.
      temporalCluster: { instances: { history: 2, matching: 2 } },
      workerTemporalLink: true,
      workflowBundlePath: workflowBundlePath(),
      environment: {
        // 7 days of identification is 30 s: a service down for seconds never outlasts a wait; follow-ups 4–13 s on.
        POLICY_TIME_SCALE: '20000',
        CASE_POLICY: JSON.stringify({ followUpsAfterHandover: ['1 day', '2 days', '3 days'] }),
        WORKER_SHUTDOWN_GRACE_SECONDS: '5',
        LOG_LEVEL: 'warn',
      },
    });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('takes a case from registration to its closing follow-up, its history replays, and the metrics show it', async () => {
    const before = await Promise.all([scrape(stack.metricsUrls.worker), scrape(stack.metricsUrls.api)]);
    const results = await runDemo({
      apiUrl: stack.apiUrl,
      simulatorUrl: stack.simulatorUrl,
      coordinatorKey: testKeys.coordinator.key,
      reviewerKey: testKeys.reviewer.key,
      runId: randomBytes(3).toString('hex'),
      say: () => undefined,
      pollMs: 300,
      timeoutMs: 120_000,
      batch: [demoBatch[0]!],
    });
    expect(results.map(({ stage, outcome }) => ({ stage, outcome }))).toEqual([
      { stage: 'closed', outcome: 'reunited' },
    ]);
    const check = await checkCases(stack, results);
    expect(check.problems).toEqual([]);
    expect(check.replayed).toBe(check.runs);
    expect(check.auditTrailsVerified).toBe(1);

    // What Prometheus would scrape: the worker's runtime (the SDK's exporter) and the API's requests, moved by the case.
    const [worker, api] = await Promise.all([scrape(stack.metricsUrls.worker), scrape(stack.metricsUrls.api)]);
    const grew = (after: Series, earlier: Series, name: string, labels: Record<string, string> = {}) =>
      sum(after, name, labels) - sum(earlier, name, labels);
    expect(grew(worker, before[0], 'temporal_workflow_completed', { workflow_type: 'reunificationCase' })).toBe(1);
    expect(grew(worker, before[0], 'temporal_activity_execution_latency_count')).toBeGreaterThan(5);
    expect(grew(api, before[1], 'homeward_api_requests_total', { route: '/cases', status: '201' })).toBe(1);
    expect(grew(api, before[1], 'homeward_api_request_duration_seconds_count')).toBeGreaterThan(5);
    expect(sum(api, 'homeward_api_requests_total', { status: '500' })).toBe(0);
  }, 180_000);

  it('ends every case as expected, and every history replays, after SIGKILLs of a history process and the frontend, and a PostgreSQL restart', async () => {
    const plan: FaultPlan = {
      seed,
      workerKills: 0,
      apiKills: 0,
      serverRestarts: 0,
      historyKills: 2,
      frontendKills: 2,
      postgresRestarts: 1,
      // Longer than the worker's sticky queue timeout (10 s): its cached cases' tasks go back to the shared queue.
      workerCutOffMs: 15_000,
      serverDownMs: 4000,
      mailOutageMs: 0,
      partnerOutageMs: 0,
      registryStallMs: 0,
      gapMs: [3000, 7000],
    };
    // Every answer the API gives the people driving the cases, read as they read it.
    const answers: Array<{ route: string; status: number; retryAfter: string | null }> = [];
    const fetchAsUsual = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const response = await fetchAsUsual(input, init);
      const url = String(input instanceof Request ? input.url : input);
      if (url.startsWith(stack.apiUrl))
        answers.push({
          route: `${init?.method ?? 'GET'} ${url.slice(stack.apiUrl.length)}`,
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
        });
      return response;
    };
    const run = await driveWithFaults(stack, {
      batch: batchOf(1),
      plan,
      runId: randomBytes(3).toString('hex'),
      say: (line) => line.startsWith('fault') && say(line),
      // A fault can lose an activity's completion: its case waits out the 2-minute start-to-close timeout first.
      timeoutMs: 300_000,
    }).finally(() => (globalThis.fetch = fetchAsUsual));
    const check = await checkCases(stack, run.results);
    say(
      `${run.results.length} cases and ${run.faults.length} faults in ${run.seconds.toFixed(0)} s; ${check.runs} runs replayed, ${check.replayFailures.length} failed; ${check.faultedHistories.length} histories with a timed-out or failed workflow task`,
    );
    for (const line of check.repeatedDeliveries) say(`repeated delivery: ${line}`);
    const unavailable = answers.filter((answer) => answer.status === 503);
    say(`${answers.length} answers from the API, ${unavailable.length} of them 503`);
    // While a service is down the API says so and when to try again; it never fails with a 500.
    expect(answers.filter((answer) => answer.status >= 500 && answer.status !== 503)).toEqual([]);
    expect(unavailable.filter((answer) => !answer.retryAfter)).toEqual([]);
    expect(check.problems).toEqual([]);
    expect(check.replayed).toBe(check.runs);
    expect(check.runs).toBeGreaterThanOrEqual(run.results.length);
    expect(check.auditTrailsVerified).toBe(run.results.length);
    expect(run.faults.map((fault) => fault.kind).sort()).toEqual([
      'frontend-kill',
      'frontend-kill',
      'history-kill',
      'history-kill',
      'postgres-restart',
      'worker-cut-off',
    ]);
    expect(stack.workerLink!.refused).toBeGreaterThan(0);
  }, 420_000);
});
