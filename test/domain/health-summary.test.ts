import { healthAccessOf, healthSharingConsented, purposeStageOf } from '../../src/domain/health-access';
import {
  completenessOf,
  healthSummarySchema,
  journeySubset,
  type HealthSummary,
} from '../../src/domain/health-summary';
import { healthSummaryInput } from '../support/health-fixtures';

const summary = (): HealthSummary => healthSummarySchema.parse(healthSummaryInput());

describe('the health summary', () => {
  it('is complete once every section lists items or says none are known', () => {
    expect(completenessOf(summary())).toEqual({
      complete: true,
      stated: ['allergies', 'medications', 'conditions', 'immunizations', 'psychosocial', 'journeyInstructions'],
      missing: [],
    });
    const { immunizations: _left, ...partial } = summary();
    expect(completenessOf(partial)).toMatchObject({ complete: false, missing: ['immunizations'] });
    expect(completenessOf({ ...partial, immunizations: { items: [] } })).toMatchObject({ complete: false });
    expect(completenessOf(undefined).missing).toHaveLength(6);
  });

  it('refuses a section that both lists items and says none are known, and dates in the future', () => {
    const input = healthSummaryInput();
    const both = { ...input, allergies: { ...input.allergies, noneKnown: input.allergies.items[0]! } };
    expect(healthSummarySchema.safeParse(both).error?.issues[0]?.message).toBe(
      'a section either lists items or says none are known, not both',
    );
    const future = healthSummaryInput();
    future.medications.items[0]!.statedAt = '2999-01-01';
    expect(healthSummarySchema.safeParse(future).error?.issues[0]).toMatchObject({
      path: ['medications', 'items', 0, 'statedAt'],
      message: 'a statement cannot be dated in the future',
    });
    expect(healthSummarySchema.safeParse({ ...input, diagnosis: 'x' }).success).toBe(false);
  });

  it("gives the escort the journey's items and instructions only", () => {
    const subset = journeySubset(summary());
    expect(Object.keys(subset).sort()).toEqual(['allergies', 'conditions', 'journeyInstructions', 'medications']);
    expect(subset.allergies!.items.map((item) => item.substance.text)).toEqual(['Peanut']);
    expect(subset.medications!.items.map((item) => item.medication.text)).toEqual(['Salbutamol inhaler']);
    expect(subset.conditions!.items).toEqual([]);
    expect(JSON.stringify(subset)).not.toContain('Nightmares');
  });
});

describe('who sees what of a case', () => {
  const team = { escortId: 'esc-iva', sendingClinicianId: 'clin-sam', receivingClinicianId: 'clin-rui' };
  const of = (role: string, actorId: string, stage: Parameters<typeof healthAccessOf>[2]) =>
    healthAccessOf({ role, actorId }, team, stage, { consented: true });

  it('shares by purpose and stage', () => {
    expect(of('escort', 'esc-iva', 'departure')).toEqual({ access: 'journey' });
    expect(of('escort', 'esc-iva', 'verification')).toHaveProperty('refusal');
    expect(of('escort', 'esc-iva', 'aftercare')).toHaveProperty('refusal');
    expect(of('escort', 'esc-other', 'departure')).toEqual({ refusal: 'you are not the escort named for this case' });
    expect(of('clinician', 'clin-rui', 'in-transit')).toHaveProperty('refusal');
    expect(of('clinician', 'clin-rui', 'handover')).toEqual({ access: 'full' });
    expect(of('clinician', 'clin-rui', 'aftercare')).toEqual({ access: 'full' });
    expect(of('clinician', 'clin-rui', 'closed')).toHaveProperty('refusal');
    expect(of('clinician', 'clin-sam', 'departure')).toEqual({ access: 'full' });
    expect(of('clinician', 'clin-sam', 'aftercare')).toHaveProperty('refusal');
    expect(of('coordinator', 'coord-ana', 'aftercare')).toEqual({ access: 'status' });
    expect(
      healthAccessOf({ role: 'supervisor', actorId: 'sup' }, team, 'consent', { coordinatorsSeeContent: true }),
    ).toEqual({
      access: 'content',
    });
    expect(
      healthAccessOf({ role: 'operator', actorId: 'op' }, team, 'consent', { coordinatorsSeeContent: true }),
    ).toHaveProperty('refusal');
    for (const role of ['operator', 'lab', 'reviewer']) expect(of(role, 'x', 'aftercare')).toHaveProperty('refusal');
  });

  it("shares with the escort and the receiving clinician only with the guardians' consent", () => {
    const consent = { role: 'guardian' as const, decision: 'given' as const };
    expect(healthSharingConsented([{ ...consent, healthSharing: 'given' }])).toBe(true);
    expect(healthSharingConsented([{ ...consent, healthSharing: 'given' }, { ...consent }])).toBe(false);
    expect(healthSharingConsented([{ ...consent, healthSharing: 'withdrawn' }])).toBe(false);
    expect(healthSharingConsented([{ ...consent, decision: 'withdrawn', healthSharing: 'given' }])).toBe(false);
    expect(healthSharingConsented([{ role: 'child', decision: 'given' }])).toBe(false);
    const refused = (role: string, actorId: string, stage: 'departure' | 'aftercare') =>
      healthAccessOf({ role, actorId }, team, stage, { consented: false });
    expect(refused('escort', 'esc-iva', 'departure')).toHaveProperty('refusal', expect.stringMatching(/not consented/));
    expect(refused('clinician', 'clin-rui', 'aftercare')).toHaveProperty(
      'refusal',
      expect.stringMatching(/not consented/),
    );
    expect(refused('clinician', 'clin-sam', 'departure')).toEqual({ access: 'full' });
  });

  it('keeps the purpose of the stage a case was held in', () => {
    const hold = {
      since: '',
      reason: '',
      by: { id: 'x', role: 'coordinator' as const },
      resumeStage: 'in-transit' as const,
    };
    expect(purposeStageOf({ stage: 'on-hold', hold })).toBe('in-transit');
    expect(purposeStageOf({ stage: 'aftercare' })).toBe('aftercare');
  });
});
