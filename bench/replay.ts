/**
 * Replay cost: the time a worker takes to replay a case's history, which a case evicted from its cache pays before
 * it can take a guardian's answer. The longest recorded happy path (test/fixtures/histories) is replayed again and
 * again by one replay worker, with the bundle the worker ships and, as the baseline in the same run, one built with
 * HOMEWARD_WORKFLOW_STACKS=1 (stack frames kept, as the SDK's default). Alternating rounds, so drift hits both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import type { ActivityDeps } from '../src/activities/deps';
import { dataConverterFor } from '../src/temporal/connection';
import { bundleCaseWorkflows } from '../src/workers/workflow-code';
import { testConfig } from '../test/support/stack';
import { ms, percentile, report, say, table } from './support/measure';

const REPLAYS = Number(process.env.BENCH_REPLAYS ?? 100);
const ROUNDS = 3;
const FIXTURE = process.env.BENCH_REPLAY_HISTORY ?? 'happy-path-every-change';

export async function replay(): Promise<void> {
  const raw = readFileSync(join(__dirname, '..', 'test', 'fixtures', 'histories', `${FIXTURE}.json`), 'utf8');
  const history = temporal.api.history.v1.History.fromObject(JSON.parse(raw));
  const events = history.events.length;
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const bundles = {
    shipped: await bundleCaseWorkflows({ logger: quiet, stackTraces: false }),
    'stack frames kept (baseline)': await bundleCaseWorkflows({ logger: quiet, stackTraces: true }),
  };
  const options = (code: string) => ({
    workflowBundle: { code },
    dataConverter: dataConverterFor(testConfig()),
    // The replayer checks that activities are registered; their results replay from the history.
    activities: Object.fromEntries(
      Object.keys(createActivities({} as ActivityDeps)).map((name) => [name, () => Promise.reject(new Error(name))]),
    ),
  });
  async function* copies(count: number) {
    for (let index = 0; index < count; index += 1) yield { workflowId: `replay-${index}`, history };
  }
  /** Milliseconds of wall time and of this process's CPU per replay. */
  async function measure(code: string, count: number) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for await (const result of Worker.runReplayHistories(options(code), copies(count))) {
      if (result.error) throw new Error(`${result.workflowId} did not replay: ${result.error.message}`);
    }
    const used = process.cpuUsage(cpu);
    return { wall: (performance.now() - started) / count, cpu: (used.user + used.system) / 1000 / count };
  }

  const runs = new Map<string, Array<{ wall: number; cpu: number }>>(Object.keys(bundles).map((name) => [name, []]));
  for (const code of Object.values(bundles)) await measure(code, 10);
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const [name, code] of Object.entries(bundles)) {
      const figures = await measure(code, REPLAYS);
      runs.get(name)!.push(figures);
      say(`replay: round ${round}, ${name}: ${ms(figures.wall)} per replay (CPU ${ms(figures.cpu)})`);
    }
  }
  const median = (values: number[]) => percentile(values, 50);
  const baseline = median(runs.get('stack frames kept (baseline)')!.map((figures) => figures.wall));
  const rows = [...runs].map(([name, figures]) => {
    const wall = median(figures.map((figure) => figure.wall));
    return [
      name,
      ms(wall),
      ms(median(figures.map((figure) => figure.cpu))),
      `${((wall / baseline) * 100).toFixed(0)}%`,
    ];
  });
  report(
    'replay',
    [
      `Replays of ${FIXTURE} (${events} events), ${REPLAYS} per round, ${ROUNDS} rounds; medians of the rounds`,
      table(['bundle', 'wall per replay', 'CPU per replay', 'of baseline'], rows),
    ],
    { fixture: FIXTURE, events, replays: REPLAYS, rounds: ROUNDS, runs: Object.fromEntries(runs) },
  );
}
