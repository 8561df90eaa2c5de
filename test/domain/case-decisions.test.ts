import { ageOn } from '../../src/domain/age';
import { consentsRequired, consentStatus } from '../../src/domain/consent';
import { escalationSummary, nextWaitStep } from '../../src/domain/deadlines';
import {
  awaitedResultIn,
  checkLabResult,
  dnaRequired,
  dnaVerdict,
  labReportRefusal,
  sampleIdFor,
} from '../../src/domain/dna';
import { destinationOf, missingDetails } from '../../src/domain/identification';
import { afterDisputeDecision } from '../../src/domain/disputes';
import { messageRoutes, stageConflict } from '../../src/domain/next-step';
import { defaultPolicy } from '../../src/domain/policy';
import type { DnaSample } from '../../src/domain/case';

const now = '2026-11-23T10:00:00.000Z';
const registeredAt = '2026-01-01T00:00:00.000Z';
const DAY = 86_400_000;

describe('ageOn', () => {
  it('counts whole years from a birth date, the day before and on the birthday', () => {
    expect(ageOn({ birthDate: '2014-11-24' }, now, registeredAt)).toBe(11);
    expect(ageOn({ birthDate: '2014-11-23' }, now, registeredAt)).toBe(12);
  });
  it('adds the years since registration to an estimated age', () => {
    expect(ageOn({ estimatedAgeYears: 9 }, now, registeredAt)).toBe(9);
    expect(ageOn({ estimatedAgeYears: 9 }, '2028-01-02T00:00:00.000Z', registeredAt)).toBe(11);
  });
});

describe('dnaRequired', () => {
  const question = (overrides: Partial<Parameters<typeof dnaRequired>[0]> = {}) =>
    dnaRequired({
      child: { birthDate: '2015-04-17' },
      recordChecks: [{ outcome: 'consistent' }, { outcome: 'not-found' }],
      coordinatorRequested: false,
      policy: defaultPolicy,
      now,
      registeredAt,
      ...overrides,
    });
  it('is not required for an older child with a consistent record', () => {
    expect(question()).toEqual({ required: false, reasons: [] });
  });
  it('is required under the policy age, for contradictory or missing documents, and on request', () => {
    expect(question({ child: { birthDate: '2021-01-01' } }).reasons).toEqual(['under-age']);
    expect(question({ recordChecks: [{ outcome: 'consistent' }, { outcome: 'contradictory' }] }).reasons).toEqual([
      'documents-contradictory',
    ]);
    expect(question({ recordChecks: [{ outcome: 'unavailable' }, { outcome: 'not-found' }] }).reasons).toEqual([
      'documents-inconclusive',
    ]);
    expect(question({ coordinatorRequested: true }).reasons).toEqual(['coordinator-request']);
  });
  it('follows the policy age', () => {
    expect(question({ policy: { dnaRequiredUnderAge: 12 } }).required).toBe(true);
  });
});

