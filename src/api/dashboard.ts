/** Public, anonymised weekly figures: JSON for machines, an HTML page with inline SVG charts for people. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dashboardFigures,
  isoWeekOf,
  previousWeeks,
  weeklyDashboard,
  weeklyTotals,
  SMALL_COUNT,
  type DashboardFigure,
  type Shown,
  type WeeklyDashboard,
} from '../registry/dashboard';
import type { ApiContext } from './context';
import { notFound } from './errors';
import { errorBody } from './schemas';

const shown = z
  .union([z.literal(0), z.number().int().min(5), z.literal('<5')])
  .describe('0, a count of at least 5, or "<5" for a count from 1 to 4 (or one that would reveal such a count)');
const figures = z.object(
  Object.fromEntries(dashboardFigures.map((figure) => [figure, shown])) as Record<DashboardFigure, typeof shown>,
);

export const weeklyDashboardSchema = z.object({
  week: z.string().describe('ISO week, e.g. 2026-W47'),
  startsAt: z.string().describe('Monday 00:00 UTC'),
  endsAt: z.string().describe('The next Monday 00:00 UTC (exclusive)'),
  totals: figures,
  byCountryPair: z.array(
    z.object({
      from: z.string().nullable().describe('Where the child was when the case was registered'),
      to: z.string().nullable().describe('Where the verified family is; null until identity is verified'),
      figures,
    }),
  ),
});

const weekQuery = z.object({
  week: z
    .string()
    .regex(/^20\d{2}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'give the week as YYYY-Www, e.g. 2026-W47, in 2000 to 2099')
    .optional()
    .describe('ISO week, e.g. 2026-W47; the current week when omitted; week 53 of a 52-week year is answered 404'),
});

const labels: Record<DashboardFigure, string> = {
  registered: 'Cases registered',
  verified: 'Identities verified',
  consentGiven: 'Consent given',
  travelScheduled: 'Travel scheduled',
  returned: 'Returns completed',
  followUpsDone: 'Follow-ups done',
  disputesOpen: 'Disputes open (end of week)',
};

export const dashboardRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, { db }) => {
  const weekly = async (week = isoWeekOf(new Date())) => {
    const dashboard = await weeklyDashboard(db, week);
    if (!dashboard) throw notFound(`${week} is not a week of its year: ISO years have 52 or 53 weeks`);
    return dashboard;
  };

  app.get(
    '/dashboard/weekly',
    {
      schema: {
        summary: 'Anonymised figures for one ISO week, in total and per country pair; public, no key needed',
        tags: ['dashboard'],
        querystring: weekQuery,
        response: { 200: weeklyDashboardSchema, 400: errorBody, 404: errorBody },
      },
    },
    async (request) => weekly(request.query.week),
  );

  app.get(
    '/dashboard',
    {
      schema: {
        summary: 'The weekly figures as a page with charts of the last 12 weeks; public, no key needed',
        tags: ['dashboard'],
        querystring: weekQuery,
        response: {
          200: { description: 'The page', content: { 'text/html': { schema: z.string() } } },
          400: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const selected = await weekly(request.query.week);
      const history = await Promise.all(
        previousWeeks(selected.week, 12).map(async (week) => (await weeklyTotals(db, week))!),
      );
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        .send(renderPage(selected, history));
    },
  );
};

const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
const label = (value: Shown) => (value === '<5' ? '&lt;5' : String(value));

type WeekTotals = Pick<WeeklyDashboard, 'week' | 'totals'>;

type Kind = 'zero' | 'suppressed' | 'counted';
const kindOf = (value: Shown): Kind => (value === '<5' ? 'suppressed' : value === 0 ? 'zero' : 'counted');
const colours = { counted: '#2f6f8f', suppressed: '#b35c00', zero: '#6b7780' };
const hatch = (id: string) =>
  `<pattern id="${id}" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#fbead8"/><line x1="0" y1="0" x2="0" y2="5" stroke="${colours.suppressed}" stroke-width="2"/></pattern>`;
const said: Record<Kind, (value: Shown) => string> = {
  zero: () => 'none',
  suppressed: () => 'from 1 to 4, not shown',
  counted: (value) => String(value),
};

/**
 * One figure over the weeks. The three kinds of week look different at a glance: a counted week is a solid bar to
 * scale, a suppressed one a short hatched bar of the height of 1 to 4 with a dashed edge, a week with none a grey
 * line on the baseline and a 0. The scale reaches at least 10, so a suppressed week never fills the chart.
 */
