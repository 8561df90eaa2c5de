/** The summary exported as an HL7 FHIR R4 International Patient Summary document, for the case's clinicians. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routeRoles } from '../../domain/authorisation';
import type { HealthSummary } from '../../domain/health-summary';
import { ipsBundle } from '../../health/ips-bundle';
import { storedSummary } from '../../registry/health';
import { dataConverterFor } from '../../temporal/connection';
import { unseal } from '../../temporal/sealed';
import { purposeQuery } from '../access-log';
import { callerOf, requireRole } from '../auth';
import { requireCaseParty } from '../case-access';
import type { ApiContext } from '../context';
import { notFound } from '../errors';
import { caseNumberParam, errorBody } from '../schemas';
import { recordHealthAccess, reachOf, requireFull, secured } from './access';

export const ipsExportRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { db, config } = context;
  const dataConverter = dataConverterFor(config);

  app.get(
    '/cases/:caseNumber/health/summary/fhir',
    {
      onRequest: requireRole(...routeRoles.healthContent),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary: 'The summary as an HL7 FHIR R4 International Patient Summary document Bundle (the case’s clinicians)',
        params: caseNumberParam,
        querystring: purposeQuery,
        response: {
          200: {
            description: 'A FHIR R4 Bundle of type document',
            content: { 'application/fhir+json': { schema: z.object({ resourceType: z.literal('Bundle') }).loose() } },
          },
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          503: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { caseNumber } = request.params;
      const reach = await reachOf(context, callerOf(request), caseNumber);
      requireFull(reach, 'the IPS export');
      const stored = await storedSummary(db, caseNumber);
      if (!stored) throw notFound(`case ${caseNumber} has no health summary yet`);
      await recordHealthAccess(context, request, reach, 'health-export', { revision: stored.revision });
      const bundle = ipsBundle({
        caseNumber,
        registration: reach.state.registration,
        summary: await unseal<HealthSummary>(dataConverter, stored.sealed),
        revision: stored.revision,
        ...(stored.review ? { reviewedBy: stored.review.by } : {}),
        baseUrl: config.api.publicBaseUrl,
      });
      return reply
        .type('application/fhir+json')
        .header('cache-control', 'no-store')
        .send({ ...bundle });
    },
  );
};
