import type { CaseEvent } from '../../src/domain/case';
import { countedEvents } from '../../src/domain/events';
import { appendAuditEntry, auditTrail } from '../../src/registry/audit';
import type { Db } from '../../src/registry/db';
import {
  dashboardFigures,
  isoWeekRange,
  suppress,
  totalsOf,
  weeklyDashboard,
  weeklyTotals,
  type DashboardFigure,
  type PairCount,
  type RawFigures,
} from '../../src/registry/dashboard';
import { registryBackends } from './backends';

const weeks = ['2026-W45', '2026-W46', '2026-W47'];
const monday = (week: string) => isoWeekRange(week)!.start.getTime();
const HOUR = 3_600_000;

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Cases moving through the stages at random across three weeks, some with disputes; returns their numbers. */
async function seed(db: Db): Promise<string[]> {
  const next = random(47);
  const routes = [
    ['RU', 'UA', 40],
    ['UA', 'RU', 3],
    ['BY', 'UA', 6],
  ] as const;
  const caseNumbers: string[] = [];
  let serial = 0;
  for (const [from, to, count] of routes) {
    for (let index = 0; index < count; index += 1) {
      serial += 1;
      const caseNumber = `HW-2026-${String(serial).padStart(6, '0')}-X`;
      caseNumbers.push(caseNumber);
      let at = monday(weeks[0]!) + Math.floor(next() * 14 * 24) * HOUR;
      const events: Array<[string, CaseEvent['data']?]> = [[countedEvents.registered, { from }]];
      if (next() < 0.8) events.push(['record-check-completed'], [countedEvents.verified, { to }]);
      if (next() < 0.3) events.push([countedEvents.disputeOpened]);
      if (next() < 0.5 && events.at(-1)![0] === countedEvents.disputeOpened)
        events.push([countedEvents.disputeDecided]);
      if (events.some(([type]) => type === countedEvents.verified) && next() < 0.7) {
        events.push([countedEvents.consentGiven], [countedEvents.travelScheduled], [countedEvents.returned]);
        if (next() < 0.6) events.push([countedEvents.followUpDone]);
      }
      for (const [sequence, [type, data]] of events.entries()) {
        const event: CaseEvent = {
          at: new Date(at).toISOString(),
          type,
          actor: { id: 'coord-ana', role: 'coordinator' },
          stage: 'registered',
          ...(data ? { data } : {}),
        };
        await appendAuditEntry(db, { caseNumber, sequence, event });
        at += Math.floor(next() * 60) * HOUR;
      }
    }
  }
  return caseNumbers;
}

/** The recount: read every case's trail and count by hand, with no SQL beyond reading the trail. */
async function recount(db: Db, caseNumbers: string[], week: string): Promise<PairCount[]> {
  const { start, end } = isoWeekRange(week)!;
  const inWeek = (at: string) => Date.parse(at) >= start.getTime() && Date.parse(at) < end.getTime();
  const figureOf: Record<string, DashboardFigure> = {
    [countedEvents.registered]: 'registered',
    [countedEvents.verified]: 'verified',
    [countedEvents.consentGiven]: 'consentGiven',
    [countedEvents.travelScheduled]: 'travelScheduled',
    [countedEvents.returned]: 'returned',
    [countedEvents.followUpDone]: 'followUpsDone',
  };
  const pairs = new Map<string, PairCount>();
  for (const caseNumber of caseNumbers) {
    const trail = (await auditTrail(db, caseNumber)).map((entry) => entry.event);
    const from = (trail.find((event) => event.type === countedEvents.registered)?.data?.from as string) ?? null;
    const verifications = trail.filter(
      (event) => event.type === countedEvents.verified && Date.parse(event.at) < end.getTime(),
    );
    const to = (verifications.at(-1)?.data?.to as string) ?? null;
    const key = `${from}>${to}`;
    const figures = Object.fromEntries(dashboardFigures.map((figure) => [figure, 0])) as RawFigures;
    for (const event of trail) {
      if (figureOf[event.type] && inWeek(event.at)) figures[figureOf[event.type]!] += 1;
      if (Date.parse(event.at) < end.getTime()) {
        if (event.type === countedEvents.disputeOpened) figures.disputesOpen += 1;
        if (event.type === countedEvents.disputeDecided) figures.disputesOpen -= 1;
      }
    }
    if (dashboardFigures.every((figure) => figures[figure] === 0)) continue;
    const pair = pairs.get(key) ?? {
      from,
      to,
      figures: Object.fromEntries(dashboardFigures.map((f) => [f, 0])) as RawFigures,
    };
    for (const figure of dashboardFigures) pair.figures[figure] += figures[figure];
    pairs.set(key, pair);
  }
  return [...pairs.values()];
}

/** Sums the recount's pairs by hand: the totals a reader of the dashboard could add up. */
function sumOf(pairs: PairCount[]): RawFigures {
  const sums = Object.fromEntries(dashboardFigures.map((figure) => [figure, 0])) as RawFigures;
  for (const pair of pairs) for (const figure of dashboardFigures) sums[figure] += pair.figures[figure];
  return sums;
}