function chart(figure: DashboardFigure, history: WeekTotals[]): string {
  const width = 36;
  const height = 120;
  const headroom = 16;
  const values = history.map((week) => week.totals[figure]);
  const highest = Math.max(10, ...values.filter((value): value is number => typeof value === 'number'));
  const top = (count: number) => height - Math.max(2, Math.round((count / highest) * (height - headroom)));
  const pattern = `small-${figure}`;
  const bars = values
    .map((value, index) => {
      const x = index * width + 4;
      const barWidth = width - 8;
      const middle = x + barWidth / 2;
      const kind = kindOf(value);
      const title = `<title>${escape(history[index]!.week)}: ${said[kind](value)}</title>`;
      const labelAt = (y: number) =>
        `<text x="${middle}" y="${y}" text-anchor="middle" font-size="10" fill="${colours[kind]}">${label(value)}</text>`;
      if (kind === 'zero')
        return `<g data-shown="zero">${title}<line x1="${x}" x2="${x + barWidth}" y1="${height - 1}" y2="${height - 1}" stroke="${colours.zero}" stroke-width="2"/>${labelAt(height - 5)}</g>`;
      const y = top(kind === 'suppressed' ? SMALL_COUNT - 1 : (value as number));
      const fill =
        kind === 'suppressed'
          ? `fill="url(#${pattern})" stroke="${colours.suppressed}" stroke-dasharray="3 2"`
          : `fill="${colours.counted}"`;
      return `<g data-shown="${kind}">${title}<rect x="${x}" y="${y}" width="${barWidth}" height="${height - y}" ${fill}/>${labelAt(y - 3)}</g>`;
    })
    .join('');
  const weeks = history
    .map(
      (week, index) =>
        `<text x="${index * width + width / 2}" y="${height + 14}" text-anchor="middle" font-size="9">${escape(week.week.slice(5))}</text>`,
    )
    .join('');
  return `<figure><figcaption>${labels[figure]}</figcaption><svg role="img" aria-label="${labels[figure]}, last ${history.length} weeks" width="${history.length * width}" height="${height + 20}" viewBox="0 0 ${history.length * width} ${height + 20}"><defs>${hatch(pattern)}</defs>${bars}${weeks}</svg></figure>`;
}

const legend = `<p class="legend"><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="${colours.counted}"/></svg> counted
<svg width="14" height="14" aria-hidden="true"><defs>${hatch('small-legend')}</defs><rect x="1" y="1" width="12" height="12" fill="url(#small-legend)" stroke="${colours.suppressed}" stroke-dasharray="3 2"/></svg> from 1 to 4: not shown, so that no child can be singled out
<svg width="14" height="14" aria-hidden="true"><line x1="0" x2="14" y1="12" y2="12" stroke="${colours.zero}" stroke-width="2"/></svg> none (0)</p>`;

function renderPage(selected: WeeklyDashboard, history: WeekTotals[]): string {
  const head = dashboardFigures.map((figure) => `<th scope="col">${labels[figure]}</th>`).join('');
  const row = (name: string, values: Record<DashboardFigure, Shown>, attributes = '') =>
    `<tr${attributes}><th scope="row">${name}</th>${dashboardFigures.map((figure) => `<td data-figure="${figure}">${label(values[figure])}</td>`).join('')}</tr>`;
  const pairs = selected.byCountryPair
    .map((pair) =>
      row(
        `${escape(pair.from ?? 'unknown')} → ${escape(pair.to ?? 'not yet verified')}`,
        pair.figures,
        ` data-pair="${escape(pair.from ?? '')}-${escape(pair.to ?? '')}"`,
      ),
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Homeward: weekly figures, ${escape(selected.week)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2a33}
h1{font-size:1.5rem}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}
figure{margin:0}figcaption{font-weight:600;margin-bottom:.25rem}
table{border-collapse:collapse;margin-top:1.5rem}th,td{border:1px solid #c5d3dc;padding:.3rem .6rem;text-align:right}
th[scope=row]{text-align:left}tfoot th,tfoot td{font-weight:700}.legend svg{vertical-align:middle;margin-left:.75rem}
</style></head>
<body>
<h1>Homeward: reunification figures for week ${escape(selected.week)}</h1>
<p>${escape(selected.startsAt.slice(0, 10))} to ${escape(selected.endsAt.slice(0, 10))} (exclusive), counted from the audit trail. Counts from 1 to 4 are shown as “&lt;5” so that no child can be singled out; a week with none shows 0. <a href="/dashboard/weekly?week=${escape(selected.week)}">These figures as JSON</a>.</p>
<section class="charts" aria-label="Last ${history.length} weeks">${dashboardFigures.map((figure) => chart(figure, history)).join('')}</section>
${legend}
<table id="by-country-pair"><caption>Week ${escape(selected.week)}, by country pair (from → to)</caption>
<thead><tr><th scope="col">Country pair</th>${head}</tr></thead>
<tbody>${pairs || `<tr><td colspan="${dashboardFigures.length + 1}">No recorded events this week.</td></tr>`}</tbody>
<tfoot>${row('All pairs', selected.totals, ' id="totals"')}</tfoot>
</table>
</body></html>`;
}
