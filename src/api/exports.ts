/**
 * Exports for the desk, streamed: the case list (CSV, XLSX, JSON; personal columns only for roles that may see
 * personal data, none for operators), the public weekly figures as CSV, and a case's audit trail as CSV or JSON.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseRows, columnsFor } from '../exports/case-table';
import { contentTypes, csvStream, jsonStream, xlsxStream } from '../exports/formats';
import { auditTrail } from '../registry/audit';
import { exportTrail } from '../registry/audit-export';
import { findCase } from '../registry/cases';
import { dashboardFigures, isoWeekOf, isoWeekRange, weeklyDashboard } from '../registry/dashboard';
import { callerOf, requireRole } from './auth';
import { readCase } from './case-workflow';
import { mayReachCase, personalDataRoles } from '../domain/authorisation';
import { partiesOfCases, requireCaseParty } from './case-access';
import type { ApiContext } from './context';
import { notFound, rejected } from './errors';
import { caseNumberParam, errorBody, noSuchCase } from './schemas';

const readers = ['coordinator', 'reviewer', 'supervisor', 'operator'] as const;

const caseExportRow = z
  .object({
    case_number: z.string(),
    organisation: z.string(),
    organisation_reference: z.string(),
    registered_at: z.string(),
    stage: z.string(),
  })
  .loose()
  .describe('One case; the personal columns appear only for coordinators, reviewers and supervisors');

const fileResponse = (description: string, types: Record<string, z.ZodType>) => ({
  description,
  content: Object.fromEntries(Object.entries(types).map(([type, schema]) => [type, { schema }])),
});

const weekParameter = z
  .string()
  .regex(/^20\d{2}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'give the week as YYYY-Www, e.g. 2026-W47, in 2000 to 2099');

const MAX_WEEKS = 260;

/** Every ISO week from `from` to `to`, both included. */
function weeksBetween(from: string, to: string): string[] {
  const start = isoWeekRange(from);
  const end = isoWeekRange(to);
  if (!start) throw notFound(`${from} is not a week of its year: ISO years have 52 or 53 weeks`);
  if (!end) throw notFound(`${to} is not a week of its year: ISO years have 52 or 53 weeks`);
  if (start.start > end.start) throw rejected('from is after to: give the earlier week first');
  const weeks: string[] = [];
  for (let at = start.start.getTime(); at <= end.start.getTime(); at += 7 * 86_400_000) {
    weeks.push(isoWeekOf(new Date(at)));
    if (weeks.length > MAX_WEEKS) throw rejected(`at most ${MAX_WEEKS} weeks in one export: narrow from and to`);
  }
  return weeks;
}

const stamp = () => new Date().toISOString().slice(0, 10);

