import {
  apiRoles,
  casePartiesOf,
  mayReachCase,
  staffRoleOf,
  messageRouteRoles,
  messageSenders,
  personalDataRoles,
  routeRoles,
  senderRefusal,
} from '../../src/domain/authorisation';
import type { Actor, ActorRole } from '../../src/domain/case';
import { withoutPersonalData } from '../../src/domain/personal-data';
import type { CaseState } from '../../src/domain/case';

const as = (role: ActorRole, id = `${role}-1`): Actor => ({ id, role });
const facts = { coordinatorId: 'coord-ana' };

describe('who may send a case which message', () => {
  it('lets coordinators, and supervisors standing in, run a case', () => {
    for (const message of ['provideIdentityDetails', 'hold', 'resume', 'withdraw', 'recordFollowUp'] as const) {
      expect(senderRefusal(message, as('coordinator'), facts)).toBeUndefined();
      expect(senderRefusal(message, as('supervisor'), facts)).toBeUndefined();
      expect(senderRefusal(message, as('reviewer'), facts)).toMatch(/^only a coordinator or supervisor may /);
    }
    expect(senderRefusal('hold', as('guardian'), facts)).toBe(
      'only a coordinator or supervisor may put a case on hold',
    );
  });

  it("keeps a verification and a dispute decision for a neutral reviewer, never the case's own coordinator", () => {
    expect(senderRefusal('signVerification', as('reviewer'), facts)).toBeUndefined();
    expect(senderRefusal('decideDispute', as('supervisor'), facts)).toBeUndefined();
    expect(senderRefusal('signVerification', as('coordinator'), facts)).toBe(
      'only a reviewer or supervisor may sign off a verification',
    );
    expect(senderRefusal('decideDispute', as('supervisor', 'coord-ana'), facts)).toBe(
      "the case's coordinator may not decide a dispute: another reviewer must do it",
    );
  });

  it('has a consent answered only by the person asked; withdrawn by them, or recorded by a coordinator', () => {
    const consent = { consenteeId: 'mother', role: 'guardian' as const };
    const adult = { consenteeId: 'child', role: 'adult' as const };
    expect(senderRefusal('recordConsent', as('guardian', 'mother'), { ...facts, consent })).toBeUndefined();
    expect(senderRefusal('recordConsent', as('child', 'child'), { ...facts, consent: adult })).toBeUndefined();
    for (const actor of [as('guardian', 'father'), as('child', 'mother'), as('coordinator', 'mother')])
      expect(senderRefusal('recordConsent', actor, { ...facts, consent })).toBe(
        'a consent can only be answered by the person it was asked of',
      );
    expect(senderRefusal('withdrawConsent', as('guardian', 'mother'), { ...facts, consent })).toBeUndefined();
    expect(senderRefusal('withdrawConsent', as('coordinator'), { ...facts, consent })).toBeUndefined();
    expect(senderRefusal('withdrawConsent', as('guardian', 'father'), { ...facts, consent })).toBe(
      'a consent can be withdrawn by the person who gave it, or recorded by a coordinator',
    );
  });

  it("records the escort's handover signature for staff only, the guardian's also from the guardian", () => {
    expect(senderRefusal('confirmHandover', as('guardian'), { ...facts, signedBy: 'guardian' })).toBeUndefined();
    expect(senderRefusal('confirmHandover', as('guardian'), { ...facts, signedBy: 'escort' })).toBe(
      "only a coordinator or supervisor may record the escort's signature",
    );
    expect(senderRefusal('confirmHandover', as('lab'), { ...facts, signedBy: 'guardian' })).toBe(
      "only a coordinator or supervisor or guardian may record the guardian's signature",
    );
  });

  it('takes DNA results from labs only', () => {
    expect(senderRefusal('reportLabResult', as('lab'), facts)).toBeUndefined();
    expect(senderRefusal('reportLabResult', as('coordinator'), facts)).toBe('only a lab may report a DNA result');
  });
});