describe('dnaVerdict and lab results', () => {
  const sample = (n: number, outcome?: 'match' | 'exclusion' | 'inconclusive'): DnaSample => ({
    sampleId: `HW-S${n}`,
    labId: 'lab-kyiv',
    orderedAt: now,
    ...(outcome ? { result: { outcome, resultReference: `R${n}`, receivedAt: now } } : {}),
  });
  it('waits, moves on, disputes an exclusion, re-tests once on inconclusive', () => {
    expect(dnaVerdict([sample(1)], defaultPolicy)).toEqual({ next: 'wait' });
    expect(dnaVerdict([sample(1, 'match')], defaultPolicy)).toEqual({ next: 'verification' });
    expect(dnaVerdict([sample(1, 'exclusion')], defaultPolicy)).toEqual({ next: 'dispute', reason: 'dna-exclusion' });
    expect(dnaVerdict([sample(1, 'inconclusive')], defaultPolicy)).toEqual({ next: 'retest' });
    expect(dnaVerdict([sample(1, 'inconclusive'), sample(2, 'inconclusive')], defaultPolicy)).toEqual({
      next: 'dispute',
      reason: 'dna-inconclusive',
    });
  });
  it('takes the result of the sample the stage waited for on its return, not one whose verdict was taken', () => {
    expect(awaitedResultIn({ samples: [sample(1, 'match')], awaitedSample: 'HW-S1' })).toBe(true);
    // Nothing awaited: the verdict of that result was taken (a dispute sent the case back for a re-test).
    expect(awaitedResultIn({ samples: [sample(1, 'match')] })).toBe(false);
    expect(awaitedResultIn({ samples: [sample(1)], awaitedSample: 'HW-S1' })).toBe(false);
    expect(awaitedResultIn({ samples: [sample(1, 'inconclusive'), sample(2, 'match')], awaitedSample: 'HW-S1' })).toBe(
      false,
    );
    expect(awaitedResultIn({ samples: [] })).toBe(false);
  });
  it('names samples by case and running number', () => {
    expect(sampleIdFor('HW-2026-000001-V', [sample(1)])).toBe('HW-2026-000001-V-S2');
  });
  it('accepts a result once, for the lab it was ordered from; a repeat is harmless', () => {
    expect(checkLabResult([sample(1)], { labId: 'lab-kyiv', sampleId: 'HW-S1', resultReference: 'R1' })).toEqual({
      accept: true,
      sampleIndex: 0,
    });
    expect(checkLabResult([sample(1)], { labId: 'lab-lviv', sampleId: 'HW-S1', resultReference: 'R1' })).toMatchObject({
      accept: false,
      repeat: false,
    });
    expect(checkLabResult([sample(1)], { labId: 'lab-kyiv', sampleId: 'HW-S9', resultReference: 'R1' })).toMatchObject({
      accept: false,
      repeat: false,
    });
    const done = [sample(1, 'match')];
    expect(checkLabResult(done, { labId: 'lab-kyiv', sampleId: 'HW-S1', resultReference: 'R1' })).toEqual({
      accept: false,
      repeat: true,
      recorded: 'match',
    });
    expect(checkLabResult(done, { labId: 'lab-kyiv', sampleId: 'HW-S1', resultReference: 'R7' })).toMatchObject({
      accept: false,
      repeat: false,
      reason: 'the sample already has a different result',
    });
  });
  it("refuses a lab's report in the lab's words, and takes the same result again", () => {
    const report = { labId: 'lab-kyiv', sampleId: 'HW-S1', resultReference: 'R1', outcome: 'match' as const };
    expect(labReportRefusal([sample(1)], report)).toBeUndefined();
    expect(labReportRefusal([sample(1, 'match')], report)).toBeUndefined();
    expect(labReportRefusal([sample(1)], { ...report, sampleId: 'HW-S9' })).toEqual({
      refusal: 'unknown-sample',
      message: 'case {caseNumber} has no sample HW-S9',
    });
    expect(labReportRefusal([sample(1)], { ...report, labId: 'lab-lviv' })).toEqual({
      refusal: 'other-lab',
      message: 'sample HW-S1 was not ordered from your lab (lab-lviv); report only your samples',
    });
    expect(labReportRefusal([sample(1, 'match')], { ...report, outcome: 'exclusion' })).toEqual({
      refusal: 'changed-outcome',
      message: 'result R1 was already reported as match; to correct it, contact the case coordinator',
    });
    expect(labReportRefusal([sample(1, 'match')], { ...report, resultReference: 'R2' })).toEqual({
      refusal: 'second-result',
      message: 'sample HW-S1 already has a result (R1); contact the case coordinator to correct it',
    });
  });
});

describe('consentsRequired', () => {
  const claimants = [
    { id: 'mother', isLegalGuardian: true },
    { id: 'aunt', isLegalGuardian: false },
    { isLegalGuardian: true },
  ];
  const ask = (birthDate: string, policy = defaultPolicy) =>
    consentsRequired({ child: { birthDate }, claimants, policy, now, registeredAt }).map(
      (c) => `${c.consenteeId}:${c.role}`,
    );
  it('asks every legal guardian of a young child', () => {
    expect(ask('2016-01-01')).toEqual(['mother:guardian', 'claimant-3:guardian']);
  });
  it('asks the child too from the consent age (12 by default, configurable)', () => {
    expect(ask('2014-01-01')).toEqual(['mother:guardian', 'claimant-3:guardian', 'child:child']);
    expect(ask('2016-01-01', { ...defaultPolicy, childConsentAge: 10 })).toContain('child:child');
  });
  it('asks a person of adult age alone', () => {
    expect(ask('2008-01-01')).toEqual(['child:adult']);
  });
  it('is complete when all gave consent; a refusal or withdrawal is a refusal', () => {
    expect(consentStatus([{ consenteeId: 'a', role: 'guardian', decision: 'given' }])).toBe('complete');
    expect(consentStatus([{ consenteeId: 'a', role: 'guardian' }])).toBe('waiting');
    expect(consentStatus([{ consenteeId: 'a', role: 'guardian', decision: 'withdrawn' }])).toBe('refused');
  });
});

