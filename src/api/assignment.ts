/**
 * `POST /cases/:caseNumber/assignment`: who at the desk works a case. Claiming is assigning to oneself. The
 * assignment is the registry's, not the case workflow's (it changes no step of the case), and is recorded in the
 * case's audit trail as the registry's own entry, attributed to whoever made it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config';
import { routeRoles, type ApiRole } from '../domain/authorisation';
import type { ActorRole } from '../domain/case';
import { appendRegistryEntry } from '../registry/audit';
import { caseSummary, recordAssignment } from '../registry/case-queue';
import { findCase } from '../registry/cases';
import { callerOf, requireRole } from './auth';
import { ensureCaseParty } from './case-access';
import type { ApiContext, Caller } from './context';
import { conflict, forbidden, notFound, rejected, withArticle } from './errors';
import { caseNumberParam, errorBody, noSuchCase } from './schemas';

export const assigningRoles: readonly ApiRole[] = routeRoles.assignCase;

export const assignmentBody = z
  .object({
    assignee: z
      .string()
      .regex(/^[A-Za-z0-9._:@-]{1,100}$/, 'a staff reference: letters, digits, dot, dash, colon, @ and underscore')
      .nullable()
      .describe("The coordinator's staff reference (their actor ID); null leaves the case unassigned"),
  })
  .strict();

const assignmentAnswer = z.object({
  caseNumber: z.string(),
  assignedTo: z.string().nullable(),
  changed: z.boolean().describe('false when the case was already assigned so: nothing was recorded'),
});

/** The coordinators a case can be assigned to: every actor with a coordinator key. */
export function assignableCoordinators(config: Config): string[] {
  return [...new Set(config.api.keys.filter((key) => key.role === 'coordinator').map((key) => key.actorId))].sort();
}

/**
 * Assigns (or unassigns) a case as the caller; what the JSON route and the desk's claim and assign forms call. Roles
 * and the caller's party are checked here, so neither caller skips them.
 */
export async function assignCase(
  context: ApiContext,
  caller: Caller,
  caseNumber: string,
  assignee: string | null,
): Promise<z.output<typeof assignmentAnswer>> {
  if (!assigningRoles.includes(caller.role))
    throw forbidden(`assigning cases is for ${assigningRoles.join(' or ')}; you act as ${withArticle(caller.role)}`);
  const { db, config } = context;
  // A case not shared with the caller's organisation is answered as if it did not exist.
  await ensureCaseParty(context, caller, caseNumber);
  if (!(await findCase(db, caseNumber))) throw notFound(noSuchCase(caseNumber));
  // A coordinator signed in through the identity provider holds no key, and may still claim a case.
  const claiming = assignee === caller.actorId && caller.role === 'coordinator';
  if (assignee !== null && !claiming && !assignableCoordinators(config).includes(assignee))
    throw rejected(
      `${assignee} is not a coordinator Homeward knows: assign the case to a coordinator's staff reference`,
    );
  const stage = (await caseSummary(db, caseNumber))?.stage ?? 'registered';
  if (stage === 'closed') throw conflict(`case ${caseNumber} is closed: it needs no one to work it`);
  const { changed } = await recordAssignment(db, caseNumber, assignee, caller.actorId);
  if (changed)
    await appendRegistryEntry(db, caseNumber, {
      at: new Date().toISOString(),
      type: assignee === null ? 'case-unassigned' : 'case-assigned',
      actor: { id: caller.actorId, role: caller.role as ActorRole },
      stage,
      ...(assignee === null ? {} : { detail: `assigned to ${assignee}`, data: { assignee } }),
    });
  return { caseNumber, assignedTo: assignee, changed };
}

export const assignmentRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  app.post(
    '/cases/:caseNumber/assignment',
    {
      onRequest: requireRole(...assigningRoles),
      schema: {
        summary: 'Assign the case to a coordinator, or claim it (assign it to yourself); null unassigns it',
        description: 'For coordinator and supervisor keys. Recorded in the audit trail; a repeat changes nothing.',
        tags: ['cases'],
        security: [{ bearer: [] }],
        params: caseNumberParam,
        body: assignmentBody,
        response: {
          200: assignmentAnswer,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
          422: errorBody,
        },
      },
    },
    async (request) => assignCase(context, callerOf(request), request.params.caseNumber, request.body.assignee),
  );
};