describe('who may call which route', () => {
  it('opens each message route to the API keys among its senders', () => {
    expect(messageRouteRoles('hold')).toEqual(['coordinator', 'supervisor']);
    expect(messageRouteRoles('withdrawConsent')).toEqual(['coordinator', 'supervisor']);
    expect(messageRouteRoles('confirmHandover')).toEqual(['coordinator', 'supervisor']);
    expect(messageRouteRoles('signVerification')).toEqual(['reviewer', 'supervisor']);
    expect(messageRouteRoles('reportLabResult')).toEqual(['lab']);
    // A consent is answered through its link, by token: no key sends it.
    expect(messageRouteRoles('recordConsent')).toEqual([]);
    for (const message of Object.keys(messageSenders) as Array<keyof typeof messageSenders>)
      for (const role of messageRouteRoles(message)) expect(apiRoles).toContain(role);
  });
  it('registers cases for coordinators, shows them to readers and personal data to fewer', () => {
    expect(routeRoles.registerCase).toEqual(['coordinator']);
    expect(routeRoles.readCases).toEqual(['coordinator', 'reviewer', 'supervisor', 'operator']);
    expect(personalDataRoles).toEqual(['coordinator', 'reviewer', 'supervisor']);
    expect(routeRoles.readCases).not.toContain('lab');
  });
});

describe('a case without personal data', () => {
  it('has no registration, views, hold reason, notes, or details of what people recorded', () => {
    const person = { id: 'coord-ana', role: 'coordinator' as const };
    const state = {
      registration: { child: {} },
      hold: { since: 'x', reason: 'facility denied access to Zlata', by: person, resumeStage: 'consent' },
      consents: [{ consenteeId: 'child', role: 'child', views: 'wants to go home' }],
      disputes: [{ id: 'D1', decision: { decision: 'resume', by: person, at: 'x', note: 'spoke to the aunt' } }],
      events: [
        { at: 'x', type: 'case-on-hold', actor: person, stage: 'consent', detail: 'facility denied access' },
        {
          at: 'x',
          type: 'record-checked',
          actor: { id: 'homeward', role: 'system' },
          stage: 'record-checks',
          detail: 'civil: consistent',
        },
      ],
      transit: { incidents: [{ at: 'x', note: 'car sick' }] },
    } as unknown as CaseState;
    const shown = withoutPersonalData(state);
    expect(shown).not.toHaveProperty('registration');
    expect(shown.hold?.reason).toBe('[withheld]');
    expect(shown.consents[0]).not.toHaveProperty('views');
    expect(shown.disputes[0]?.decision?.note).toBeUndefined();
    expect(shown.events.map((event) => event.detail)).toEqual([undefined, 'civil: consistent']);
    expect(shown.transit?.incidents).toEqual([{ at: 'x' }]);
  });
});

describe('parties of a case', () => {
  const sharing = {
    'RU>UA': ['ua-authority'],
    'RU>*': ['ru-authority'],
    '*>UA': ['ua-ombudsman'],
    '*': ['neutral-desk'],
  };
  it('shares a case with its registering organisation and the parties its route names', () => {
    expect(casePartiesOf({ organisation: 'field-office', from: 'RU' }, sharing).sort()).toEqual(
      ['field-office', 'neutral-desk', 'ru-authority'].sort(),
    );
    expect(casePartiesOf({ organisation: 'field-office', from: 'RU', to: 'UA' }, sharing).sort()).toEqual(
      ['field-office', 'neutral-desk', 'ru-authority', 'ua-authority', 'ua-ombudsman'].sort(),
    );
    expect(casePartiesOf({ organisation: 'field-office', from: 'UA', to: 'RU' }, {})).toEqual(['field-office']);
  });
  it('confines a caller that names an organisation to the cases shared with it', () => {
    expect(mayReachCase({ organisation: 'ru-authority' }, ['ru-authority'])).toBe(true);
    expect(mayReachCase({ organisation: 'other-ngo' }, ['ru-authority'])).toBe(false);
    expect(mayReachCase({}, ['ru-authority'])).toBe(true);
  });
  it('maps signed-in roles to the widest Homeward role, never to a lab', () => {
    expect(staffRoleOf(['coordinator', 'supervisor'])).toBe('supervisor');
    expect(staffRoleOf(['lab', 'visitor'])).toBeUndefined();
  });
});
