/**
 * The weekly dashboard: anonymised figures per ISO week and per country pair, counted from the audit trail alone.
 * A case's pair is where it was registered from and the destination of its latest identity verification, both as
 * known at the end of the week, so a past week's figures never change. Counts from 1 to 4 are shown as "<5"; a zero
 * is shown as 0, except beside a hidden count in its figure, where it could help work that count out.
 */
import { countedEvents } from '../domain/events';
import type { Db } from './db';

export const dashboardFigures = [
  'registered',
  'verified',
  'consentGiven',
  'travelScheduled',
  'returned',
  'followUpsDone',
  'disputesOpen',
] as const;
export type DashboardFigure = (typeof dashboardFigures)[number];

/** The event type each weekly figure counts; disputes open are opened minus decided up to the end of the week. */
const eventOf: Record<Exclude<DashboardFigure, 'disputesOpen'>, string> = {
  registered: countedEvents.registered,
  verified: countedEvents.verified,
  consentGiven: countedEvents.consentGiven,
  travelScheduled: countedEvents.travelScheduled,
  returned: countedEvents.returned,
  followUpsDone: countedEvents.followUpDone,
};

export const SMALL_COUNT = 5;
/** 0, a count of at least 5, or "<5" for a count from 1 to 4 (or one hidden so that another cannot be worked out). */
export type Shown = number | '<5';
export type RawFigures = Record<DashboardFigure, number>;

