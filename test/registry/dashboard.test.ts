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

describe.each(registryBackends())('weekly dashboard on $name', (backend) => {
  it('publishes figures equal to a recount from the audit trail, with counts under 5 shown as "<5"', async () => {
    const db = await backend.open();
    const caseNumbers = await seed(db);
    let published = 0;
    let suppressed = 0;
    for (const week of weeks) {
      const dashboard = (await weeklyDashboard(db, week))!;
      const pairs = await recount(db, caseNumbers, week);
      const expected = suppress(pairs, totalsOf(pairs));
      expect(dashboard.totals).toEqual(expected.totals);
      expect((await weeklyTotals(db, week))?.totals).toEqual(expected.totals);
      const byPair = (list: Array<{ from: string | null; to: string | null }>) =>
        [...list].sort((a, b) => `${a.from}>${a.to}`.localeCompare(`${b.from}>${b.to}`));
      expect(byPair(dashboard.byCountryPair)).toEqual(byPair(expected.byCountryPair));
      // Every published number is the recount itself; every small recount is hidden.
      const raw = totalsOf(pairs);
      for (const figure of dashboardFigures) {
        const value = dashboard.totals[figure];
        if (value === '<5') {
          expect(raw[figure]).toBeGreaterThan(0);
          expect(raw[figure]).toBeLessThan(5);
          suppressed += 1;
        } else {
          expect(value).toBe(raw[figure]);
          published += 1;
        }
      }
      for (const pair of dashboard.byCountryPair) {
        const counted = pairs.find((candidate) => candidate.from === pair.from && candidate.to === pair.to)!;
        for (const figure of dashboardFigures) {
          const hiddenBeside = dashboard.byCountryPair.some(
            (other) => other !== pair && other.figures[figure] === '<5',
          );
          if (counted.figures[figure] === 0) expect(pair.figures[figure]).toBe(hiddenBeside ? '<5' : 0);
          else if (counted.figures[figure] < 5) expect(pair.figures[figure]).toBe('<5');
          else if (pair.figures[figure] !== '<5') expect(pair.figures[figure]).toBe(counted.figures[figure]);
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
