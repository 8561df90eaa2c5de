/**
 * Bringing many cases to a wait, and timing how fast a waiting case reacts. Cases are registered through the API;
 * a reviewer verifies every case the Temporal visibility store lists in verification (as a neutral desk working
 * its queue would); a case is open on consent once its guardian's consent request has been emailed.
 */
import type { CaseStage } from '../../src/domain/case';
import {
  answerConsent,
  postLabResult,
  reactionTime,
  readCase,
  register,
  registrationFor,
  verify,
  waitForCase,
  type CaseShape,
} from './cases';
import { pool, say, sleep } from './measure';
import type { TimedReaction } from './message-path';
import { consentLinkFor, type BenchStack } from './stack';

export interface OpenOptions {
  label: string;
  count: number;
  run: string;
  shape: (index: number) => CaseShape;
  /** `consent`: verified and asked for consent; `dna-testing`: a DNA sample ordered, the lab's result awaited. */
  until: Extract<CaseStage, 'consent' | 'dna-testing'>;
  concurrency?: number;
  /** Called with progress every 15 s (the capacity benchmark adds the worker's memory). */
  progress?: () => Promise<string>;
}

export interface Opened {
  caseNumbers: string[];
  /** From the first registration to the last case reaching its wait. */
  openMs: number;
  registerMs: number;
  duplicateHolds: number;
  /** Reviewer requests answered 503 (or lost) and sent again. */
  retriedVerifications: number;
}

export async function openCases(stack: BenchStack, options: OpenOptions): Promise<Opened> {
  const started = Date.now();
  const caseNumbers: string[] = [];
  let duplicateHolds = 0;
  let retriedVerifications = 0;
  let registering = true;
  const verified = new Set<string>();
  const mine = new Set<string>();
  const asked = consentCounter(stack, mine);
  // Registration waits while this many cases are registered but not yet open: a task queue holding thousands of
  // unstarted cases would make every reviewer's update wait behind them (first in, first out).
  const backlog = options.concurrency ?? 20;
  const ordered = new Set<string>();
  const inFlight = () => caseNumbers.length - (options.until === 'consent' ? asked() : ordered.size);

  let failure: unknown;
  const verifier = (async () => {
    while (registering || verified.size < caseNumbers.length) {
      const waiting: string[] = [];
      const stage = options.until === 'consent' ? 'verification' : 'dna-testing';
      for await (const execution of stack.client.workflow.list({
        query: `CaseStage = '${stage}' AND TaskQueue = '${stack.taskQueue}'`,
      })) {
        const caseNumber = execution.workflowId.replace(/^case-/, '');
        if (mine.has(caseNumber) && !verified.has(caseNumber) && !ordered.has(caseNumber)) waiting.push(caseNumber);
      }
      await Promise.all(
        waiting.map(async (caseNumber) => {
          if (options.until === 'consent') {
            // A reviewer whose request times out or is told to try again shortly (503) tries again for two
            // minutes: the update ID makes the repeat harmless.
            const giveUpAt = Date.now() + 120_000;
            for (;;) {
              try {
                await verify(stack.apiUrl, caseNumber);
                break;
              } catch (error) {
                if (Date.now() > giveUpAt) throw error;
                retriedVerifications += 1;
                await sleep(2000);
              }
            }
            verified.add(caseNumber);
          } else {
            await waitForCase(stack.apiUrl, caseNumber, (state) => state.dna.samples.length > 0, 600_000, 500);
            ordered.add(caseNumber);
          }
        }),
      );
      if (waiting.length === 0) await sleep(500);
      if (options.until !== 'consent' && !registering && ordered.size >= caseNumbers.length) return;
    }
  })().catch((error: unknown) => {
    failure = error;
  });

  const ticker = setInterval(() => {
    void (async () => {
      const extra = options.progress ? `; ${await options.progress()}` : '';
      const open = options.until === 'consent' ? `${asked()} asked for consent` : `${ordered.size} with a DNA order`;
      say(
        `${options.label}: ${caseNumbers.length} registered, ${verified.size} verified, ${open} after ${Math.round((Date.now() - started) / 1000)} s${extra}`,
      );
    })().catch(() => undefined);
  }, 15_000);

  try {
    const registerMs = await pool(
      `${options.label}: registering`,
      options.count,
      options.concurrency ?? 20,
      async (index) => {
        while (inFlight() >= backlog * 10 && failure === undefined) await sleep(100);
        if (failure !== undefined) throw failure;
        const result = await register(stack.apiUrl, registrationFor(index, options.run, options.shape(index)));
        caseNumbers.push(result.caseNumber);
        mine.add(result.caseNumber);
        if (result.confirmedDifferent) duplicateHolds += 1;
      },
      60_000,
    );
    registering = false;
    await verifier;
    if (failure !== undefined) throw failure;
    if (options.until === 'consent') await consentRequested(stack, mine);
    return { caseNumbers, openMs: Date.now() - started, registerMs, duplicateHolds, retriedVerifications };
  } finally {
    registering = false;
    clearInterval(ticker);
  }
}

/** Counts the consent requests emailed for these cases, reading only messages caught since the last call. */
function consentCounter(stack: BenchStack, cases: Set<string>): () => number {
  const messages = stack.partners.mailCatcher!.messages;
  let read = 0;
  let count = 0;
  return () => {
    for (; read < messages.length; read += 1) {
      const mail = messages[read]!;
      if (mail.kind === 'consent-request' && mail.caseNumber && cases.has(mail.caseNumber)) count += 1;
    }
    return count;
  };
}

/** Resolves once every one of the cases has emailed its guardian a consent request. */
export async function consentRequested(stack: BenchStack, cases: Set<string>): Promise<void> {
  const asked = consentCounter(stack, cases);
  while (asked() < cases.size) await sleep(500);
}

/** Lab result → the case shows verification; one case at a time, so each figure is one case's reaction. */
export async function labReactions(stack: BenchStack, caseNumbers: string[]): Promise<number[]> {
  const times: number[] = [];
  await pool('lab results', caseNumbers.length, 1, async (index) => {
    const caseNumber = caseNumbers[index]!;
    const sample = (await readCase(stack.apiUrl, caseNumber)).dna.samples.at(-1)!;
    times.push(
      await reactionTime(
        stack.apiUrl,
        caseNumber,
        () => postLabResult(stack.apiUrl, caseNumber, sample.sampleId),
        'verification',
      ).then((reaction) => reaction.ms),
    );
  });
  return times;
}

/** The guardian's consent through the emailed link → the case shows travel documents; one case at a time. */
export async function consentReactions(stack: BenchStack, caseNumbers: string[]): Promise<TimedReaction[]> {
  const links = new Map<string, string>();
  for (const caseNumber of caseNumbers) {
    const link = await consentLinkFor(stack, caseNumber);
    if (!link) throw new Error(`no consent request was emailed for ${caseNumber}`);
    links.set(caseNumber, link);
  }
  const timed: TimedReaction[] = [];
  await pool('consents', caseNumbers.length, 1, async (index) => {
    const caseNumber = caseNumbers[index]!;
    const sentAt = Date.now();
    const reaction = await reactionTime(
      stack.apiUrl,
      caseNumber,
      () => answerConsent(links.get(caseNumber)!),
      'travel-documents',
    );
    timed.push({ caseNumber, sentAt, ...reaction });
  });
  return timed;
}