export const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** Monday 00:00 UTC of an ISO week, and the next Monday; undefined for a week the year does not have. */
export function isoWeekRange(week: string): { start: Date; end: Date } | undefined {
  const match = ISO_WEEK_PATTERN.exec(week);
  if (!match) return undefined;
  const year = Number(match[1]);
  const number = Number(match[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week1Monday = Date.UTC(year, 0, 4 - ((jan4.getUTCDay() + 6) % 7));
  const start = new Date(week1Monday + (number - 1) * 7 * 86_400_000);
  if (number < 1 || isoWeekOf(start) !== week) return undefined;
  return { start, end: new Date(start.getTime() + 7 * 86_400_000) };
}

export function isoWeekOf(date: Date): string {
  // The ISO week belongs to the year of its Thursday.
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function previousWeeks(week: string, count: number): string[] {
  const range = isoWeekRange(week);
  if (!range) return [];
  return Array.from({ length: count }, (_, back) =>
    isoWeekOf(new Date(range.start.getTime() - (count - 1 - back) * 7 * 86_400_000)),
  );
}

export interface PairCount {
  from: string | null;
  to: string | null;
  figures: RawFigures;
}

const zero = (): RawFigures => Object.fromEntries(dashboardFigures.map((figure) => [figure, 0])) as RawFigures;

/** Raw counts per country pair for one week: the registry's recount; never published as they are. */
export async function countWeek(db: Db, range: { start: Date; end: Date }): Promise<PairCount[]> {
  const figureOf = new Map(Object.entries(eventOf).map(([figure, type]) => [type, figure as DashboardFigure]));
  const types = [...figureOf.keys()];
  const end = range.end.toISOString();
  const routes = `
    SELECT (SELECT r.route_from FROM audit_entries r
             WHERE r.case_number = c.case_number AND r.event_type = '${countedEvents.registered}'
             ORDER BY r.position LIMIT 1) AS route_from,
           (SELECT v.route_to FROM audit_entries v
             WHERE v.case_number = c.case_number AND v.event_type = '${countedEvents.verified}' AND v.occurred_at < $1
             ORDER BY v.occurred_at DESC, v.position DESC LIMIT 1) AS route_to`;
  // Routes are looked up once per case, not once per event.
  const { rows: events } = await db.query<{
    route_from: string | null;
    route_to: string | null;
    event_type: string;
    n: string | number;
  }>(
    `WITH counted AS (
       SELECT case_number, event_type, COUNT(*) AS n FROM audit_entries
        WHERE event_type IN (${types.map((_, index) => `$${index + 3}`).join(', ')})
          AND occurred_at >= $2 AND occurred_at < $1
        GROUP BY case_number, event_type
     ), routed AS (
       SELECT c.case_number, p.route_from, p.route_to
         FROM (SELECT DISTINCT case_number FROM counted) c CROSS JOIN LATERAL (${routes}) p
     )
     SELECT r.route_from, r.route_to, c.event_type, SUM(c.n) AS n
       FROM counted c JOIN routed r ON r.case_number = c.case_number
      GROUP BY r.route_from, r.route_to, c.event_type`,
    [end, range.start.toISOString(), ...types],
  );
  const { rows: disputes } = await db.query<{ route_from: string | null; route_to: string | null; n: string | number }>(
    `WITH c AS (
       SELECT case_number, SUM(CASE WHEN event_type = $2 THEN 1 ELSE -1 END) AS open
         FROM audit_entries
        WHERE event_type IN ($2, $3) AND occurred_at < $1
        GROUP BY case_number
     )
     SELECT p.route_from, p.route_to, SUM(c.open) AS n
       FROM c CROSS JOIN LATERAL (${routes}) p
      WHERE c.open <> 0
      GROUP BY p.route_from, p.route_to`,
    [end, countedEvents.disputeOpened, countedEvents.disputeDecided],
  );
  const pairs = new Map<string, PairCount>();
  const pairOf = (from: string | null, to: string | null) => {
    const key = `${from ?? ''}>${to ?? ''}`;
    if (!pairs.has(key)) pairs.set(key, { from, to, figures: zero() });
    return pairs.get(key)!;
  };
  for (const row of events)
    pairOf(row.route_from, row.route_to).figures[figureOf.get(row.event_type)!] += Number(row.n);
  for (const row of disputes) pairOf(row.route_from, row.route_to).figures.disputesOpen += Number(row.n);
  return [...pairs.values()].sort(
    (a, b) => (a.from ?? '~').localeCompare(b.from ?? '~') || (a.to ?? '~').localeCompare(b.to ?? '~'),
  );
}

export function totalsOf(pairs: PairCount[]): RawFigures {
  const totals = zero();
  for (const pair of pairs) for (const figure of dashboardFigures) totals[figure] += pair.figures[figure];
  return totals;
}

const show = (count: number): Shown => (count > 0 && count < SMALL_COUNT ? '<5' : count);

/**
 * Suppresses small counts. Where a figure has exactly one small pair beside a published total, the next smallest
 * pair is suppressed too, or the small one could be worked out by subtraction.
 */
export function suppress(pairs: PairCount[], totals: RawFigures) {
  const shown = pairs.map((pair) => ({
    from: pair.from,
    to: pair.to,
    figures: Object.fromEntries(dashboardFigures.map((figure) => [figure, show(pair.figures[figure])])) as Record<
      DashboardFigure,
      Shown
    >,
  }));
  for (const figure of dashboardFigures) {
    const small = pairs.filter((pair) => pair.figures[figure] > 0 && pair.figures[figure] < SMALL_COUNT);
    if (small.length !== 1 || totals[figure] < SMALL_COUNT) continue;
    const next = pairs
      .map((pair, index) => ({ count: pair.figures[figure], index }))
      .filter(({ count }) => count >= SMALL_COUNT)
      .sort((a, b) => a.count - b.count)[0];
    if (next) shown[next.index]!.figures[figure] = '<5';
  }
  // A zero beside a hidden cell narrows what the hidden cells can add up to (two hidden cells and a total of 8 are
  // 4 and 4): there it is hidden too.
  for (const figure of dashboardFigures) {
    if (!shown.some((pair) => pair.figures[figure] === '<5')) continue;
    for (const pair of shown) if (pair.figures[figure] === 0) pair.figures[figure] = '<5';
  }
  return {
    totals: Object.fromEntries(dashboardFigures.map((figure) => [figure, show(totals[figure])])) as Record<
      DashboardFigure,
      Shown
    >,
    byCountryPair: shown,
  };
}

/** The week's totals alone (what the charts show): the same counts as the pairs', without looking up routes. */
export async function weeklyTotals(
  db: Db,
  week: string,
): Promise<{ week: string; totals: Record<DashboardFigure, Shown> } | undefined> {
  const range = isoWeekRange(week);
  if (!range) return undefined;
  const figureOf = new Map(Object.entries(eventOf).map(([figure, type]) => [type, figure as DashboardFigure]));
  const types = [...figureOf.keys()];
  const { rows } = await db.query<{ event_type: string; n: string | number }>(
    `SELECT event_type, COUNT(*) AS n FROM audit_entries
      WHERE event_type IN (${types.map((_, index) => `$${index + 3}`).join(', ')}) AND occurred_at >= $2 AND occurred_at < $1
      GROUP BY event_type
     UNION ALL
     SELECT 'disputes-open', COALESCE(SUM(CASE WHEN event_type = $${types.length + 3} THEN 1 ELSE -1 END), 0)
       FROM audit_entries WHERE event_type IN ($${types.length + 3}, $${types.length + 4}) AND occurred_at < $1`,
    [
      range.end.toISOString(),
      range.start.toISOString(),
      ...types,
      countedEvents.disputeOpened,
      countedEvents.disputeDecided,
    ],
  );
  const totals = zero();
  for (const row of rows) {
    if (row.event_type === 'disputes-open') totals.disputesOpen = Number(row.n);
    else totals[figureOf.get(row.event_type)!] += Number(row.n);
  }
  return {
    week,
    totals: Object.fromEntries(dashboardFigures.map((figure) => [figure, show(totals[figure])])) as Record<
      DashboardFigure,
      Shown
    >,
  };
}

export interface WeeklyDashboard {
  week: string;
  startsAt: string;
  endsAt: string;
  totals: Record<DashboardFigure, Shown>;
  byCountryPair: Array<{ from: string | null; to: string | null; figures: Record<DashboardFigure, Shown> }>;
}

export async function weeklyDashboard(db: Db, week: string): Promise<WeeklyDashboard | undefined> {
  const range = isoWeekRange(week);
  if (!range) return undefined;
  const pairs = await countWeek(db, range);
  return {
    week,
    startsAt: range.start.toISOString(),
    endsAt: range.end.toISOString(),
    ...suppress(pairs, totalsOf(pairs)),
  };
}
