/**
 * Issue 21: Homeward on the Temporal server its users deploy (test/support/temporal-cluster.ts: the compose image's
 * server version on PostgreSQL, its services as separate processes, two of history and two of matching, configured
 * by the file compose gives the image), with two workers and two API processes (behind a round-robin balancer) as
 * separate production processes. A whole case runs through it, and the metrics show it; then the demo batch runs
 * while a history process and the frontend are killed with SIGKILL and started again, PostgreSQL (Temporal's and the
 * registry's) is stopped as by a crash and started again, one worker is cut off from the server for longer than its
 * sticky queue timeout and the other is killed with SIGKILL for good. Every case still ends as expected within a
 * deadline derived from the faults and the activities' timeouts, every history replays with today's workflow bundle,
 * nothing is booked or ordered twice, and the API never answers 500 (a 503 says when to retry). Last, a new workflow
 * build (one change behind patched()) is rolled out one worker at a time under running cases. About three and a half
 * minutes on 2 loaded cores once the server is built (the fault run 60-80 s of it); a machine's first run builds the
 * server in the test set-up (about 7 minutes, then cached).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { msToNumber } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { bundleCaseWorkflows } from '../../src/workers/workflow-code';
import { demoBatch, runDemo, type DemoCase, type DemoResult } from '../../scripts/demo-batch';
import { workflowIdFor } from '../../src/domain/case-number';
import { partnerCallOptions } from '../../src/workflows/case/activities';
import {
  auditCatchUpMs,
  batchOf,
  checkCases,
  driveWithFaults,
  replayWith,
  untilClosedCasesComplete,
  type FaultPlan,
  type RunHistory,
} from '../support/fault-run';
import { startProductionStack, type ProductionStack } from '../support/production-stack';
import { testKeys, workflowBundlePath } from '../support/stack';
import { until } from '../support/stack-process';
import { upgradePatchId } from '../support/workflows/upgrade-interceptor';

const say = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
const seed = Number(process.env.HOMEWARD_FAULT_SEED ?? 21_2026);

/**
 * How long one case of the demo batch may take under a plan's faults, from what bounds each delay: the case's own
 * pace on this stack (under a minute undisturbed, on 2 loaded cores), the time the plan keeps a part down (each
 * restarted service also needs a few seconds to serve again), and attempts the faults lose. A lost activity task or
 * result is retried once the server stops hearing the attempt's heartbeat, after the retry policy's first interval;
 * a lost workflow task after its 10 s timeout, well within that.
 */
function caseDeadlineMs(plan: FaultPlan): number {
  const undisturbedMs = 60_000;
  const restarts = (plan.historyKills ?? 0) + (plan.frontendKills ?? 0) + (plan.postgresRestarts ?? 0);
  const downMs = (plan.workerCutOffMs ?? 0) + restarts * (plan.serverDownMs + 3000);
  const lostAttemptMs =
    msToNumber(partnerCallOptions.heartbeatTimeout) + msToNumber(partnerCallOptions.retry.initialInterval);
  // Two in a row in one case at most: the faults come within a minute, and each lost attempt holds its case ~35 s.
  return undisturbedMs + downMs + 2 * lostAttemptMs;
}

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

/** Every replica's page: a counter's total is their sum, as Prometheus's sum() gives it. */
const scrapeAll = async (urls: string[]) => (await Promise.all(urls.map(scrape))).flat();

const sum = (series: Series, name: string, labels: Record<string, string> = {}) =>
  series
    .filter((one) => one.name === name && Object.entries(labels).every(([key, value]) => one.labels[key] === value))
    .reduce((total, one) => total + one.value, 0);

