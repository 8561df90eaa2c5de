import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from './context';

export const healthRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, { client, db }) => {
  app.get(
    '/healthz',
    {
      // A load balancer's probes are never refused: no limit, and no credential looked at.
      config: { public: true, rateLimit: false },
      schema: {
        summary: 'Whether Homeward and the services it depends on are reachable',
        tags: ['health'],
        response: {
          200: z.object({
            status: z.literal('ok'),
            temporal: z.literal('reachable'),
            registry: z.literal('reachable'),
          }),
          503: z.object({
            status: z.literal('degraded'),
            temporal: z.enum(['reachable', 'unreachable']),
            registry: z.enum(['reachable', 'unreachable']),
          }),
        },
      },
    },
    async (_request, reply) => {
      const [temporal, registry] = await Promise.all([
        client.connection.workflowService
          .getSystemInfo({})
          .then(() => 'reachable' as const)
          .catch(() => 'unreachable' as const),
        db
          .query('SELECT 1')
          .then(() => 'reachable' as const)
          .catch(() => 'unreachable' as const),
      ]);
      if (temporal === 'reachable' && registry === 'reachable') return { status: 'ok' as const, temporal, registry };
      return reply.code(503).send({ status: 'degraded' as const, temporal, registry });
    },
  );
};
