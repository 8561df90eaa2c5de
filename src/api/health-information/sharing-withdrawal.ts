/** A guardian's withdrawal of the health information's sharing, told to a coordinator and recorded in the case. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routeRoles } from '../../domain/authorisation';
import type { ActorRole } from '../../domain/case';
import { findCase } from '../../registry/cases';
import { withdrawHealthSharingUpdate } from '../../workflows/messages';
import { callerOf, requireRole } from '../auth';
import { requireCaseParty } from '../case-access';
import { updateCase } from '../case-workflow';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { actionOutcome, caseNumberParam, idempotencyHeaders, noSuchCase } from '../schemas';
import { changeRefusals, secured } from './access';

export const sharingWithdrawalRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { db } = context;

  app.post(
    '/cases/:caseNumber/health/sharing-withdrawals',
    {
      onRequest: requireRole(...routeRoles.assignCareTeam),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary:
          "Record a guardian's withdrawal of the health information's sharing, told to a coordinator: the escort and the receiving clinician see nothing from now on",
        params: caseNumberParam,
        headers: idempotencyHeaders,
        body: z.object({ consenteeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a claimant reference') }),
        response: { 200: actionOutcome, ...changeRefusals },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      if (!(await findCase(db, caseNumber))) throw notFound(noSuchCase(caseNumber));
      const key = request.headers['idempotency-key'];
      const outcome = await updateCase(
        context,
        caseNumber,
        withdrawHealthSharingUpdate,
        [{ actor: { id: caller.actorId, role: caller.role as ActorRole }, consenteeId: request.body.consenteeId }],
        ...(key ? [`health-sharing-withdrawal:${caller.actorId}:${key}`] : []),
      );
      return { caseNumber, stage: outcome.stage, event: { ...outcome.event } };
    },
  );
};