describe('Homeward on the Temporal server as deployed (PostgreSQL, services apart)', () => {
  let stack: ProductionStack;
  /** The rolling upgrade's new build: the real workflow with one change behind patched(). */
  let newBuild: string;

  beforeAll(async () => {
    const bundling = bundleCaseWorkflows({
      extraInterceptorModules: [require.resolve('../support/workflows/upgrade-interceptor')],
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message) => say(message) },
    }).then((code) => {
      const path = join(mkdtempSync(join(tmpdir(), 'homeward-new-build-')), 'workflows.js');
      writeFileSync(path, code);
      return path;
    });
    stack = await startProductionStack({
      name: 'cluster',
      say,
      // More than one history and matching process, as a deployment that outgrows one machine runs them.
      temporalCluster: { instances: { history: 2, matching: 2 } },
      workerTemporalLink: true,
      // As a deployment that outgrows one machine runs them: the APIs behind a round-robin balancer.
      workers: 2,
      apis: 2,
      workflowBundlePath: workflowBundlePath(),
      environment: {
        // 7 days of identification is 30 s: a service down for seconds never outlasts a wait; follow-ups 4–13 s on.
        POLICY_TIME_SCALE: '20000',
        CASE_POLICY: JSON.stringify({ followUpsAfterHandover: ['1 day', '2 days', '3 days'] }),
        WORKER_SHUTDOWN_GRACE_SECONDS: '5',
        LOG_LEVEL: 'warn',
      },
    });
    newBuild = await bundling;
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('takes a case from registration to its closing follow-up, its history replays, and the metrics show it', async () => {
    const before = await Promise.all([scrapeAll(stack.metricsUrls.workers), scrapeAll(stack.metricsUrls.apis)]);
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
    await untilClosedCasesComplete(stack, results, auditCatchUpMs);
    const check = await checkCases(stack, results);
    expect(check.problems).toEqual([]);
    expect(check.replayed).toBe(check.runs);
    expect(check.auditTrailsVerified).toBe(1);

    // What Prometheus would scrape: the worker's runtime (the SDK's exporter) and the API's requests, moved by the case.
    const [worker, api] = await Promise.all([scrapeAll(stack.metricsUrls.workers), scrapeAll(stack.metricsUrls.apis)]);
    const grew = (after: Series, earlier: Series, name: string, labels: Record<string, string> = {}) =>
      sum(after, name, labels) - sum(earlier, name, labels);
    expect(grew(worker, before[0], 'temporal_workflow_completed', { workflow_type: 'reunificationCase' })).toBe(1);
    expect(grew(worker, before[0], 'temporal_activity_execution_latency_count')).toBeGreaterThan(5);
    expect(grew(api, before[1], 'homeward_api_requests_total', { route: '/cases', status: '201' })).toBe(1);
    expect(grew(api, before[1], 'homeward_api_request_duration_seconds_count')).toBeGreaterThan(5);
    expect(sum(api, 'homeward_api_requests_total', { status: '500' })).toBe(0);
  }, 180_000);

  it('ends every case as expected, and every history replays, after SIGKILLs of a history process, the frontend and one worker of two for good, and a PostgreSQL restart', async () => {
    const plan: FaultPlan = {
      seed,
      workerKills: 0,
      workerKillsForGood: 1,
      apiKills: 0,
      serverRestarts: 0,
      historyKills: 1,
      frontendKills: 1,
      postgresRestarts: 1,
      // Longer than the worker's sticky queue timeout (10 s): its cached cases' tasks go back to the shared queue. The
      // first worker is the one cut off; the second is the one killed for good.
      workerCutOffMs: 15_000,
      serverDownMs: 4000,
      mailOutageMs: 0,
      partnerOutageMs: 0,
      registryStallMs: 0,
      // Every fault within the batch's first 40 s: the cases take about 45 s undisturbed, and faults stop with them.
      gapMs: [1500, 3500],
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
      timeoutMs: caseDeadlineMs(plan),
    }).finally(() => (globalThis.fetch = fetchAsUsual));
    await untilClosedCasesComplete(stack, run.results, auditCatchUpMs);
    const check = await checkCases(stack, run.results);
    say(
      `${run.results.length} cases and ${run.faults.length} faults in ${run.seconds.toFixed(0)} s; ${check.runs} runs replayed, ${check.replayFailures.length} failed; ${check.faultedHistories.length} histories with a timed-out or failed workflow task`,
    );
    for (const line of check.repeatedDeliveries) say(`repeated delivery: ${line}`);
    for (const line of check.retriedActivities) say(`retried: ${line}`);
    say(`workflow tasks by worker: ${JSON.stringify(check.workflowTasksBy)}`);
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
      'history-kill',
      'postgres-restart',
      'worker-cut-off',
      'worker-kill-for-good',
    ]);
    expect(stack.workerLink!.refused).toBeGreaterThan(0);
    // The worker killed for good had cases in hand, and the other took them over; it never came back.
    const killed = run.faults.find((fault) => fault.kind === 'worker-kill-for-good')!.detail!.replace('pid ', '');
    const byPid = (pid: string) =>
      Object.entries(check.workflowTasksBy)
        .filter(([identity]) => identity.startsWith(`${pid}@`))
        .reduce((total, [, count]) => total + count, 0);
    expect(byPid(killed)).toBeGreaterThan(0);
    expect(byPid(String(stack.worker.pid))).toBeGreaterThan(byPid(killed));
    expect(stack.workers[1]!.running).toBe(false);
    // A message goes out again only when its sender died between the mail server's acceptance and the registry's
    // note of it (a PostgreSQL restart that brief is waited out): here only the worker killed for good dies so.
    const killedAt = run.startedAt + run.faults.find((fault) => fault.kind === 'worker-kill-for-good')!.at;
    expect(
      check.repeatedFirstDeliveries.filter((at) => at.getTime() < killedAt - 5000 || at.getTime() > killedAt + 1000),
    ).toEqual([]);
    // Both API processes behind the balancer answered the people driving the cases.
    for (const url of stack.metricsUrls.apis)
      expect(sum(await scrape(url), 'homeward_api_requests_total', { route: '/cases/:caseNumber' })).toBeGreaterThan(0);
  }, 420_000);
  it('rolls a new workflow build out one worker at a time under running cases: they go on, new cases take the new path, and every history replays', async () => {
    // The worker killed for good above is replaced first, as a deployment replaces a lost machine: the old build.
    if (!stack.workers[1]!.running) await stack.workers[1]!.start();
    const oldBuild = stack.workflowBundlePath;
    const registered: string[] = [];
    const drive = (batch: DemoCase[]) =>
      runDemo({
        apiUrl: stack.apiUrl,
        simulatorUrl: stack.simulatorUrl,
        coordinatorKey: testKeys.coordinator.key,
        reviewerKey: testKeys.reviewer.key,
        runId: randomBytes(3).toString('hex'),
        say: (line) => void (/^(HW-\S+) .*registered$/.test(line) && registered.push(line.split(' ')[0]!)),
        pollMs: 300,
        // Undisturbed a case takes under a minute; each worker's turn costs its 5 s of grace and a start.
        timeoutMs: 120_000,
        batch,
      });
    const running = drive([demoBatch[0]!, demoBatch[4]!, demoBatch[8]!, demoBatch[9]!]);
    await until('the running batch to be registered', async () => registered.length === 4, 60_000);
    const startedBefore = [...registered];
    // A case runs on the build that completes its first workflow task: registered just before a worker stops, it
    // would take the new path, as it should. The cases running through the rollout are the ones the old build began.
    const begun = async (caseNumber: string) =>
      ((await stack.client.workflow.getHandle(workflowIdFor(caseNumber)).fetchHistory()).events ?? []).some(
        (event) => event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      );
    await until(
      'the running batch to be begun by the old build',
      async () => (await Promise.all(startedBefore.map(begun))).every(Boolean),
      60_000,
    );

    // What an operator does: one worker at a time, stopped with SIGTERM and started on the new build.
    const newPids: number[] = [];
    for (const [index, worker] of stack.workers.entries()) {
      stack.workerEnvironments[index]!.WORKFLOW_BUNDLE_PATH = newBuild;
      expect(await worker.kill('SIGTERM')).toBe(0);
      await worker.start();
      newPids.push(worker.pid!);
      say(`worker ${index + 1} on the new build`);
    }
    const openAfterRollout: string[] = [];
    for (const caseNumber of startedBefore) {
      const { status } = await stack.client.workflow.getHandle(workflowIdFor(caseNumber)).describe();
      if (status.name === 'RUNNING') openAfterRollout.push(caseNumber);
    }
    const started = drive([demoBatch[1]!, demoBatch[9]!]);
    const [before, after] = await Promise.all([running, started]);
    await untilClosedCasesComplete(stack, [...before, ...after], auditCatchUpMs);
    const check = await checkCases(stack, [...before, ...after], newBuild);
    say(
      `rolling upgrade: ${before.length} cases running through it (${openAfterRollout.length} still open after it), ${after.length} started after; ${check.runs} runs replayed with the new build`,
    );
    expect(check.problems).toEqual([]);
    expect(check.replayed).toBe(check.runs);

    // The cases that ran through the rollout went on under the new build, on its old path; the new ones took the new.
    expect(openAfterRollout.length).toBeGreaterThan(0);
    const historiesOf = (cases: DemoResult[]) =>
      check.histories.filter(({ workflowId }) => cases.some((one) => workflowIdFor(one.caseNumber) === workflowId));
    const byNewWorker = (event: temporal.api.history.v1.IHistoryEvent | undefined) =>
      newPids.some((pid) => event?.workflowTaskCompletedEventAttributes?.identity?.startsWith(`${pid}@`));
    // A case may have begun a new run before a stage (src/domain/run-length.ts): the new build's tasks are in one of
    // its runs, not necessarily in each.
    for (const caseNumber of openAfterRollout) {
      const workflowId = workflowIdFor(caseNumber);
      const byNewBuild = check.histories
        .filter((run) => run.workflowId === workflowId)
        .flatMap(({ history }) => history.events ?? [])
        .some(byNewWorker);
      expect({ workflowId, byNewBuild }).toEqual({ workflowId, byNewBuild: true });
    }
    // A run takes the path of the build that completed its first workflow task. A case that ran through the rollout
    // began on the old build; a run it began after the rollout (before a stage) is the new build's, as a new case is.
    const { EventType } = temporal.api.enums.v1;
    const begunByNewBuild = ({ history }: RunHistory) =>
      byNewWorker(
        (history.events ?? []).find((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
      );
    const isFirstRun = ({ history }: RunHistory) =>
      !history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    const memoOf = async ({ workflowId, runId }: RunHistory) =>
      (await stack.client.workflow.getHandle(workflowId, runId).describe()).memo?.workflowBuild;
    const firstRunsBefore = historiesOf(before).filter(isFirstRun);
    expect(firstRunsBefore).toHaveLength(before.length);
    expect(firstRunsBefore.filter(begunByNewBuild)).toEqual([]);
    expect(await Promise.all(firstRunsBefore.map(memoOf))).toEqual(firstRunsBefore.map(() => undefined));
    expect(historiesOf(after).filter((run) => !begunByNewBuild(run))).toEqual([]);
    const latestAfter = after.map(({ caseNumber }) =>
      stack.client.workflow
        .getHandle(workflowIdFor(caseNumber))
        .describe()
        .then((d) => d.memo?.workflowBuild),
    );
    expect(await Promise.all(latestAfter)).toEqual(after.map(() => upgradePatchId));
    // The new build gives other commands (the old build cannot replay its runs), yet the runs the old build began
    // replay with either build: the patch kept them on their old path.
    const runs = [...historiesOf(before), ...historiesOf(after)];
    const oldRuns = runs.filter((run) => !begunByNewBuild(run));
    const newRuns = runs.filter(begunByNewBuild);
    expect((await replayWith(oldBuild, oldRuns)).failures).toEqual([]);
    expect((await replayWith(oldBuild, newRuns)).failures).toHaveLength(newRuns.length);
  }, 240_000);
});
