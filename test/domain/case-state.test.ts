/** A case's state as it starts, what operators see of it, and what a reviewer's decision changes in it. */
import { attributeChanges, caseAttributes } from '../../src/domain/case-attributes';
import type { CaseInput, ConsentRecord } from '../../src/domain/case';
import { consentAskedAgain, consenteeContact, consenteeRole } from '../../src/domain/consent';
import { decisionChanges, nextDisputeId } from '../../src/domain/disputes';
import { followUpSchedule } from '../../src/domain/follow-ups';
import { initialCaseState } from '../../src/domain/initial-state';
import { defaultPolicy } from '../../src/domain/policy';

const DAY = 86_400_000;

describe('a case as it starts', () => {
  it('is registered, its route starting where the child is now, with its registration as the first event', () => {
    const coordinator = { id: 'coord-ana', role: 'coordinator' as const };
    const registration = { child: { currentLocation: { country: 'RU' } } } as CaseInput['registration'];
    const state = initialCaseState({
      caseNumber: 'HW-2026-000001-V',
      registration,
      coordinator,
      registeredAt: '2026-03-02T09:00:00.000Z',
    });
    expect(state).toMatchObject({
      caseNumber: 'HW-2026-000001-V',
      stage: 'registered',
      route: { from: 'RU' },
      pending: [],
      dna: { required: false, reasons: [], samples: [] },
      auditedEvents: 0,
      registration,
    });
    expect(state.events).toEqual([
      {
        at: '2026-03-02T09:00:00.000Z',
        type: 'case-registered',
        actor: coordinator,
        stage: 'registered',
        data: { from: 'RU' },
      },
    ]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('search attributes', () => {
  const state = { caseNumber: 'HW-2026-000001-V', stage: 'consent' as const, pending: [], route: { from: 'RU' } };
  it('writes every attribute and the fixed ones the first time', () => {
    const wanted = caseAttributes(state, defaultPolicy);
    expect(wanted).toEqual({ stage: 'consent', escalated: false, level: 0, next: null, to: null });
    expect(attributeChanges(undefined, wanted, state)).toEqual([
      { attribute: 'stage', value: 'consent' },
      { attribute: 'escalated', value: false },
      { attribute: 'level', value: 0 },
      { attribute: 'next', value: null },
      { attribute: 'caseNumber', value: 'HW-2026-000001-V' },
      { attribute: 'from', value: 'RU' },
    ]);
  });
  it('then only what changed, and never clears a destination', () => {
    const before = caseAttributes(state, defaultPolicy);
    const escalated = {
      stage: 'consent' as const,
      route: { from: 'RU', to: 'UA' },
      pending: [
        {
          id: 'consent:mother',
          kind: 'consent',
          waitingOn: 'guardian' as const,
          since: '2026-03-02T09:00:00.000Z',
          dueAt: '2026-03-16T09:00:00.000Z',
          remindersSent: 1,
          escalationLevel: 1,
        },
      ],
    };
    const after = caseAttributes(escalated, defaultPolicy);
    expect(attributeChanges(before, after, state)).toEqual([
      { attribute: 'escalated', value: true },
      { attribute: 'level', value: 1 },
      { attribute: 'next', value: Date.parse('2026-03-16T09:00:00.000Z') + 3 * DAY },
      { attribute: 'to', value: 'UA' },
    ]);
    expect(attributeChanges(after, { ...after, to: null }, state)).toEqual([]);
  });
});

describe('consents', () => {
  const registration = {
    child: { email: 'zlata@example.org', language: 'uk' as const },
    claimants: [{ id: 'mother', email: 'mother@example.org', language: 'ru' as const }, { language: 'en' as const }],
  };
  it("asks a guardian at their own address, the child at the child's, and no one without an address", () => {
    expect(consenteeContact(registration, { role: 'guardian', consenteeId: 'mother' })).toEqual({
      address: 'mother@example.org',
      language: 'ru',
    });
    expect(consenteeContact(registration, { role: 'guardian', consenteeId: 'claimant-2' })).toBeUndefined();
    expect(consenteeContact(registration, { role: 'adult', consenteeId: 'child' })).toEqual({
      address: 'zlata@example.org',
      language: 'uk',
    });
    expect(
      consenteeContact({ ...registration, child: { language: 'uk' } }, { role: 'child', consenteeId: 'child' }),
    ).toBeUndefined();
  });
  it('waits on a guardian or on the child, a young adult answering as the child', () => {
    expect(consenteeRole({ role: 'guardian' })).toBe('guardian');
    expect(consenteeRole({ role: 'child' })).toBe('child');
    expect(consenteeRole({ role: 'adult' })).toBe('child');
  });
});

describe('a reviewer decision', () => {
  const consents: ConsentRecord[] = [
    { consenteeId: 'mother', role: 'guardian', decision: 'given', at: 'x', requestedAt: 'y' },
    { consenteeId: 'child', role: 'child', decision: 'refused', at: 'x', requestedAt: 'y', views: 'wants to stay' },
    { consenteeId: 'father', role: 'guardian', decision: 'withdrawn', at: 'x', requestedAt: 'y', round: 2 },
  ];
  it('numbers disputes in order', () => {
    expect(nextDisputeId([])).toBe('D1');
    expect(nextDisputeId([{}, {}])).toBe('D3');
  });
  it('sends a case back to records afresh, to DNA as required, or asks refused consents again in a new round', () => {
    expect(decisionChanges({ consents }, 'record-checks')).toEqual({ recordChecks: [] });
    expect(decisionChanges({ consents }, 'dna-testing')).toEqual({ dnaRequired: true });
    expect(decisionChanges({ consents }, 'verification')).toEqual({});
    expect(decisionChanges({ consents }, 'consent').consents).toEqual([
      consents[0],
      { consenteeId: 'child', role: 'child', views: 'wants to stay', round: 2 },
      { consenteeId: 'father', role: 'guardian', round: 3 },
    ]);
    expect(consentAskedAgain(consents[0]!)).toBe(consents[0]);
  });
});

describe('aftercare', () => {
  it('schedules the follow-up visits at the policy offsets from the handover: 2 weeks, 3 and 6 months', () => {
    const handedOverAt = Date.parse('2026-06-01T10:00:00.000Z');
    expect(followUpSchedule(handedOverAt, defaultPolicy)).toEqual([
      { id: 'follow-up-1', dueAt: '2026-06-15T10:00:00.000Z', status: 'scheduled' },
      { id: 'follow-up-2', dueAt: '2026-08-30T10:00:00.000Z', status: 'scheduled' },
      { id: 'follow-up-3', dueAt: '2026-11-28T10:00:00.000Z', status: 'scheduled' },
    ]);
  });
});
