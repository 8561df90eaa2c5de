/**
 * The soak behind the fault-injection suite (`npm run bench -- chaos`): BENCH_CHAOS_CASES cases (default 200, the
 * demo's ten kinds over and over) driven 40 at a time through the production stack while the worker is killed with
 * SIGKILL BENCH_CHAOS_KILLS times (default 50; half at a random moment, half right after a person's message), the
 * API killed 5 times, the Temporal server killed and started again twice, and the mail server, the partners and the
 * registry's audit trail each cut off or held once, and an operator opening a case in the Temporal UI about once a
 * second. Then every run of every case is replayed with the bundle the
 * worker ran. Prints cases, faults, replay failures, stuck cases, duplicates and time per case.
 *
 * "Unfinished" counts the cases the drive left before they closed (each case has 600 s, the faults slow them all);
 * "stuck" counts those of them that, with the faults over, cannot move: they do not answer a query within 2 minutes,
 * or their workflow task keeps failing. An unfinished case that is not stuck waits for a person's next message.
 */
import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import type { DemoResult } from '../scripts/demo-batch';
import { workflowIdFor } from '../src/domain/case-number';
import { caseStateQuery } from '../src/workflows/messages';
import { eventually } from '../test/support/eventually';
import { batchOf, checkCases, driveWithFaults, type FaultPlan } from '../test/support/fault-run';
import { distribution, percentile, report, say, table, runMain } from './support/measure';
import { startBenchStack } from './support/stack';

type BenchStack = Awaited<ReturnType<typeof startBenchStack>>;

/** The unfinished cases that cannot move: no answer to a query, or a workflow task failing again and again. */
async function stuckAmong(stack: BenchStack, unfinished: DemoResult[]): Promise<string[]> {
  const stuck: string[] = [];
  for (const { caseNumber } of unfinished) {
    const handle = stack.client.workflow.getHandle(workflowIdFor(caseNumber));
    const moving = await eventually(
      async () => {
        const [answered, description] = await Promise.all([
          handle.query(caseStateQuery).then(
            () => true,
            () => false,
          ),
          handle.describe(),
        ]);
        return answered && (description.raw.pendingWorkflowTask?.attempt ?? 1) <= 2;
      },
      Boolean,
      `case ${caseNumber} can move`,
      120_000,
    ).catch(() => false);
    if (!moving) stuck.push(caseNumber);
  }
  return stuck;
}

const CASES = Number(process.env.BENCH_CHAOS_CASES ?? 200);
const KILLS = Number(process.env.BENCH_CHAOS_KILLS ?? 50);
const SEED = Number(process.env.BENCH_CHAOS_SEED ?? 2026_12_01);

/**
 * The Temporal client's retry timers outlive `Connection.close()`: a retry due after its connection closed throws
 * "Channel has been shut down" from the timer, which would end this process (and the soak with it). Such a throw is
 * counted and reported; every other uncaught error still ends the run. Who closed a connection is printed once.
 */
function countRetriesAfterClose(): { count: number } {
  const seen = { count: 0 };
  const close = Connection.prototype.close;
  let told = false;
  Connection.prototype.close = function (this: Connection) {
    if (!told) say(`a Temporal client connection closed by:${new Error().stack?.split('\n').slice(1, 6).join('\n')}`);
    told = true;
    return close.call(this);
  };
  process.on('uncaughtException', (error) => {
    if (error.message !== 'Channel has been shut down') {
      process.stderr.write(`${error.stack ?? String(error)}\n`);
      process.exit(1);
    }
    seen.count += 1;
  });
  return seen;
}

