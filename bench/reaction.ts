/**
 * Reaction time: a lab result or a guardian's consent POSTed → the case's query shows the next stage. Measured one
 * case at a time over 1,000 cases each (DNA-age children, so every case gives both), on loopback.
 * Target: p99 < 250 ms.
 */
import { randomBytes } from 'node:crypto';
import { verify } from './support/cases';
import { distribution, ms, pool, report, say, table, type Distribution, runMain } from './support/measure';
import { consentReactions, consentRequested, labReactions, openCases } from './support/open-cases';
import { messagePath, messagePathTable, reactionTimes } from './support/message-path';
import {
  startBenchStack,
  workerCache,
  workflowCallGuard,
  heapGrowingPercent,
  workerSettings,
  type BenchStack,
} from './support/stack';
import { workflowIdFor } from '../src/domain/case-number';

const CASES = Number(process.env.BENCH_REACTION_CASES ?? 1000);

export function reactionRows(label: string, lab: Distribution | undefined, consent: Distribution) {
  const row = (what: string, figures: Distribution) => [
    `${what}${label}`,
    figures.count,
    ms(figures.p50),
    ms(figures.p95),
    ms(figures.p99),
    ms(figures.max),
    figures.p99 < 250 ? 'met' : `missed by ${(figures.p99 - 250).toFixed(0)} ms`,
  ];
  return [...(lab ? [row('lab result → verification', lab)] : []), row('consent → travel documents', consent)];
}

export const reactionHeader = ['', 'cases', 'p50', 'p95', 'p99', 'max', 'p99 < 250 ms'];

/** The history a consent meets: how many events the run waiting for it holds, and how many runs came before. */
async function historyAtConsent(stack: BenchStack, caseNumbers: string[]) {
  const sampled = caseNumbers.filter((_, index) => index % Math.max(1, Math.floor(caseNumbers.length / 50)) === 0);
  const lengths: number[] = [];
  let laterRuns = 0;
  for (const caseNumber of sampled) {
    const description = await stack.client.workflow.getHandle(workflowIdFor(caseNumber)).describe();
    lengths.push(description.historyLength);
    if (description.runId !== description.raw.workflowExecutionInfo?.firstRunId) laterRuns += 1;
  }
  return { sampled: sampled.length, laterRuns, events: distribution(lengths) };
}

export async function reaction(): Promise<void> {
  const stack = await startBenchStack({ name: 'reaction' });
  try {
    // The lab holds every order until the benchmark posts the result itself.
    await fetch(`${stack.simulatorUrl}/simulator/scenario`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lab: 'silent' }),
    });
    const opened = await openCases(stack, {
      label: 'reaction',
      count: CASES,
      run: randomBytes(3).toString('hex'),
      shape: (index) => ({ ageYears: 2 + (index % 4) }),
      until: 'dna-testing',
    });
    say(`${CASES} cases await their DNA results`);
    const lab = distribution(await labReactions(stack, opened.caseNumbers));
    await pool('verifying', opened.caseNumbers.length, 10, (index) => verify(stack.apiUrl, opened.caseNumbers[index]!));
    await consentRequested(stack, new Set(opened.caseNumbers));
    const waiting = await historyAtConsent(stack, opened.caseNumbers);
    const consents = await consentReactions(stack, opened.caseNumbers);
    const consent = distribution(reactionTimes(consents));
    const path = await messagePath(stack.client, consents);
    report(
      'reaction',
      [
        `Reaction time, one case at a time, ${CASES} cases open, ${workerSettings}\n\n` +
          table(reactionHeader, reactionRows('', lab, consent)) +
          `\n\nWaiting for the consent (${waiting.sampled} cases sampled): ${waiting.laterRuns} in a later run than their ` +
          `first, their run's history ${waiting.events.p50.toFixed(0)} events at p50 and ${waiting.events.max.toFixed(0)} at most`,
        messagePathTable(path),
      ],
      {
        cases: CASES,
        workerCache,
        workflowCallGuard,
        heapGrowingPercent,
        lab,
        consent,
        historyAtConsent: waiting,
        consentPath: path,
      },
    );
  } finally {
    await stack.stop();
  }
}

if (require.main === module) runMain(reaction);
