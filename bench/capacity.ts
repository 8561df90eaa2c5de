/**
 * Open-case capacity: 35,000 cases open at once, each waiting on a guardian's consent, with the worker's workflow
 * cache bounded (WORKER_MAX_CACHED_WORKFLOWS). Reports the time to open them all, the worker's memory, the size of
 * the server's and the registry's databases, and the reaction time measured again on 1,000 of the open cases.
 * Target: worker RSS < 1 GiB.
 */
import { randomBytes } from 'node:crypto';
import { distribution, memoryOf, report, say, table, CpuMeter, runMain } from './support/measure';
import { consentReactions, openCases } from './support/open-cases';
import { messagePath, messagePathTable, reactionTimes } from './support/message-path';
import { heapGrowingPercent, startBenchStack, workerCache, workerSettings, workflowCallGuard } from './support/stack';
import { reactionHeader, reactionRows } from './reaction';

const CASES = Number(process.env.BENCH_OPEN_CASES ?? 35_000);
const REACTIONS = Math.min(CASES, Number(process.env.BENCH_REACTION_CASES ?? 1000));
const MiB = 2 ** 20;

export async function capacity(): Promise<void> {
  const stack = await startBenchStack({ name: 'capacity' });
  try {
    const meter = new CpuMeter(stack.cpu);
    let peakRssMiB = 0;
    const sampler = setInterval(() => {
      peakRssMiB = Math.max(peakRssMiB, memoryOf(stack.pids.worker!).rssMiB);
    }, 2000);
    const opened = await openCases(stack, {
      label: 'capacity',
      count: CASES,
      run: randomBytes(3).toString('hex'),
      // 6 to 11 years old: no DNA test, and the guardian alone consents.
      shape: (index) => ({ ageYears: 6 + (index % 6) }),
      until: 'consent',
      progress: async () => {
        const health = await stack.workerHealth();
        return `worker RSS ${health.memoryMiB.rss} MiB, heap ${health.memoryMiB.heapUsed} MiB, ${health.cachedWorkflows} cached; server DB ${Math.round((stack.serverDbBytes() ?? 0) / MiB)} MiB`;
      },
    }).finally(() => clearInterval(sampler));
    const opening = meter.stop();
    const open = await stack.workerHealth();
    const worker = memoryOf(stack.pids.worker!);
    const serverDb = stack.serverDbBytes();
    const registryDb = await stack.registryDbBytes();
    say(`${CASES} cases open on consent after ${(opened.openMs / 1000).toFixed(0)} s; measuring reactions`);

    // Spread over the whole population: most are long out of the worker's cache and are replayed to react.
    const step = Math.max(1, Math.floor(CASES / REACTIONS));
    const sampled = opened.caseNumbers.filter((_, index) => index % step === 0).slice(0, REACTIONS);
    const consents = await consentReactions(stack, sampled);
    const consent = distribution(reactionTimes(consents));
    const after = await stack.workerHealth();
    const finalRss = memoryOf(stack.pids.worker!);
    const path = await messagePath(stack.client, consents);

    const figures = {
      cases: CASES,
      workerCache,
      workflowCallGuard,
      heapGrowingPercent,
      openSeconds: Math.round(opened.openMs / 1000),
      registerSeconds: Math.round(opened.registerMs / 1000),
      opensPerSecond: Math.round((CASES * 10_000) / opened.openMs) / 10,
      duplicateHolds: opened.duplicateHolds,
      retriedVerifications: opened.retriedVerifications,
      worker: {
        rssMiB: worker.rssMiB,
        peakRssMiB: Math.max(peakRssMiB, worker.peakRssMiB, finalRss.peakRssMiB),
        heapUsedMiB: open.memoryMiB.heapUsed,
        heapTotalMiB: open.memoryMiB.heapTotal,
        cachedWorkflows: open.cachedWorkflows,
        afterReactions: { rssMiB: finalRss.rssMiB, heapUsedMiB: after.memoryMiB.heapUsed },
      },
      serverDbMiB: serverDb === undefined ? undefined : Math.round(serverDb / MiB),
      registryDbMiB: Math.round(registryDb / MiB),
      opening,
      consent,
      consentsAnswered503: consents.filter((reaction) => reaction.answered503).length,
      consentPath: path,
    };
    const rssTarget = figures.worker.peakRssMiB < 1024 ? 'met' : `missed by ${figures.worker.peakRssMiB - 1024} MiB`;
    report(
      'capacity',
      [
        `Open-case capacity: ${CASES} cases waiting on consent, ${workerSettings}\n\n` +
          table(
            ['measure', 'value'],
            [
              ['time to open them all', `${figures.openSeconds} s (${figures.opensPerSecond} cases/s)`],
              ['of which registering (POST /cases)', `${figures.registerSeconds} s`],
              ['worker RSS, peak (target < 1024 MiB)', `${figures.worker.peakRssMiB} MiB (${rssTarget})`],
              ['worker RSS, all open', `${figures.worker.rssMiB} MiB`],
              ['worker main-thread heap used / total', `${open.memoryMiB.heapUsed} / ${open.memoryMiB.heapTotal} MiB`],
              ['workflows in the worker cache', String(open.cachedWorkflows)],
              [
                'Temporal server database (SQLite + WAL)',
                serverDb === undefined ? 'n/a' : `${figures.serverDbMiB} MiB`,
              ],
              ['registry database (PostgreSQL)', `${figures.registryDbMiB} MiB`],
              ['duplicate-check holds confirmed as different', String(opened.duplicateHolds)],
              ['reviewer requests answered 503 and sent again', String(opened.retriedVerifications)],
              ['consents answered 503 (the case took them later)', String(figures.consentsAnswered503)],
            ],
          ),
        `CPU seconds while opening (${opening.wallSeconds} s wall)\n\n` +
          table(Object.keys(opening.cpuSeconds), [
            Object.values(opening.cpuSeconds).map((seconds) => seconds.toFixed(0)),
          ]),
        `Reaction time with ${CASES} cases open, ${REACTIONS} cases, one at a time\n\n` +
          table(reactionHeader, reactionRows(` (${CASES} open)`, undefined, consent)),
        messagePathTable(path),
      ],
      figures,
    );
  } finally {
    await stack.stop();
  }
}

if (require.main === module) runMain(capacity);
