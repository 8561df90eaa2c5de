/** The audit trail of a case, as the registry holds it and as a third party verifies it (npm run audit:verify). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditTrail } from '../registry/audit';
import { exportTrail } from '../registry/audit-export';
import { findCase } from '../registry/cases';
import { routeRoles } from '../domain/authorisation';
import { logAccess, purposeQuery } from './access-log';
import { requireRole } from './auth';
import { requireCaseParty } from './case-access';
import type { ApiContext } from './context';
import { notFound } from './errors';
import { caseEventSchema, caseNumberParam, errorBody, noSuchCase } from './schemas';

const entrySchema = z.object({
  position: z.number().int().describe('Place in the chain, from 0'),
  source: z.enum(['workflow', 'registry']).describe("Who appended it: the case workflow or the registry's own checks"),
  sequence: z.number().int().describe("The event's index in the case workflow, or the registry's own count"),
  event: caseEventSchema,
  previousHash: z.string(),
  hash: z.string(),
  recordedAt: z.string(),
});

export const auditExportSchema = z
  .object({
    format: z.literal('homeward-audit-trail/1'),
    caseNumber: z.string(),
    exportedAt: z.string(),
    hashRule: z.string(),
    genesisHash: z.string(),
    entryCount: z.number().int(),
    headHash: z.string().describe('Keep this: `npm run audit:verify -- <file> --head <headHash>` checks against it'),
    entries: z.array(entrySchema),
  })
  .describe('The hash-chained audit trail of one case; it holds no personal data');

export const auditRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { db } = context;
  const readTrail = async (caseNumber: string) => {
    const entries = await auditTrail(db, caseNumber);
    if (entries.length === 0 && !(await findCase(db, caseNumber))) {
      throw notFound(noSuchCase(caseNumber));
    }
    return exportTrail(caseNumber, entries) as unknown as z.output<typeof auditExportSchema>;
  };
  const schema = (summary: string) => ({
    summary,
    tags: ['audit'],
    security: [{ bearer: [] }],
    params: caseNumberParam,
    response: { 200: auditExportSchema, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
  });

  app.get(
    '/cases/:caseNumber/audit',
    {
      onRequest: requireRole(...routeRoles.readCases),
      preHandler: requireCaseParty(context),
      schema: schema("A case's audit trail: every event, hash-chained; verify it with npm run audit:verify"),
    },
    async (request) => readTrail(request.params.caseNumber),
  );

  app.get(
    '/cases/:caseNumber/audit/export',
    {
      onRequest: requireRole(...routeRoles.readCases),
      preHandler: requireCaseParty(context),
      // The export is the file that leaves Homeward: each one is recorded in the case's access log.
      schema: {
        ...schema('The audit trail as a file to hand to a third party (npm run audit:verify -- <file>)'),
        querystring: purposeQuery,
      },
    },
    async (request, reply) => {
      const trail = await readTrail(request.params.caseNumber);
      await logAccess(db, request, { kind: 'audit-export', caseNumber: trail.caseNumber });
      void reply.header('content-disposition', `attachment; filename="audit-${trail.caseNumber}.json"`);
      return trail;
    },
  );
};