export const exportRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { config, db } = context;
  app.get(
    '/exports/cases',
    {
      onRequest: requireRole(...readers),
      schema: {
        summary: 'Every case as CSV, XLSX or JSON, streamed; personal columns only for roles that may see them',
        tags: ['exports'],
        security: [{ bearer: [] }],
        querystring: z.strictObject({ format: z.enum(['csv', 'xlsx', 'json']).default('csv') }),
        response: {
          200: fileResponse('The case list', {
            'text/csv': z.string(),
            [contentTypes.xlsx]: z.string().describe('An XLSX workbook'),
            'application/json': z.object({ cases: z.array(caseExportRow) }),
          }),
          400: errorBody,
          401: errorBody,
          403: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const caller = callerOf(request);
      const personal = personalDataRoles.includes(caller.role);
      const columns = columnsFor(personal);
      // A party's staff export the cases shared with their organisation only, as GET /cases lists them.
      const reachable = async (caseNumbers: string[]) => {
        if (caller.organisation === undefined) return new Set(caseNumbers);
        const parties = await partiesOfCases(db, config.api.sharing, caseNumbers);
        return new Set(caseNumbers.filter((caseNumber) => mayReachCase(caller, parties.get(caseNumber) ?? [])));
      };
      const rows = caseRows(
        db,
        config,
        personal,
        (caseNumber) => readCase(context, caseNumber).catch(() => undefined),
        reachable,
      );
      const body =
        format === 'csv'
          ? csvStream(columns, rows)
          : format === 'xlsx'
            ? xlsxStream('cases', columns, rows)
            : jsonStream('cases', rows);
      return reply
        .type(contentTypes[format])
        .header('content-disposition', `attachment; filename="homeward-cases-${stamp()}.${format}"`)
        .send(body);
    },
  );

  app.get(
    '/exports/weekly',
    {
      schema: {
        summary: 'The anonymised weekly figures as CSV, per week in total and per country pair; public, no key needed',
        tags: ['exports'],
        querystring: z.strictObject({
          from: weekParameter.optional().describe('The first ISO week; 11 weeks before `to` when omitted'),
          to: weekParameter.optional().describe('The last ISO week; the current week when omitted'),
        }),
        response: {
          200: fileResponse('The figures, "<5" where a count is suppressed', { 'text/csv': z.string() }),
          400: errorBody,
          404: errorBody,
          422: errorBody,
        },
      },
    },
    async (request, reply) => {
      const to = request.query.to ?? isoWeekOf(new Date());
      const toRange = isoWeekRange(to);
      const from =
        request.query.from ?? (toRange ? isoWeekOf(new Date(toRange.start.getTime() - 11 * 7 * 86_400_000)) : to);
      const weeks = weeksBetween(from, to);
      const rows = (async function* () {
        for (const week of weeks) {
          const dashboard = (await weeklyDashboard(db, week))!;
          const base = { week, starts_at: dashboard.startsAt.slice(0, 10) };
          yield { ...base, from: 'all', to: 'all', ...dashboard.totals };
          for (const pair of dashboard.byCountryPair)
            yield { ...base, from: pair.from ?? 'unknown', to: pair.to ?? 'not yet verified', ...pair.figures };
        }
      })();
      return reply
        .type(contentTypes.csv)
        .header('content-disposition', `attachment; filename="homeward-weekly-${from}-${to}.csv"`)
        .send(csvStream(['week', 'starts_at', 'from', 'to', ...dashboardFigures], rows));
    },
  );

  app.get(
    '/exports/cases/:caseNumber/audit',
    {
      onRequest: requireRole(...readers),
      preHandler: requireCaseParty(context),
      schema: {
        summary: "A case's audit trail as CSV (one line per entry) or as the JSON file audit:verify checks",
        tags: ['exports'],
        security: [{ bearer: [] }],
        params: caseNumberParam,
        querystring: z.strictObject({ format: z.enum(['csv', 'json']).default('csv') }),
        response: {
          200: fileResponse('The trail', { 'text/csv': z.string(), 'application/json': z.object({}).loose() }),
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { caseNumber } = request.params;
      const entries = await auditTrail(db, caseNumber);
      if (entries.length === 0 && !(await findCase(db, caseNumber))) throw notFound(noSuchCase(caseNumber));
      const name = `audit-${caseNumber}.${request.query.format}`;
      void reply.header('content-disposition', `attachment; filename="${name}"`);
      if (request.query.format === 'json')
        return reply.type(contentTypes.json).send(JSON.stringify(exportTrail(caseNumber, entries)));
      const rows = (async function* () {
        for (const entry of entries)
          yield {
            position: entry.position,
            source: entry.source,
            sequence: entry.sequence,
            at: entry.event.at,
            type: entry.event.type,
            actor: entry.event.actor.id,
            role: entry.event.actor.role,
            stage: entry.event.stage,
            detail: entry.event.detail ?? '',
            data: entry.event.data ? JSON.stringify(entry.event.data) : '',
            previous_hash: entry.previousHash,
            hash: entry.hash,
            recorded_at: entry.recordedAt,
          };
      })();
      const columns = [
        'position',
        'source',
        'sequence',
        'at',
        'type',
        'actor',
        'role',
        'stage',
        'detail',
        'data',
        'previous_hash',
        'hash',
        'recorded_at',
      ];
      return reply.type(contentTypes.csv).send(csvStream(columns, rows));
    },
  );
};