/**
 * One week written by hand, with its dashboard worked out by hand below: five country pairs, and in each figure the
 * case that suppression rule must meet (one small cell beside a large total, two small cells, a total of exactly 5,
 * a small total).
 */
const handWeek = '2026-W46';
const handCases: Array<{ from: string; to?: string; count: number; then: string[]; disputes?: number }> = [
  { from: 'BY', to: 'UA', count: 6, then: [] },
  { from: 'MD', to: 'UA', count: 5, then: [countedEvents.consentGiven] },
  { from: 'MD', to: 'UA', count: 1, then: [countedEvents.consentGiven, countedEvents.travelScheduled] },
  { from: 'MD', to: 'UA', count: 1, then: [] },
  { from: 'PL', count: 2, then: [] },
  {
    from: 'RU',
    to: 'UA',
    count: 3,
    then: [
      countedEvents.consentGiven,
      countedEvents.travelScheduled,
      countedEvents.returned,
      countedEvents.followUpDone,
    ],
  },
  {
    from: 'RU',
    to: 'UA',
    count: 2,
    then: [countedEvents.consentGiven, countedEvents.travelScheduled, countedEvents.returned],
  },
  { from: 'RU', to: 'UA', count: 3, then: [] },
  { from: 'UA', to: 'RU', count: 1, then: [countedEvents.consentGiven, countedEvents.travelScheduled], disputes: 1 },
  { from: 'UA', to: 'RU', count: 4, then: [] },
];

async function seedHandWeek(db: Db): Promise<void> {
  let serial = 0;
  let at = monday(handWeek) + HOUR;
  for (const { from, to, count, then, disputes = 0 } of handCases) {
    for (let index = 0; index < count; index += 1) {
      serial += 1;
      const caseNumber = `HW-2026-${String(900 + serial).padStart(6, '0')}-H`;
      const events: Array<[string, CaseEvent['data']?]> = [
        [countedEvents.registered, { from }],
        ...(to ? [[countedEvents.verified, { to }] as [string, CaseEvent['data']]] : []),
        ...then.map((type): [string] => [type]),
        ...Array.from({ length: disputes }, (): [string] => [countedEvents.disputeOpened]),
      ];
      for (const [sequence, [type, data]] of events.entries()) {
        at += HOUR;
        const event: CaseEvent = {
          at: new Date(at).toISOString(),
          type,
          actor: { id: 'coord-ana', role: 'coordinator' },
          stage: 'registered',
          ...(data ? { data } : {}),
        };
        await appendAuditEntry(db, { caseNumber, sequence, event });
      }
    }
  }
}

