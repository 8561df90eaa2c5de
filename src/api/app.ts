import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { auditRoutes } from './audit';
import { authPlugin } from './auth';
import { caseActionRoutes } from './case-actions';
import { caseListRoutes } from './case-list';
import { caseRoutes } from './cases';
import { codecRoutes } from './codec';
import { consentRoutes } from './consent';
import type { ApiContext } from './context';
import { dashboardRoutes } from './dashboard';
import { HttpError, registerErrorHandler } from './errors';
import { healthRoutes } from './health';
import { labRoutes } from './labs';

export interface AppOptions extends ApiContext {
  logger: Logger;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  /** Left out of the OpenAPI document. */
  hidden: boolean;
}

const registeredRoutes = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route the app answers (HEAD twins left out): what the OpenAPI document is checked against. */
export function routesOf(app: FastifyInstance): RegisteredRoute[] {
  return registeredRoutes.get(app) ?? [];
}

/** Builds the HTTP API. Route plugins stay thin: validate, authorise, call Temporal, map the result. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { logger, ...context } = options;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    // Consent tokens travel in the path and are longer than Fastify's default of 100 characters.
    routerOptions: { maxParamLength: 4096 },
    // Replaced by the onResponse line below, which names the route pattern: a consent token in a URL is a credential.
    logController: new LogController({ disableRequestLogging: true }),
    // An address Fastify cannot route (bad percent-encoding, an over-long part) still gets a message and a request ID.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void reply
        .code(tooLong ? 414 : 400)
        .header('x-request-id', request.id)
        .send({
          error: 'invalid',
          message: tooLong
            ? 'a part of the address is too long'
            : 'the address is not valid: check its percent-encoding (e.g. %20 for a space)',
          requestId: request.id,
        });
    },
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  const routes: RegisteredRoute[] = [];
  registeredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide) });
    }
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });

  const limits = context.config.api.rateLimit;
  await app.register(rateLimit, {
    max: limits.max,
    timeWindow: limits.windowMs,
    errorResponseBuilder: (_request, { max, after }) =>
      new HttpError(
        429,
        'rate-limited',
        `too many requests: at most ${max} per ${after} from one address; try again in ${after}`,
      ),
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
  await app.register(caseListRoutes, context);
  await app.register(caseActionRoutes, context);
  await app.register(labRoutes, context);
  await app.register(consentRoutes, context);
  await app.register(codecRoutes, { ...context, prefix: '/codec' });
  await app.register(auditRoutes, context);
  await app.register(dashboardRoutes, context);
  return app;
}
