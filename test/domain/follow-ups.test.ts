import { followUpNotYet } from '../../src/domain/follow-ups';
import { defaultPolicy, scalePolicy } from '../../src/domain/policy';

const handover = '2026-06-01T10:00:00.000Z';
const sixMonths = { id: 'follow-up-3', dueAt: '2026-11-28T10:00:00.000Z' };
const at = (iso: string) => `${iso}T10:00:00.000Z`;

describe('when an aftercare visit may be recorded', () => {
  it('refuses a six-month visit recorded as completed on the day of the handover, saying from when it can be', () => {
    expect(followUpNotYet(sixMonths, 'completed', handover, defaultPolicy)).toBe(
      'follow-up follow-up-3 is due on 2026-11-28: a visit can be recorded as completed from 2026-11-21',
    );
  });

  it('takes a visit from a week before it is due, on the day and after', () => {
    expect(followUpNotYet(sixMonths, 'completed', at('2026-11-20'), defaultPolicy)).toBeDefined();
    for (const day of ['2026-11-21', '2026-11-28', '2027-01-15'])
      expect(followUpNotYet(sixMonths, 'completed', at(day), defaultPolicy)).toBeUndefined();
  });

  it('records a visit as missed only once it is due', () => {
    expect(followUpNotYet(sixMonths, 'missed', at('2026-11-27'), defaultPolicy)).toBe(
      'follow-up follow-up-3 is due on 2026-11-28: it can be recorded as missed from then',
    );
    expect(followUpNotYet(sixMonths, 'missed', sixMonths.dueAt, defaultPolicy)).toBeUndefined();
  });

  it('scales the window with the policy, and has a week for cases whose policy predates it', () => {
    const scaled = scalePolicy(defaultPolicy, 200_000);
    expect(scaled.followUpEarlyWindow).toBe(Math.round((7 * 86_400_000) / 200_000));
    const soon = { id: 'follow-up-1', dueAt: new Date(Date.parse(handover) + 10_000).toISOString() };
    expect(followUpNotYet(soon, 'completed', handover, scaled)).toBeDefined();
    expect(
      followUpNotYet(soon, 'completed', new Date(Date.parse(handover) + 7_000).toISOString(), scaled),
    ).toBeUndefined();
    expect(followUpNotYet(sixMonths, 'completed', at('2026-11-21'), {})).toBeUndefined();
    expect(followUpNotYet(sixMonths, 'completed', at('2026-11-20'), {})).toBeDefined();
  });
});
