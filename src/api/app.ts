import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { authPlugin } from './auth';
import { caseRoutes } from './cases';
import { codecRoutes } from './codec';
import type { ApiContext } from './context';
import { registerErrorHandler } from './errors';
import { healthRoutes } from './health';

export interface AppOptions extends ApiContext {
  logger: Logger;
}

/** Builds the HTTP API. Route plugins stay thin: validate, authorise, call Temporal, map the result. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { logger, ...context } = options;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Homeward API',
        version: '0.1.0',
        description: 'Register and steer reunification cases; partner labs report results; guardians answer consent.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Homeward API key' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, { keys: context.config.api.keys });
  await app.register(healthRoutes, context);
  await app.register(caseRoutes, context);
  await app.register(codecRoutes, { ...context, prefix: '/codec' });
  return app;
}
