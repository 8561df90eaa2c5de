/**
 * The deployed topology beside the dev server, in one run: on each, registrations through the API against bare
 * workflow starts (accepting only: no worker polls, as in the intake benchmark's first round), the reaction to a lab
 * result and to a guardian's consent with cases open (as bench/reaction.ts measures it, on fewer cases), then the demo
 * batch driven to its end with the worker running, and the history events each case took. The deployed topology is the
 * Temporal server compose runs (its four services as processes of their own on PostgreSQL,
 * test/support/temporal-cluster.ts); the dev server is the one `npm run dev` runs (SQLite).
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { demoBatch, runDemo } from '../scripts/demo-batch';
import { checkCases } from '../test/support/fault-run';
import { reactionHeader, reactionRows } from './reaction';
import { register, registrationFor, verify } from './support/cases';
import {
  distribution,
  measurePhase,
  ms,
  pool,
  report,
  say,
  table,
  runMain,
  type Distribution,
  type Phase,
} from './support/measure';
import { consentReactions, consentRequested, labReactions, openCases } from './support/open-cases';
import { reactionTimes } from './support/message-path';
import { keys, startBenchStack, type BenchStack } from './support/stack';

const CASES = Number(process.env.BENCH_TOPOLOGY_CASES ?? 500);
const REACTION_CASES = Number(process.env.BENCH_TOPOLOGY_REACTION_CASES ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const WARM_UP = 30;

interface Topology {
  name: string;
  phases: Phase[];
  ratio: number;
  events: ReturnType<typeof distribution>;
  demoSeconds: number;
  demoOk: number;
  demoCases: number;
  lab: Distribution;
  consent: Distribution;
}

const measure = (stack: BenchStack, label: string, act: (index: number) => Promise<void>) =>
  measurePhase(stack.cpu, label, { count: CASES, concurrency: CONCURRENCY }, act);

async function intakeOn(name: string, temporalCluster: boolean): Promise<Pick<Topology, 'phases' | 'ratio'>> {
  const stack = await startBenchStack({ name: `topology-intake-${name}`, worker: false, temporalCluster });
  const bare = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  const run = randomBytes(3).toString('hex');
  try {
    const startBare = (index: number) =>
      bare.workflow
        .start('benchNoop', { taskQueue: `bench-noop-${run}`, workflowId: `bench-noop-${run}-${index}`, args: [] })
        .then(() => undefined);
    const registerCase = (index: number) =>
      register(stack.apiUrl, registrationFor(index, run, { ageYears: 6 + (index % 12) })).then(() => undefined);
    say(`${name}: warming up with ${WARM_UP} bare starts and ${WARM_UP} registrations`);
    for (let index = 0; index < WARM_UP; index += 1) {
      await startBare(1_000_000 + index);
      await registerCase(1_000_000 + index);
    }
    const bareFirst = await measure(stack, 'bare workflow starts', startBare);
    const homeward = await measure(stack, 'registrations through the API', registerCase);
    const bareAgain = await measure(stack, 'bare workflow starts, again', (index) => startBare(10_000 + index));
    return {
      phases: [bareFirst, homeward, bareAgain],
      ratio: homeward.perSecond / ((bareFirst.perSecond + bareAgain.perSecond) / 2),
    };
  } finally {
    await bare.connection.close();
    await stack.stop();
  }
}

async function reactionOn(name: string, temporalCluster: boolean): Promise<Pick<Topology, 'lab' | 'consent'>> {
  const stack = await startBenchStack({ name: `topology-reaction-${name}`, temporalCluster });
  try {
    // The lab holds every order until the benchmark posts the result itself.
    await fetch(`${stack.simulatorUrl}/simulator/scenario`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lab: 'silent' }),
    });
    const opened = await openCases(stack, {
      label: `reaction on ${name}`,
      count: REACTION_CASES,
      run: randomBytes(3).toString('hex'),
      shape: (index) => ({ ageYears: 2 + (index % 4) }),
      until: 'dna-testing',
    });
    const lab = distribution(await labReactions(stack, opened.caseNumbers));
    await pool('verifying', opened.caseNumbers.length, 10, (index) => verify(stack.apiUrl, opened.caseNumbers[index]!));
    await consentRequested(stack, new Set(opened.caseNumbers));
    return { lab, consent: distribution(reactionTimes(await consentReactions(stack, opened.caseNumbers))) };
  } finally {
    await stack.stop();
  }
}

async function demoOn(
  name: string,
  temporalCluster: boolean,
): Promise<Pick<Topology, 'events' | 'demoSeconds' | 'demoOk' | 'demoCases'>> {
  const stack = await startBenchStack({
    name: `topology-demo-${name}`,
    temporalCluster,
    environment: {
      // As the fault suite scales them: 7 days of identification is 30 s; follow-ups 4–13 s after handover.
      POLICY_TIME_SCALE: '20000',
      CASE_POLICY: JSON.stringify({ followUpsAfterHandover: ['1 day', '2 days', '3 days'] }),
    },
  });
  try {
    const started = Date.now();
    const results = await runDemo({
      apiUrl: stack.apiUrl,
      simulatorUrl: stack.simulatorUrl,
      coordinatorKey: keys.coordinator.key,
      reviewerKey: keys.reviewer.key,
      runId: randomBytes(3).toString('hex'),
      say: () => undefined,
      pollMs: 300,
      timeoutMs: 300_000,
      batch: demoBatch,
    });
    const demoSeconds = (Date.now() - started) / 1000;
    const check = await checkCases(stack, results);
    if (check.problems.length) say(`${name}: ${check.problems.join('; ')}`);
    return {
      events: distribution(check.eventsPerCase),
      demoSeconds,
      demoOk: results.filter((result) => result.ok).length,
      demoCases: results.length,
    };
  } finally {
    await stack.stop();
  }
}

export async function topology(): Promise<void> {
  const topologies: Topology[] = [];
  for (const [name, temporalCluster] of [
    ['dev server (one process, SQLite)', false],
    ['deployed (four services, PostgreSQL)', true],
  ] as const) {
    say(`== ${name}`);
    const intake = await intakeOn(temporalCluster ? 'cluster' : 'dev', temporalCluster);
    const reaction = await reactionOn(temporalCluster ? 'cluster' : 'dev', temporalCluster);
    const demo = await demoOn(temporalCluster ? 'cluster' : 'dev', temporalCluster);
    topologies.push({ name, ...intake, ...reaction, ...demo });
  }
  const parts = [...new Set(topologies.flatMap((t) => t.phases.flatMap((phase) => Object.keys(phase.cpuSeconds))))];
  report(
    'topology',
    [
      `Intake on each topology, accepting only: ${CASES} each, ${CONCURRENCY} in flight\n\n` +
        table(
          ['topology', '', 'per second', 'p50', 'p99'],
          topologies.flatMap((t) =>
            t.phases.map((phase) => [
              t.name,
              phase.label,
              phase.perSecond.toFixed(1),
              ms(phase.latency.p50),
              ms(phase.latency.p99),
            ]),
          ),
        ) +
        '\n\n' +
        topologies.map((t) => `${t.name}: Homeward / bare = ${(t.ratio * 100).toFixed(0)}%`).join('; '),
      `CPU milliseconds per registration, by process\n\n` +
        table(
          ['topology', ...parts],
          topologies.map((t) => [
            t.name,
            ...parts.map((part) => {
              const value = t.phases[1]!.cpuSeconds[part];
              return value === undefined || Number.isNaN(value) ? '-' : ((value * 1000) / CASES).toFixed(1);
            }),
          ]),
        ),
      `Reaction time, one case at a time, ${REACTION_CASES} cases open\n\n` +
        table(
          ['topology', ...reactionHeader],
          topologies.flatMap((t) => reactionRows('', t.lab, t.consent).map((row) => [t.name, ...row])),
        ),
      `The demo batch driven to its end, worker running (policy scaled 20,000×), and history events per case\n\n` +
        table(
          ['topology', 'cases as expected', 'seconds', 'events p50', 'events max'],
          topologies.map((t) => [
            t.name,
            `${t.demoOk} of ${t.demoCases}`,
            t.demoSeconds.toFixed(0),
            t.events.p50.toFixed(0),
            t.events.max.toFixed(0),
          ]),
        ),
    ],
    { cases: CASES, reactionCases: REACTION_CASES, concurrency: CONCURRENCY, topologies },
  );
}

if (require.main === module) runMain(topology);
