/**
 * `POST /labs/results`: a partner lab reports a DNA result. The API key decides the lab; the case itself decides
 * whether it takes the result (a sample it ordered from that lab, once; the same result again is answered the same
 * way, a different outcome under the same reference is a conflict), like any message sent to it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routeRoles } from '../domain/authorisation';
import { rejection, reportLabResultUpdate, type LabReport } from '../workflows/messages';
import { callerOf, requireRole } from './auth';
import { sendMessage } from './case-workflow';
import type { ApiContext } from './context';
import { forbidden, fromRejection } from './errors';
import { caseNumberParam, errorBody } from './schemas';

/** A lab may answer before the case has taken in the completion of its order: the report is sent again meanwhile. */
const orderRecordedWithinMs = 3000;

const identifier = z
  .string()
  .regex(/^[A-Za-z0-9._:/-]{1,80}$/, 'letters, digits, dot, dash, colon, slash and underscore, up to 80');

const labResultBody = z
  .object({
    caseNumber: caseNumberParam.shape.caseNumber,
    sampleId: identifier.describe('The sample ID from the order the lab received'),
    resultReference: identifier.describe("The lab's own reference for this result: a repeat is accepted once"),
    outcome: z.enum(['match', 'exclusion', 'inconclusive']),
  })
  .strict();

const labResultAccepted = labResultBody.extend({
  status: z.literal('accepted').describe('The case has the result; sending it again is answered the same way'),
});

export const labRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { config } = context;
  app.post(
    '/labs/results',
    {
      onRequest: requireRole(...routeRoles.reportLabResult),
      config: { rateLimit: { max: config.api.rateLimit.labsMax, timeWindow: config.api.rateLimit.windowMs } },
      schema: {
        summary: 'Report a DNA result for a sample ordered from your lab',
        description: 'For lab keys. The key decides the lab. Repeating the same result reference is safe.',
        tags: ['labs'],
        security: [{ bearer: [] }],
        body: labResultBody,
        response: {
          202: labResultAccepted,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
          429: errorBody,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { caseNumber, ...result } = request.body;
      if (!caller.labId) throw forbidden('this lab key has no lab ID configured; ask the Homeward operators to fix it');
      const report: LabReport = { actor: { id: caller.actorId, role: 'lab' }, labId: caller.labId, ...result };
      const deadline = Date.now() + orderRecordedWithinMs;
      for (;;) {
        const answer = await sendMessage(context, caseNumber, reportLabResultUpdate, [report]);
        if (answer.accepted) break;
        if (answer.type !== rejection.unknown || Date.now() >= deadline)
          throw fromRejection(answer.type, answer.message, caseNumber);
        await sleep(100);
      }
      request.log.info(
        { event: 'lab-result', caseNumber, outcome: result.outcome },
        `lab result for ${result.sampleId}: ${result.outcome}`,
      );
      return reply.code(202).send({ ...request.body, status: 'accepted' as const });
    },
  );
};
