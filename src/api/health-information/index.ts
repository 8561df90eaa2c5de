/**
 * A case's health information through the API, shared by purpose (src/domain/health-access.ts): the care team named
 * by a coordinator, the summary written and reviewed by the case's clinicians, read by each as their purpose allows,
 * exported as a FHIR IPS document, and the reports received from the other side. Every read and write is in the
 * access log before it is answered, and in the audit trail as a content-free registry entry.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../context';
import { careTeamRoutes } from './care-team';
import { ipsExportRoutes } from './export';
import { reportRoutes } from './reports';
import { sharingWithdrawalRoutes } from './sharing-withdrawal';
import { summaryRoutes } from './summary';

export const healthInformationRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  // In the order the routes were always declared, which the OpenAPI document follows.
  await app.register(careTeamRoutes, context);
  await app.register(summaryRoutes, context);
  await app.register(ipsExportRoutes, context);
  await app.register(sharingWithdrawalRoutes, context);
  await app.register(reportRoutes, context);
};
