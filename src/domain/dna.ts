import type { Child } from './registration';
import type { DnaSample, LabOutcome, RecordCheck } from './case';
import { ageOn } from './age';
import type { CasePolicy } from './policy';

export type DnaReason = 'under-age' | 'documents-inconclusive' | 'documents-contradictory' | 'coordinator-request';

export interface DnaQuestion {
  child: Pick<Child, 'birthDate' | 'estimatedAgeYears'>;
  recordChecks: Pick<RecordCheck, 'outcome'>[];
  coordinatorRequested: boolean;
  policy: Pick<CasePolicy, 'dnaRequiredUnderAge'>;
  now: string;
  registeredAt: string;
}

/** Whether identity needs a DNA test, and why: documents missing or contradictory, a young child, or a request. */
export function dnaRequired(question: DnaQuestion): { required: boolean; reasons: DnaReason[] } {
  const reasons: DnaReason[] = [];
  if (ageOn(question.child, question.now, question.registeredAt) < question.policy.dnaRequiredUnderAge)
    reasons.push('under-age');
  const outcomes = question.recordChecks.map((check) => check.outcome);
  if (outcomes.includes('contradictory')) reasons.push('documents-contradictory');
  else if (!outcomes.includes('consistent')) reasons.push('documents-inconclusive');
  if (question.coordinatorRequested) reasons.push('coordinator-request');
  return { required: reasons.length > 0, reasons };
}

export type DnaVerdict =
  | { next: 'verification' }
  | { next: 'retest' }
  | { next: 'dispute'; reason: 'dna-exclusion' | 'dna-inconclusive' }
  | { next: 'wait' };

/** What the latest sample's result means for the case. */
export function dnaVerdict(samples: DnaSample[], policy: Pick<CasePolicy, 'dnaRetestsOnInconclusive'>): DnaVerdict {
  const latest = samples[samples.length - 1];
  if (!latest?.result) return { next: 'wait' };
  switch (latest.result.outcome) {
    case 'match':
      return { next: 'verification' };
    case 'exclusion':
      return { next: 'dispute', reason: 'dna-exclusion' };
    case 'inconclusive': {
      const inconclusive = samples.filter((sample) => sample.result?.outcome === 'inconclusive').length;
      return inconclusive <= policy.dnaRetestsOnInconclusive
        ? { next: 'retest' }
        : { next: 'dispute', reason: 'dna-inconclusive' };
    }
  }
}

/**
 * Whether the DNA stage, as it begins, has the result it waited for: that sample's result came while the stage was
 * not running (the case on hold, or going on in a new run), and its verdict is taken now. A result whose verdict was
 * taken (a re-test after a dispute sent the case back) is not: the stage orders a new sample.
 */
export function awaitedResultIn(dna: { samples: DnaSample[]; awaitedSample?: string }): boolean {
  const latest = dna.samples.at(-1);
  return latest?.result !== undefined && dna.awaitedSample === latest.sampleId;
}

/** Whether a sample of this case has matched: a case sent back to record checks keeps its match. */
export function dnaMatched(samples: DnaSample[]): boolean {
  return samples.some((sample) => sample.result?.outcome === 'match');
}

/** Unique and free of personal data: the case number and a running number. */
export function sampleIdFor(caseNumber: string, samples: DnaSample[]): string {
  return `${caseNumber}-S${samples.length + 1}`;
}

export type LabResultCheck =
  | { accept: true; sampleIndex: number }
  /** The result reference the sample already has: `recorded` is the outcome it was recorded with. */
  | { accept: false; repeat: true; recorded: LabOutcome }
  | { accept: false; repeat: false; refusal: 'unknown-sample' | 'other-lab' | 'second-result'; reason: string };

/** A lab result is accepted once, for a sample ordered from that lab; a repeat of the same result is harmless. */
export function checkLabResult(
  samples: DnaSample[],
  result: { labId: string; sampleId: string; resultReference: string },
): LabResultCheck {
  const sampleIndex = samples.findIndex((sample) => sample.sampleId === result.sampleId);
  const sample = samples[sampleIndex];
  if (!sample)
    return {
      accept: false,
      repeat: false,
      refusal: 'unknown-sample',
      reason: 'no sample with this ID was ordered for this case',
    };
  if (sample.labId !== result.labId)
    return { accept: false, repeat: false, refusal: 'other-lab', reason: 'the sample was ordered from another lab' };
  if (sample.result?.resultReference === result.resultReference)
    return { accept: false, repeat: true, recorded: sample.result.outcome };
  if (sample.result)
    return {
      accept: false,
      repeat: false,
      refusal: 'second-result',
      reason: 'the sample already has a different result',
    };
  return { accept: true, sampleIndex };
}

export interface LabReportRefusal {
  refusal: 'unknown-sample' | 'other-lab' | 'changed-outcome' | 'second-result';
  /** In the lab's words; `{caseNumber}` stands for the case's number. */
  message: string;
}

/**
 * Why a lab's report is refused, or undefined when the case takes it: a repeat of the result already recorded is
 * taken again (and changes nothing); the same reference with another outcome, or a second result, is not.
 */
export function labReportRefusal(
  samples: DnaSample[],
  report: { labId: string; sampleId: string; resultReference: string; outcome: LabOutcome },
): LabReportRefusal | undefined {
  const check = checkLabResult(samples, report);
  if (check.accept) return undefined;
  const { sampleId, resultReference, labId } = report;
  if (check.repeat)
    return check.recorded === report.outcome
      ? undefined
      : {
          refusal: 'changed-outcome',
          message: `result ${resultReference} was already reported as ${check.recorded}; to correct it, contact the case coordinator`,
        };
  switch (check.refusal) {
    case 'unknown-sample':
      return { refusal: check.refusal, message: `case {caseNumber} has no sample ${sampleId}` };
    case 'other-lab':
      return {
        refusal: check.refusal,
        message: `sample ${sampleId} was not ordered from your lab (${labId}); report only your samples`,
      };
    case 'second-result': {
      const recorded = samples.find((sample) => sample.sampleId === sampleId)?.result?.resultReference;
      return {
        refusal: check.refusal,
        message: `sample ${sampleId} already has a result (${recorded}); contact the case coordinator to correct it`,
      };
    }
  }
}