describe.each(registryBackends())('weekly dashboard on $name', (backend) => {
  it('publishes a hand-counted week exactly: small cells hidden, one more where subtraction would reveal one', async () => {
    const db = await backend.open();
    await seedHandWeek(db);
    const dashboard = (await weeklyDashboard(db, handWeek))!;
    // Raw, by pair (BY>UA, MD>UA, PL>-, RU>UA, UA>RU):
    //   registered      6 7 2 8 5  = 28   one small cell (PL 2): the next smallest, UA>RU 5, is hidden too
    //   verified        6 7 0 8 5  = 26   no small cell: all shown
    //   consentGiven    0 6 0 5 1  = 12   one small (UA>RU 1): the next smallest, RU>UA 5, is hidden too
    //   travelScheduled 0 1 0 5 1  = 7    two small cells hide each other: RU>UA 5 shown
    //   returned        0 0 0 5 0  = 5    no small cell: RU>UA 5 shown, and a total of exactly 5 is shown
    //   followUpsDone   0 0 0 3 0  = 3    a small total: nothing to protect by a second cell
    //   disputesOpen    0 0 0 0 1  = 1
    // A zero is published as 0, except in a figure with a hidden cell, where it would narrow what the hidden add up to.
    expect(dashboard.totals).toEqual({
      registered: 28,
      verified: 26,
      consentGiven: 12,
      travelScheduled: 7,
      returned: 5,
      followUpsDone: '<5',
      disputesOpen: '<5',
    });
    const row = (from: string, to: string | null, shown: Array<number | '<5'>) => ({
      from,
      to,
      figures: Object.fromEntries(dashboardFigures.map((figure, index) => [figure, shown[index]])),
    });
    expect(dashboard.byCountryPair).toEqual([
      row('BY', 'UA', [6, 6, '<5', '<5', 0, '<5', '<5']),
      row('MD', 'UA', [7, 7, 6, '<5', 0, '<5', '<5']),
      row('PL', null, ['<5', 0, '<5', '<5', 0, '<5', '<5']),
      row('RU', 'UA', [8, 8, '<5', 5, 5, '<5', '<5']),
      row('UA', 'RU', ['<5', 5, '<5', '<5', 0, '<5', '<5']),
    ]);
    expect((await weeklyTotals(db, handWeek))?.totals).toEqual(dashboard.totals);
  });

  it('publishes figures equal to a recount from the audit trail, hiding small counts and no more than it must', async () => {
    const db = await backend.open();
    const caseNumbers = await seed(db);
    let published = 0;
    let suppressed = 0;
    for (const week of weeks) {
      const dashboard = (await weeklyDashboard(db, week))!;
      const pairs = await recount(db, caseNumbers, week);
      const raw = sumOf(pairs);
      const key = (pair: { from: string | null; to: string | null }) => `${pair.from}>${pair.to}`;
      expect(dashboard.byCountryPair.map(key).sort()).toEqual(pairs.map(key).sort());
      for (const figure of dashboardFigures) {
        // A total is hidden exactly when it is 1 to 4; a zero is published as 0.
        const hiddenTotal = raw[figure] > 0 && raw[figure] < 5;
        expect({ figure, shown: dashboard.totals[figure] }).toEqual({
          figure,
          shown: hiddenTotal ? '<5' : raw[figure],
        });
        if (hiddenTotal) suppressed += 1;
        else published += 1;
        // A cell is its recount, or "<5" when the recount is 1 to 4; a zero is hidden only beside a hidden cell of its
        // figure; a cell of 5 or more is hidden only to protect the one small cell of its figure from subtraction.
        const cells = pairs.map((pair) => {
          const shown = dashboard.byCountryPair.find((candidate) => key(candidate) === key(pair))!.figures[figure];
          return { count: pair.figures[figure], shown };
        });
        const small = cells.filter(({ count }) => count > 0 && count < 5);
        const protects = small.length === 1 && raw[figure] >= 5;
        const hiddenLarge = cells.filter(({ count, shown }) => count >= 5 && shown === '<5');
        expect({ figure, hiddenLarge: hiddenLarge.length }).toEqual({ figure, hiddenLarge: protects ? 1 : 0 });
        const anyHidden = cells.some(({ shown }) => shown === '<5');
        for (const { count, shown } of cells) {
          const expected = count === 0 ? (anyHidden ? '<5' : 0) : count < 5 ? '<5' : shown === '<5' ? '<5' : count;
          expect({ figure, count, shown }).toEqual({ figure, count, shown: expected });
        }
      }
    }
    // The seed is rich enough to exercise both sides.
    expect(published).toBeGreaterThan(5);
    expect(suppressed).toBeGreaterThan(2);
  });

  it('answers an empty week with every figure 0 and no pairs: a zero singles no child out', async () => {
    const db = await backend.open();
    const dashboard = await weeklyDashboard(db, '2026-W01');
    expect(dashboard?.byCountryPair).toEqual([]);
    expect(Object.values(dashboard!.totals)).toEqual(dashboardFigures.map(() => 0));
    expect(Object.values((await weeklyTotals(db, '2026-W01'))!.totals)).toEqual(dashboardFigures.map(() => 0));
  });
});

describe('suppression', () => {
  const pair = (from: string, to: string, registered: number): PairCount => ({
    from,
    to,
    figures: { ...(Object.fromEntries(dashboardFigures.map((figure) => [figure, 0])) as RawFigures), registered },
  });

  it('hides a second cell when one small cell could be recovered from the total by subtraction', () => {
    const pairs = [pair('RU', 'UA', 9), pair('BY', 'UA', 6), pair('UA', 'RU', 2)];
    const { totals, byCountryPair } = suppress(pairs, totalsOf(pairs));
    expect(totals.registered).toBe(17);
    expect(byCountryPair.map((shown) => shown.figures.registered)).toEqual([9, '<5', '<5']);
  });

  it('shows a zero as 0, but hides it beside a hidden cell, where it would narrow what the hidden cells add up to', () => {
    // 4 + 4 hidden beside a shown 0 and a total of 8 leaves only one answer: 4 and 4.
    const pairs = [pair('RU', 'UA', 4), pair('BY', 'UA', 4), pair('UA', 'RU', 0)];
    const { totals, byCountryPair } = suppress(pairs, totalsOf(pairs));
    expect(totals.registered).toBe(8);
    expect(byCountryPair.map((shown) => shown.figures.registered)).toEqual(['<5', '<5', '<5']);
    // No cell of the figure is hidden: its zeros are shown.
    expect(byCountryPair.map((shown) => shown.figures.verified)).toEqual([0, 0, 0]);
    const clear = [pair('RU', 'UA', 9), pair('UA', 'RU', 0)];
    expect(suppress(clear, totalsOf(clear)).byCountryPair.map((shown) => shown.figures.registered)).toEqual([9, 0]);
  });

  it('leaves the figures alone when two small cells already hide each other', () => {
    const pairs = [pair('RU', 'UA', 9), pair('BY', 'UA', 3), pair('UA', 'RU', 2)];
    expect(suppress(pairs, totalsOf(pairs)).byCountryPair.map((shown) => shown.figures.registered)).toEqual([
      9,
      '<5',
      '<5',
    ]);
  });

  it('recognises ISO weeks, including week 53, and refuses weeks a year does not have', () => {
    expect(isoWeekRange('2026-W53')?.start.toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(isoWeekRange('2025-W01')?.start.toISOString()).toBe('2024-12-30T00:00:00.000Z');
    expect(isoWeekRange('2025-W53')).toBeUndefined();
    expect(isoWeekRange('2026-W00')).toBeUndefined();
  });
});
