/**
 * Cases under faults (issue 15): thirty cases (the demo batch three times) driven through the worker and the API as
 * separate production processes while the worker is killed with SIGKILL at random moments and right after people's
 * messages, the API is killed, the Temporal server is killed and started again on the same data, and the mail
 * server and the partners are cut off for longer than one retry. Afterwards every case has ended as expected,
 * every run of every case replays with today's workflow bundle, every case answers its query, nothing was mailed,
 * booked or ordered twice, and every audit trail verifies. HOMEWARD_FAULT_SEED replays a run's faults;
 * HOMEWARD_RECORD_HISTORIES=1 keeps the histories the crashes shaped as replay fixtures.
 */
import { randomBytes } from 'node:crypto';
import {
  auditCatchUpMs,
  batchOf,
  checkCases,
  driveWithFaults,
  keepFixtures,
  untilClosedCasesComplete,
  type FaultPlan,
} from '../support/fault-run';
import { startProductionStack, type ProductionStack } from '../support/production-stack';
import { workflowBundlePath } from '../support/stack';
import { historiesDir } from '../workflows/case-harness';

const seed = Number(process.env.HOMEWARD_FAULT_SEED ?? 15_2026);
const plan: FaultPlan = {
  seed,
  workerKills: 8,
  apiKills: 2,
  serverRestarts: 1,
  serverDownMs: 5000,
  mailOutageMs: 20_000,
  partnerOutageMs: 25_000,
  registryStallMs: 12_000,
  gapMs: [1500, 4500],
  // Operators watching cases in the Temporal UI: each open of a running case queries it.
  operatorQueryGapMs: [300, 1200],
};
const say = (line: string) => process.stderr.write(`[faults] ${line}\n`);

describe('cases under faults', () => {
  let stack: ProductionStack;

  beforeAll(async () => {
    stack = await startProductionStack({
      name: 'faults',
      say,
      workflowBundlePath: workflowBundlePath(),
      environment: {
        // 7 days of identification is 30 s: a restart never outlasts a wait; follow-ups 4–13 s after handover.
        POLICY_TIME_SCALE: '20000',
        CASE_POLICY: JSON.stringify({ followUpsAfterHandover: ['1 day', '2 days', '3 days'] }),
        WORKER_SHUTDOWN_GRACE_SECONDS: '5',
        LOG_LEVEL: 'warn',
        ...(process.env.HOMEWARD_FAULT_WORKER_CACHE
          ? { WORKER_MAX_CACHED_WORKFLOWS: process.env.HOMEWARD_FAULT_WORKER_CACHE }
          : {}),
      },
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('ends every case as expected, and every history replays, after SIGKILLs, a server restart and outages', async () => {
    say(`seed ${seed} (HOMEWARD_FAULT_SEED=${seed} repeats these faults)`);
    const run = await driveWithFaults(stack, {
      batch: batchOf(3),
      plan,
      runId: randomBytes(3).toString('hex'),
      say: (line) => line.startsWith('fault') && say(line),
    });
    // A closed case's trail is read once its workflow has completed: its last audit batch may still be on its way.
    await untilClosedCasesComplete(stack, run.results, auditCatchUpMs);
    const check = await checkCases(stack, run.results);
    say(
      `${run.results.length} cases, ${run.faults.length} faults and ${run.operatorQueries} operator queries in ${run.seconds.toFixed(0)} s; ${check.runs} runs replayed, ${check.replayFailures.length} failed; ${check.faultedHistories.length} histories with a timed-out or failed workflow task`,
    );
    for (const line of check.repeatedDeliveries) say(`repeated delivery: ${line}`);
    if (process.env.HOMEWARD_RECORD_HISTORIES)
      say(`kept: ${keepFixtures(check, historiesDir, `crash-seed-${seed}`, 4).join(', ') || 'none'}`);

    expect(check.problems).toEqual([]);
    expect(check.replayed).toBe(check.runs);
    expect(check.runs).toBeGreaterThanOrEqual(run.results.length);
    expect(check.auditTrailsVerified).toBe(run.results.length);
    // The faults happened, and reached the cases' workflow tasks: a run that injected nothing proves nothing.
    const kinds = run.faults.map((fault) => fault.kind);
    expect(kinds.filter((kind) => kind.startsWith('worker-kill'))).toHaveLength(plan.workerKills);
    expect(kinds.filter((kind) => kind === 'api-kill')).toHaveLength(plan.apiKills);
    expect(kinds.filter((kind) => kind === 'server-restart')).toHaveLength(plan.serverRestarts);
    expect(kinds).toEqual(expect.arrayContaining(['mail-outage', 'partner-outage']));
    expect(stack.mailLink.refused + stack.partnerLink.refused).toBeGreaterThan(0);
    expect(check.faultedHistories.length).toBeGreaterThan(0);
    expect(run.operatorQueries).toBeGreaterThan(50);
  }, 900_000);
});
