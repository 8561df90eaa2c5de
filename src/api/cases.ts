import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personalDataRoles, routeRoles } from '../domain/authorisation';
import type { CaseInput } from '../domain/case';
import { workflowIdFor } from '../domain/case-number';
import { withoutPersonalData } from '../domain/personal-data';
import { registrationSchema, type Registration } from '../domain/registration';
import { allocateNewCase, findReference } from '../registry/cases';
import { reunificationCase } from '../workflows';
import { CaseNumber, CaseStage, OriginCountry } from '../workflows/search-attributes';
import { logAccess, purposeQuery } from './access-log';
import { callerOf, requireRole } from './auth';
import { ensureRegisteringOrganisation, requireCaseParty } from './case-access';
import { checkForDuplicates, duplicateConflictBody, recordRegistration } from './duplicate-check';
import { readCase } from './case-workflow';
import type { ApiContext, Caller } from './context';
import { conflict, fromTemporal } from './errors';
import { caseNumberParam, errorBody } from './schemas';

const registered = z.object({
  caseNumber: z.string(),
  workflowId: z.string(),
  created: z
    .boolean()
    .describe('false when the organisation reference was registered before: the same case is returned'),
});

export interface RegistrationAnswer {
  status: 200 | 201;
  body: z.output<typeof registered>;
}

/**
 * Registers a case for the caller: the duplicate check (409 while likely duplicates are undecided), the case number,
 * the start of its workflow. What POST /cases and the desk's registration form both call once the body has passed
 * registrationSchema.
 */
export async function registerCase(
  { config, client, db }: ApiContext,
  caller: Caller,
  body: Registration,
  log: FastifyBaseLogger,
): Promise<RegistrationAnswer> {
  const { duplicateDecision, ...registration } = body;
  ensureRegisteringOrganisation(caller, registration.organisation.id);
  // A reference registered before is answered with its case: its duplicate check was made the first time.
  const found = await findReference(db, registration.organisation.id, registration.organisation.reference);
  const earlier = found.record;
  if (!earlier) {
    const linked = await checkForDuplicates(
      db,
      config,
      { registration, decision: duplicateDecision, caller },
      found.decision,
    );
    if (linked) return { status: 200, body: linked };
  }
  const { record, created } = earlier
    ? { record: earlier, created: false }
    : await allocateNewCase(db, {
        organisationId: registration.organisation.id,
        organisationReference: registration.organisation.reference,
        registeredBy: caller.actorId,
        originCountry: registration.child.currentLocation.country,
      });
  await recordRegistration(db, config, record, registration, duplicateDecision, caller, created);
  const input: CaseInput = {
    caseNumber: record.caseNumber,
    registration,
    policy: config.policy,
    coordinator: { id: record.registeredBy, role: 'coordinator' },
    registeredAt: record.registeredAt,
  };
  // Started even on a repeat: if an earlier attempt died between allocation and start, the repeat finishes it.
  // A case that has already closed is never started again.
  const workflowId = workflowIdFor(record.caseNumber);
  await client.workflow
    .start(reunificationCase, {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [input],
      // A new number already running elsewhere means the registry and the cluster disagree: never share a case.
      workflowIdConflictPolicy: created ? WorkflowIdConflictPolicy.FAIL : WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: CaseNumber, value: record.caseNumber },
        { key: CaseStage, value: 'registered' },
        { key: OriginCountry, value: record.originCountry },
      ],
    })
    .catch((error: unknown) => {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        if (!created) return;
        log.error({ caseNumber: record.caseNumber }, 'new case number already used by a workflow');
        throw conflict(
          `case number ${record.caseNumber} is already used on the workflow service, so the registry and Temporal disagree (a registry restored from an older backup?); an operator must reconcile them before cases can be registered`,
        );
      }
      throw fromTemporal(error);
    });
  if (created)
    log.info(
      { event: 'case-registered', caseNumber: record.caseNumber, from: record.originCountry },
      `registered (the child is in ${record.originCountry})`,
    );
  return { status: created ? 201 : 200, body: { caseNumber: record.caseNumber, workflowId, created } };
}

export const caseRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { config, client, db } = context;
  app.post(
    '/cases',
    {
      onRequest: requireRole(...routeRoles.registerCase),
      schema: {
        summary: 'Register a case (idempotent by the organisation reference)',
        tags: ['cases'],
        security: [{ bearer: [] }],
        body: registrationSchema,
        response: {
          200: registered,
          201: registered,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          409: duplicateConflictBody,
          422: errorBody,
        },
      },
    },
    async (request, reply) => {
      const answer = await registerCase({ config, client, db }, callerOf(request), request.body, request.log);
      return reply.code(answer.status).send(answer.body);
    },
  );

  app.get(
    '/cases/:caseNumber',
    {
      onRequest: requireRole(...routeRoles.readCases),
      preHandler: requireCaseParty(context),
      schema: {
        summary: "A case's full state; personal data only for coordinators, reviewers and supervisors",
        tags: ['cases'],
        security: [{ bearer: [] }],
        params: caseNumberParam,
        querystring: purposeQuery,
        response: { 200: z.object({}).loose(), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const state = await readCase({ config, client, db }, caseNumber);
      if (!personalDataRoles.includes(callerOf(request).role)) return withoutPersonalData(state);
      await logAccess(db, request, { kind: 'case-details', caseNumber });
      return state;
    },
  );
};
