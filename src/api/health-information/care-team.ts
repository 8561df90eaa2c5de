/** The case's care team, named by a coordinator or supervisor: who may see its health information. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routeRoles } from '../../domain/authorisation';
import { careTeamSchema } from '../../domain/health-summary';
import { reportsOf, saveCareTeam, storedSummary } from '../../registry/health';
import { callerOf, requireRole } from '../auth';
import { requireCaseParty } from '../case-access';
import type { ApiContext } from '../context';
import { caseNumberParam } from '../schemas';
import {
  changeRefusals,
  recordHealthAccess,
  reachOf,
  refuseClosed,
  secured,
  statusOf,
  summaryView,
  tellCase,
} from './access';

export const careTeamRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { db } = context;

  app.put(
    '/cases/:caseNumber/health/care-team',
    {
      onRequest: requireRole(...routeRoles.assignCareTeam),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary: "Name the case's escort and clinicians (coordinators, supervisors)",
        params: caseNumberParam,
        body: careTeamSchema,
        response: { 200: summaryView, ...changeRefusals },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      const reach = await reachOf(context, caller, caseNumber);
      refuseClosed(reach.state);
      await saveCareTeam(db, caseNumber, request.body, caller.actorId);
      await recordHealthAccess(context, request, reach, 'health-care-team', {
        escort: Boolean(request.body.escortId),
        sendingClinician: Boolean(request.body.sendingClinicianId),
        receivingClinician: Boolean(request.body.receivingClinicianId),
      });
      const stored = await storedSummary(db, caseNumber);
      await tellCase(context, caller, caseNumber, stored, request.body);
      return {
        ...statusOf(caseNumber, stored, request.body, (await reportsOf(db, caseNumber)).length),
        shown: 'status' as const,
      };
    },
  );
};