describe('deadlines', () => {
  const action = {
    since: now,
    dueAt: new Date(Date.parse(now) + 14 * DAY).toISOString(),
    remindersSent: 0,
    escalationLevel: 0,
  };
  it('reminds first, then climbs the ladder every interval, then is exhausted', () => {
    const wait = defaultPolicy.waits.consent;
    expect(nextWaitStep(action, wait, defaultPolicy)).toEqual({
      kind: 'reminder',
      at: Date.parse(now) + 7 * DAY,
      reminder: 1,
    });
    const reminded = { ...action, remindersSent: 1 };
    expect(nextWaitStep(reminded, wait, defaultPolicy)).toMatchObject({
      kind: 'escalation',
      level: 1,
      to: 'coordinator',
      at: Date.parse(action.dueAt),
    });
    expect(nextWaitStep({ ...reminded, escalationLevel: 2 }, wait, defaultPolicy)).toMatchObject({
      kind: 'escalation',
      level: 3,
      to: 'neutral-desk',
      at: Date.parse(action.dueAt) + 6 * DAY,
    });
    expect(nextWaitStep({ ...reminded, escalationLevel: 3 }, wait, defaultPolicy)).toEqual({
      kind: 'exhausted',
      at: Date.parse(action.dueAt) + 9 * DAY,
    });
  });
  it('summarises escalation and the next deadline for operators', () => {
    expect(escalationSummary([], defaultPolicy)).toEqual({ escalated: false, level: 0, nextDeadline: undefined });
    expect(escalationSummary([action, { ...action, escalationLevel: 2 }], defaultPolicy)).toEqual({
      escalated: true,
      level: 2,
      nextDeadline: Date.parse(action.dueAt),
    });
  });
});

describe('identification and next steps', () => {
  const claimant = { country: 'RU', isLegalGuardian: true, id: 'father' };
  it('asks for document references and a legal guardian of a minor', () => {
    const registration = {
      child: { birthDate: '2015-01-01' },
      claimants: [{ ...claimant, isLegalGuardian: false }],
      documents: {},
    };
    expect(missingDetails(registration as never, defaultPolicy, now, registeredAt)).toEqual([
      'document-references',
      'legal-guardian',
    ]);
  });
  it('sends the child to the verified family, wherever that is', () => {
    expect(destinationOf([{ country: 'PL', isLegalGuardian: false }, claimant])).toBe('RU');
    expect(destinationOf([{ country: 'PL', isLegalGuardian: false }])).toBe('PL');
  });
  it('rejects a message outside its stages with a reason', () => {
    expect(stageConflict('signVerification', 'verification')).toBeUndefined();
    expect(stageConflict('signVerification', 'consent')).toBe(
      'POST /cases/{caseNumber}/verification applies only in stage verification; the case is in stage consent',
    );
    expect(stageConflict('recordTransitEvent', 'verification')).toBe(
      'POST /cases/{caseNumber}/transit-events applies only in stages departure or in-transit; the case is in stage verification',
    );
    expect(stageConflict('recordConsent', 'on-hold')).toBe(
      'the consent page (POST /consent/{token}) does not apply while the case is on hold: resume it first',
    );
    expect(stageConflict('hold', 'closed')).toBe('POST /cases/{caseNumber}/hold does not apply: the case is closed');
  });
  it('names a route for every message, in its own words', () => {
    for (const route of Object.values(messageRoutes)) {
      expect(route.replace('{caseNumber}', '')).not.toMatch(/[a-z][A-Z]/);
      expect(route).toMatch(/(POST|PUT) \/(cases|consent)\//);
    }
  });
  it('decides where a dispute leads', () => {
    const dispute = { reason: 'coordinator' as const, bestInterestsReview: false, raisedInStage: 'consent' as const };
    expect(afterDisputeDecision(dispute, 'resume')).toEqual({ stage: 'consent' });
    expect(afterDisputeDecision({ ...dispute, reason: 'dna-exclusion' }, 'resume')).toEqual({ stage: 'verification' });
    expect(afterDisputeDecision(dispute, 're-verify-dna')).toEqual({ stage: 'dna-testing' });
    expect(afterDisputeDecision(dispute, 'close-not-a-match')).toEqual({ stage: 'closed', outcome: 'not-a-match' });
    expect(afterDisputeDecision({ ...dispute, bestInterestsReview: true }, 'close-not-a-match')).toEqual({
      stage: 'closed',
      outcome: 'declined',
    });
  });
});
