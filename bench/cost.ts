/**
 * Cost per case: 1,000 cases driven to their end through the partner simulator, by the demo's driver playing every
 * person around them, with policy durations scaled down (POLICY_TIME_SCALE 20000: a week is 30 s; aftercare visits
 * 1, 2 and 3 days after handover). The batch cycles through the demo's ten kinds of case, each child invented anew.
 * Reports cases per minute, CPU per case by process, and history events and bytes per case by kind.
 * Target: a happy-path case under 500 history events.
 */
import { randomBytes } from 'node:crypto';
import { demoBatch, runDemo, type DemoCase, type DemoResult } from '../scripts/demo-batch';
import { inventedName } from './support/cases';
import { historyCost, type HistoryCost } from './support/history';
import { CpuMeter, percentile, pool, report, say, table, runMain } from './support/measure';
import { keys, startBenchStack } from './support/stack';

const CASES = Number(process.env.BENCH_COST_CASES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_COST_CONCURRENCY ?? 50);
const SCALE = 20_000;

/** The demo's kind of case `index`, with a child and family of its own. */
function caseFor(index: number, run: string): DemoCase {
  const kind = demoBatch[index % demoBatch.length]!;
  return {
    ...kind,
    child: {
      ...kind.child,
      name: inventedName(index, run),
      ...(kind.child.email ? { email: `young-${index}@young.example.org` } : {}),
    },
    claimants: kind.claimants.map((claimant, position) => ({
      ...claimant,
      name: inventedName(1_000_000 + index * 10 + position, run),
      ...(claimant.email ? { email: `family-${index}-${position}@family.example.org` } : {}),
    })),
  };
}

const kindOf = (index: number) => {
  const kind = demoBatch[index % demoBatch.length]!;
  const scenario = Object.keys(kind.scenario).length ? ` ${JSON.stringify(kind.scenario).replace(/"/g, '')}` : '';
  return `${(index % demoBatch.length) + 1}. ${kind.group}, ${kind.child.currentLocation.country} → ${kind.claimants[0]!.country}${scenario}`;
};

export async function cost(): Promise<void> {
  const stack = await startBenchStack({
    name: 'cost',
    environment: {
      POLICY_TIME_SCALE: String(SCALE),
      CASE_POLICY: JSON.stringify({ followUpsAfterHandover: ['1 day', '2 days', '3 days'] }),
    },
  });
  try {
    const run = randomBytes(3).toString('hex');
    const batch = Array.from({ length: CASES }, (_, index) => caseFor(index, run));
    let closed = 0;
    const meter = new CpuMeter(stack.cpu);
    const started = Date.now();
    const ticker = setInterval(
      () => say(`cost: ${closed}/${CASES} cases closed after ${Math.round((Date.now() - started) / 1000)} s`),
      15_000,
    );
    let results: DemoResult[];
    try {
      results = await runDemo({
        apiUrl: stack.apiUrl,
        simulatorUrl: stack.simulatorUrl,
        coordinatorKey: keys.coordinator.key,
        reviewerKey: keys.reviewer.key,
        runId: run,
        say: (line) => {
          if (line.includes('→ closed')) closed += 1;
        },
        pollMs: 1000,
        timeoutMs: 30 * 60_000,
        batch,
        concurrency: CONCURRENCY,
      });
    } finally {
      clearInterval(ticker);
    }
    const wallMs = Date.now() - started;
    const usage = meter.stop();

    say('reading every case history');
    const costs: HistoryCost[] = new Array(results.length);
    await pool('histories', results.length, 10, async (index) => {
      costs[index] = await historyCost(stack.client, results[index]!.caseNumber);
    });

    const kinds = new Map<string, number[]>();
    results.forEach((_, index) => kinds.set(kindOf(index), [...(kinds.get(kindOf(index)) ?? []), index]));
    const kib = (bytes: number) => (bytes / 1024).toFixed(1);
    const rows = [...kinds.entries()].map(([kind, indexes]) => {
      const median = (pick: (cost: HistoryCost) => number) =>
        percentile(
          indexes.map((index) => pick(costs[index]!)),
          50,
        );
      const result = results[indexes[0]!]!;
      return [
        kind,
        indexes.length,
        `${indexes.filter((index) => results[index]!.ok).length} ${result.expected.outcome}`,
        median((c) => c.events),
        Math.max(...indexes.map((index) => costs[index]!.events)),
        kib(median((c) => c.historyBytes)),
        kib(median((c) => c.payloadBytes)),
        median((c) => c.workflowTasks),
        median((c) => c.activities),
        median((c) => c.upserts),
        (indexes.reduce((sum, index) => sum + results[index]!.escalations, 0) / indexes.length).toFixed(2),
      ];
    });
    const happy = results
      .map((result, index) => ({ result, cost: costs[index]! }))
      .filter(({ result }) => result.expected.outcome === 'reunited' && result.escalations === 0);
    const happyMax = Math.max(...happy.map(({ cost: c }) => c.events));
    const unexpected = results.filter((result) => !result.ok);
    const perMinute = (CASES * 60_000) / wallMs;
    const cpuPerCase = Object.fromEntries(
      Object.entries(usage.cpuSeconds).map(([part, seconds]) => [part, Math.round((seconds * 1000) / CASES)]),
    );
    report(
      'cost',
      [
        `Cost per case: ${CASES} cases driven to their end, ${CONCURRENCY} at a time, durations / ${SCALE}: ` +
          `${perMinute.toFixed(1)} cases per minute (${Math.round(wallMs / 1000)} s); ${unexpected.length} ended unexpectedly\n\n` +
          table(
            [
              'kind of case',
              'cases',
              'ended as expected',
              'events p50',
              'events max',
              'history KiB p50',
              'payload KiB p50',
              'workflow tasks p50',
              'activities p50',
              'attribute upserts p50',
              'escalations / case',
            ],
            rows,
          ) +
          `\n\nHappy path (reunited, no escalation; ${happy.length} cases): at most ${happyMax} history events (target < 500: ${happyMax < 500 ? 'met' : 'missed'})`,
        'CPU milliseconds per case, by process\n\n' +
          table(Object.keys(cpuPerCase), [Object.values(cpuPerCase).map(String)]),
      ],
      {
        cases: CASES,
        concurrency: CONCURRENCY,
        timeScale: SCALE,
        wallSeconds: Math.round(wallMs / 1000),
        casesPerMinute: Math.round(perMinute * 10) / 10,
        happyPathMaxEvents: happyMax,
        unexpected: unexpected.map((result) => ({ caseNumber: result.caseNumber, stage: result.stage })),
        cpuMillisecondsPerCase: cpuPerCase,
        kinds: rows,
      },
    );
  } finally {
    await stack.stop();
  }
}

if (require.main === module) runMain(cost);
