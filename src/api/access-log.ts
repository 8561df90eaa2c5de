/**
 * Every read of a child's personal data is recorded before it is answered (who, when, which case, what, and why),
 * and a supervisor lists a case's access log, checked link by link.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routeRoles } from '../domain/authorisation';
import {
  accessHashRule,
  accessKinds,
  accessLog,
  brokenAccessLinks,
  recordAccess,
  type AccessKind,
} from '../registry/access-log';
import { GENESIS_HASH } from '../registry/audit';
import { findCase } from '../registry/cases';
import type { Db } from '../registry/db';
import { callerOf, requireRole } from './auth';
import { requireCaseParty } from './case-access';
import type { ApiContext } from './context';
import { badRequest, notFound } from './errors';
import { caseNumberParam, errorBody, noSuchCase } from './schemas';

/** A purpose in a few words, never a person's details: letters, digits and light punctuation. */
export const purposeSchema = z
  .string()
  .min(3)
  .max(120)
  .regex(/^[\p{L}\p{N} .,:;'()/_-]+$/u, "a purpose is a few words: letters, digits, spaces and .,:;'()/_-")
  .describe('Why the data is read (recorded in the access log); also accepted as the X-Purpose header');

export const purposeQuery = z.object({ purpose: purposeSchema.optional() });

/** The purpose a read is recorded with when the caller gives none. */
export const defaultPurposes: Record<AccessKind, string> = {
  'case-details': 'case work',
  'audit-export': 'audit export',
  'codec-decode': 'operations: payloads decoded in the Temporal UI',
  'health-status': 'case work: whether the health summary is ready',
  'health-journey': 'escort: what the journey needs',
  'health-summary': 'care of the child',
  'health-summary-write': 'care of the child: summary recorded',
  'health-export': 'care of the child: IPS export',
  'health-report': 'care of the child: received report',
  'health-report-upload': 'a report received from the other side',
  'health-care-team': 'case work: care team named',
};

/** The purpose from the X-Purpose header or the `purpose` query parameter, or the route's default. */
export function purposeOf(request: FastifyRequest, kind: AccessKind): string {
  const header = request.headers['x-purpose'];
  const given = typeof header === 'string' ? header : (request.query as { purpose?: unknown } | undefined)?.purpose;
  if (given === undefined) return defaultPurposes[kind];
  const parsed = purposeSchema.safeParse(given);
  if (!parsed.success) throw badRequest(`X-Purpose: ${parsed.error.issues[0]?.message ?? 'not a purpose'}`);
  return parsed.data;
}

/** Records the caller's read of `caseNumber` (or of payloads that name no case); throws if it cannot be recorded. */
export async function logAccess(
  db: Db,
  request: FastifyRequest,
  read: { kind: AccessKind; caseNumber?: string; actor?: { actorId: string; role: string; organisation?: string } },
): Promise<void> {
  const caller = read.actor ?? callerOf(request);
  await recordAccess(db, {
    ...(read.caseNumber ? { caseNumber: read.caseNumber } : {}),
    actorId: caller.actorId,
    actorRole: caller.role,
    ...(caller.organisation ? { organisation: caller.organisation } : {}),
    kind: read.kind,
    purpose: purposeOf(request, read.kind),
    accessedAt: new Date().toISOString(),
  });
}

const entrySchema = z.object({
  position: z.number().int(),
  actorId: z.string(),
  actorRole: z.string(),
  organisation: z.string().optional(),
  kind: z.enum(accessKinds),
  purpose: z.string(),
  accessedAt: z.string(),
  previousHash: z.string(),
  hash: z.string(),
});

const accessLogSchema = z
  .object({
    caseNumber: z.string(),
    hashRule: z.string(),
    genesisHash: z.string(),
    entryCount: z.number().int(),
    headHash: z.string(),
    intact: z.boolean().describe('Whether every entry chains to the one before it'),
    brokenPositions: z.array(z.number().int()),
    entries: z.array(entrySchema),
  })
  .describe("Every read of a case's personal data, hash-chained; it holds no personal data");

export const accessLogRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { db } = context;
  app.get(
    '/cases/:caseNumber/access-log',
    {
      onRequest: requireRole(...routeRoles.readAccessLog),
      preHandler: requireCaseParty(context),
      schema: {
        summary: "Who read a case's personal data, when and why (supervisors)",
        tags: ['audit'],
        security: [{ bearer: [] }],
        params: caseNumberParam,
        response: { 200: accessLogSchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      if (!(await findCase(db, caseNumber))) throw notFound(noSuchCase(caseNumber));
      const entries = await accessLog(db, caseNumber);
      const broken = brokenAccessLinks(entries);
      return {
        caseNumber,
        hashRule: accessHashRule,
        genesisHash: GENESIS_HASH,
        entryCount: entries.length,
        headHash: entries.at(-1)?.hash ?? GENESIS_HASH,
        intact: broken.length === 0,
        brokenPositions: broken,
        entries: entries.map(({ chain: _chain, caseNumber: _case, ...entry }) => entry),
      };
    },
  );
};
