import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../config';
import type { CaseInput, CaseState } from '../domain/case';
import { workflowIdFor } from '../domain/case-number';
import { registrationSchema } from '../domain/registration';
import { allocateCase } from '../registry/cases';
import { CaseNumber, CaseStage, OriginCountry } from '../workflows/search-attributes';
import { callerOf, requireRole } from './auth';
import { checkForDuplicates, duplicateConflictBody, recordRegistration } from './duplicate-check';
import { readCase } from './case-workflow';
import type { ApiContext } from './context';
import { conflict, fromTemporal } from './errors';
import { caseNumberParam, errorBody } from './schemas';

/** Roles that may see a child's and claimants' personal data. */
export const personalDataRoles: Role[] = ['coordinator', 'reviewer', 'supervisor'];

const registered = z.object({
  caseNumber: z.string(),
  workflowId: z.string(),
  created: z
    .boolean()
    .describe('false when the organisation reference was registered before: the same case is returned'),
});

export const caseRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, { config, client, db }) => {
  app.post(
    '/cases',
    {
      onRequest: requireRole('coordinator'),
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
      const caller = callerOf(request);
      const { duplicateDecision, ...registration } = request.body;
      const linked = await checkForDuplicates(db, config, registration, duplicateDecision, caller);
      if (linked) return reply.code(200).send(linked);
      const { record, created } = await allocateCase(db, {
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
        .start('reunificationCase', {
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
            request.log.error({ caseNumber: record.caseNumber }, 'new case number already used by a workflow');
            throw conflict(
              `case number ${record.caseNumber} is already used on the workflow service, so the registry and Temporal disagree (a registry restored from an older backup?); an operator must reconcile them before cases can be registered`,
            );
          }
          throw fromTemporal(error);
        });
      if (created)
        request.log.info(
          { event: 'case-registered', caseNumber: record.caseNumber, from: record.originCountry },
          `registered (the child is in ${record.originCountry})`,
        );
      return reply.code(created ? 201 : 200).send({ caseNumber: record.caseNumber, workflowId, created });
    },
  );

  app.get(
    '/cases/:caseNumber',
    {
      onRequest: requireRole('coordinator', 'reviewer', 'supervisor', 'operator'),
      schema: {
        summary: "A case's full state; personal data only for coordinators, reviewers and supervisors",
        tags: ['cases'],
        security: [{ bearer: [] }],
        params: caseNumberParam,
        response: { 200: z.object({}).loose(), 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const state = await readCase({ config, client, db }, caseNumber);
      return personalDataRoles.includes(callerOf(request).role) ? state : withoutPersonalData(state);
    },
  );
};

/**
 * The case without personal data: the registration, the child's recorded views, and free text people wrote (hold
 * reasons, notes, and the details of events a person recorded, which carry their reasons verbatim).
 */
export function withoutPersonalData(state: CaseState): Omit<CaseState, 'registration'> {
  const { registration: _personal, hold, ...rest } = state;
  return {
    ...rest,
    ...(hold ? { hold: { ...hold, reason: '[withheld]' } } : {}),
    consents: state.consents.map(({ views: _views, ...consent }) => consent),
    disputes: state.disputes.map((dispute) =>
      dispute.decision ? { ...dispute, decision: { ...dispute.decision, note: undefined } } : dispute,
    ),
    events: state.events.map(({ detail, ...event }) =>
      event.actor.role === 'system' || event.actor.role === 'lab' ? { ...event, ...(detail ? { detail } : {}) } : event,
    ),
    ...withoutIncidentNotes(state),
  };
}

function withoutIncidentNotes(state: CaseState): object {
  const { transit } = state as { transit?: { incidents?: Array<{ note?: string }> } };
  if (!transit?.incidents) return {};
  return { transit: { ...transit, incidents: transit.incidents.map(({ note: _note, ...incident }) => incident) } };
}