export async function chaos(): Promise<void> {
  const retriesAfterClose = countRetriesAfterClose();
  const plan: FaultPlan = {
    seed: SEED,
    workerKills: KILLS,
    apiKills: 5,
    serverRestarts: 2,
    serverDownMs: 5000,
    mailOutageMs: 20_000,
    partnerOutageMs: 25_000,
    registryStallMs: 12_000,
    gapMs: [2000, 8000],
    ...(process.env.BENCH_CHAOS_OPERATOR_QUERIES === '0'
      ? {}
      : { operatorQueryGapMs: [300, 1200] as [number, number] }),
  };
  const stack = await startBenchStack({
    name: 'chaos',
    environment: {
      POLICY_TIME_SCALE: '20000',
      CASE_POLICY: JSON.stringify({ followUpsAfterHandover: ['1 day', '2 days', '3 days'] }),
      WORKER_SHUTDOWN_GRACE_SECONDS: '5',
      LOG_LEVEL: 'warn',
    },
  });
  try {
    say(`chaos: ${CASES} cases, ${KILLS} worker kills, seed ${SEED}`);
    const run = await driveWithFaults(stack, {
      batch: batchOf(Math.ceil(CASES / 10)).slice(0, CASES),
      plan,
      runId: randomBytes(3).toString('hex'),
      concurrency: 40,
      timeoutMs: 600_000,
      say: (line) => line.startsWith('fault') && say(line),
    });
    const check = await checkCases(stack, run.results);
    const unfinished = run.results.filter((result) => result.stage !== 'closed');
    const stuckCases = await stuckAmong(stack, unfinished);
    for (const caseNumber of stuckCases) say(`stuck: ${caseNumber}`);
    const kinds = (prefix: string) => run.faults.filter((fault) => fault.kind.startsWith(prefix)).length;
    const figures = {
      seed: SEED,
      cases: run.results.length,
      workerKills: kinds('worker-kill'),
      apiKills: kinds('api-kill'),
      serverRestarts: kinds('server-restart'),
      outages: kinds('mail-outage') + kinds('partner-outage') + kinds('registry-stall'),
      operatorQueries: run.operatorQueries,
      clientRetriesAfterClose: retriesAfterClose.count,
      runs: check.runs,
      replayFailures: check.replayFailures.length,
      unfinished: unfinished.length,
      stuck: stuckCases.length,
      duplicateEmails: check.duplicateEmails,
      repeatedDeliveries: check.repeatedDeliveries,
      duplicateBookings: check.duplicateBookings,
      duplicateLabOrders: check.duplicateLabOrders,
      auditTrailsVerified: check.auditTrailsVerified,
      faultedHistories: check.faultedHistories.length,
      wallSeconds: Math.round(run.seconds),
      secondsPerCase: Math.round((run.seconds / run.results.length) * 100) / 100,
      eventsPerCase: distribution(check.eventsPerCase),
      problems: check.problems.slice(0, 50),
    };
    report(
      'chaos',
      [
        table(
          [
            'cases',
            'worker kills',
            'API kills',
            'server restarts',
            'outages',
            'operator queries',
            'client retries after close',
            'runs replayed',
            'replay failures',
            'unfinished',
            'stuck',
          ],
          [
            [
              figures.cases,
              figures.workerKills,
              figures.apiKills,
              figures.serverRestarts,
              figures.outages,
              figures.operatorQueries,
              figures.clientRetriesAfterClose,
              figures.runs,
              figures.replayFailures,
              figures.unfinished,
              figures.stuck,
            ],
          ],
        ),
        table(
          [
            'emails repeated (one Message-ID)',
            'duplicate bookings',
            'duplicate lab orders',
            'audit trails verified',
            'wall s',
            's per case',
            'events per case p50 / p99',
          ],
          [
            [
              figures.duplicateEmails,
              figures.duplicateBookings,
              figures.duplicateLabOrders,
              `${figures.auditTrailsVerified} of ${figures.cases}`,
              figures.wallSeconds,
              figures.secondsPerCase,
              `${percentile(check.eventsPerCase, 50)} / ${percentile(check.eventsPerCase, 99)}`,
            ],
          ],
        ),
      ],
      figures,
    );
    for (const problem of check.problems.slice(0, 20)) say(`problem: ${problem}`);
    // With the times of the faults above, each repeat can be laid beside the kill or the cut that caused it.
    for (const repeat of check.repeatedDeliveries) say(`repeated: ${repeat}`);
  } finally {
    await stack.stop();
  }
}

if (require.main === module) runMain(chaos);
