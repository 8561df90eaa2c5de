/**
 * Intake: 2,000 cases registered through the API (POST /cases: validation, duplicate check, case number, audit,
 * encrypted workflow start) at a fixed concurrency, beside the same server's rate for starting a workflow that
 * does nothing, directly through the client. Target: Homeward at 70% of the bare rate or better. Two rounds, each
 * on a fresh stack: accepting only (no worker polls, so neither kind runs yet: what a bulk import of a registry
 * export costs at the door), and live (Homeward's worker checks each case's records meanwhile, as in production).
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { register, registrationFor } from './support/cases';
import { measurePhase, ms, report, say, table, runMain, type Phase } from './support/measure';
import { startBenchStack, type BenchStack } from './support/stack';

const CASES = Number(process.env.BENCH_INTAKE_CASES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const WARM_UP = 50;

const measure = (stack: BenchStack, label: string, act: (index: number) => Promise<void>) =>
  measurePhase(stack.cpu, label, { count: CASES, concurrency: CONCURRENCY }, act);

interface Round {
  title: string;
  phases: Phase[];
  bareRate: number;
  ratio: number;
  duplicateHolds: number;
}

/**
 * One round on a fresh stack: bare starts, registrations, bare starts again. With `processing`, the Homeward worker
 * runs each case's first steps (record checks) meanwhile and a worker completes each bare workflow; without, both
 * kinds wait in their task queues, so the round measures accepting work alone.
 */
async function round(title: string, processing: boolean): Promise<Round> {
  const stack = await startBenchStack({ name: processing ? 'intake-live' : 'intake', worker: processing });
  const noopQueue = `bench-noop-${randomBytes(3).toString('hex')}`;
  const noopWorker = processing
    ? await Worker.create({
        connection: await NativeConnection.connect({ address: stack.temporalAddress }),
        taskQueue: noopQueue,
        workflowsPath: require.resolve('./support/noop-workflow'),
      })
    : undefined;
  const running = noopWorker?.run();
  const bare = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  const run = randomBytes(3).toString('hex');
  try {
    const startBare = (index: number) =>
      bare.workflow
        .start('benchNoop', { taskQueue: noopQueue, workflowId: `bench-noop-${run}-${index}`, args: [] })
        .then(() => undefined);
    let duplicateHolds = 0;
    const registerCase = async (index: number) => {
      const result = await register(stack.apiUrl, registrationFor(index, run, { ageYears: 6 + (index % 12) }));
      if (result.confirmedDifferent) duplicateHolds += 1;
    };
    say(`${title}: warming up with ${WARM_UP} bare starts and ${WARM_UP} registrations`);
    for (let index = 0; index < WARM_UP; index += 1) {
      await startBare(1_000_000 + index);
      await registerCase(1_000_000 + index);
    }
    const bareFirst = await measure(stack, 'bare workflow starts', (index) => startBare(index));
    const homeward = await measure(stack, 'registrations through the API', (index) => registerCase(index));
    // The bare rate again after Homeward's, so a server that slowed as it filled does not flatter either side.
    const bareAgain = await measure(stack, 'bare workflow starts, again', (index) => startBare(10_000 + index));
    const bareRate = (bareFirst.perSecond + bareAgain.perSecond) / 2;
    return {
      title,
      phases: [bareFirst, homeward, bareAgain],
      bareRate,
      ratio: homeward.perSecond / bareRate,
      duplicateHolds,
    };
  } finally {
    noopWorker?.shutdown();
    await running;
    await bare.connection.close();
    await stack.stop();
  }
}

function roundTables(result: Round): string[] {
  const parts = [...new Set(result.phases.flatMap((phase) => Object.keys(phase.cpuSeconds)))];
  return [
    `Intake, ${result.title}: ${CASES} each, ${CONCURRENCY} in flight\n\n` +
      table(
        ['', 'per second', 'p50', 'p95', 'p99'],
        result.phases.map((phase) => [
          phase.label,
          phase.perSecond.toFixed(1),
          ms(phase.latency.p50),
          ms(phase.latency.p95),
          ms(phase.latency.p99),
        ]),
      ) +
      `\n\nHomeward / bare (mean of both bare rounds) = ${(result.ratio * 100).toFixed(0)}% (target ≥ 70%: ` +
      `${result.ratio >= 0.7 ? 'met' : `missed by ${Math.round((0.7 - result.ratio) * 100)} points`}); ` +
      `${result.duplicateHolds} registrations were held by the duplicate check and confirmed as different children`,
    `CPU milliseconds per case, ${result.title}, by process (2 cores: a second of wall time offers 2,000)\n\n` +
      table(
        ['', 'wall s', ...parts],
        result.phases.map((phase) => [
          phase.label,
          phase.wallSeconds.toFixed(1),
          ...parts.map((part) => (((phase.cpuSeconds[part] ?? 0) * 1000) / CASES).toFixed(1)),
        ]),
      ),
  ];
}

export async function intake(): Promise<void> {
  const accepting = await round('accepting only (no worker: cases wait in the task queue)', false);
  const live = await round('live (the worker runs each case and each bare workflow meanwhile)', true);
  report('intake', [...roundTables(accepting), ...roundTables(live)], {
    cases: CASES,
    concurrency: CONCURRENCY,
    rounds: [accepting, live],
  });
}

if (require.main === module) runMain(intake);
