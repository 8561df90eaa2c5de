/**
 * `POST /labs/results`: a partner lab reports a DNA result. The API key decides the lab; a lab reports only on a
 * sample the case ordered from it; the lab's result reference makes a repeat safe: the same result again is
 * answered the same way, a different outcome under the same reference is a conflict.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { labResultSignal } from '../workflows/messages';
import { routeRoles } from '../domain/authorisation';
import { workflowIdFor } from '../domain/case-number';
import { callerOf, requireRole } from './auth';
import { caseFailure, readCase } from './case-workflow';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiContext } from './context';
import { conflict, forbidden, notFound } from './errors';
import { caseNumberParam, errorBody } from './schemas';

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
  const { client, config } = context;
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
      const labId = callerOf(request).labId;
      const result = request.body;
      if (!labId) throw forbidden('this lab key has no lab ID configured; ask the Homeward operators to fix it');
      // A lab may answer before the case has published the view that shows its order: look again for a moment.
      const deadline = Date.now() + 3000;
      let state = await readCase(context, result.caseNumber);
      let sample = state.dna.samples.find((candidate) => candidate.sampleId === result.sampleId);
      while (!sample && Date.now() < deadline) {
        await sleep(100);
        state = await readCase(context, result.caseNumber);
        sample = state.dna.samples.find((candidate) => candidate.sampleId === result.sampleId);
      }
      if (!sample) throw notFound(`case ${result.caseNumber} has no sample ${result.sampleId}`);
      if (sample.labId !== labId) {
        throw forbidden(`sample ${result.sampleId} was not ordered from your lab (${labId}); report only your samples`);
      }
      const accepted = { ...result, status: 'accepted' as const };
      if (sample.result) {
        const same = sample.result.resultReference === result.resultReference;
        if (same && sample.result.outcome === result.outcome) return reply.code(202).send(accepted);
        throw conflict(
          same
            ? `result ${result.resultReference} was already reported as ${sample.result.outcome}; to correct it, contact the case coordinator`
            : `sample ${result.sampleId} already has a result (${sample.result.resultReference}); contact the case coordinator to correct it`,
        );
      }
      await client.workflow
        .getHandle(workflowIdFor(result.caseNumber))
        .signal(labResultSignal, {
          labId,
          sampleId: result.sampleId,
          resultReference: result.resultReference,
          outcome: result.outcome,
        })
        .catch(async (error: unknown) => {
          throw await caseFailure(client, error, result.caseNumber);
        });
      request.log.info(
        { event: 'lab-result', caseNumber: result.caseNumber, outcome: result.outcome },
        `lab result for ${result.sampleId}: ${result.outcome}`,
      );
      return reply.code(202).send(accepted);
    },
  );
};
