import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
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
import { deskRoutes } from '../desk';
import { assignmentRoutes } from './assignment';
import { accessLogRoutes } from './access-log';
import { auditRoutes } from './audit';
import { authPlugin } from './auth';
import { caseActionRoutes } from './case-actions';
import { caseListRoutes } from './case-list';
import { caseRoutes } from './cases';
import { codecRoutes } from './codec';
import { consentRoutes } from './consent';
import type { ApiContext } from './context';
import { dashboardRoutes } from './dashboard';
import { exportRoutes } from './exports';
import { badRequest, HttpError, registerErrorHandler, rejected } from './errors';
import { errorBody } from './schemas';
import { healthRoutes } from './health';
import { healthInformationRoutes } from './health-information';
import { labRoutes } from './labs';
import { describeWindow } from './limits';
import type { ApiMetrics } from './metrics';
import { createOidcVerifier, type OidcVerifierOptions } from './oidc';

export interface AppOptions extends ApiContext {
  logger: Logger;
  /** How access tokens are checked when an identity provider is configured (tests shorten the JWKS cooldown). */
  oidc?: OidcVerifierOptions;
  /** Counts and times every answer (src/api/metrics.ts). */
  metrics?: ApiMetrics;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  /** Left out of the OpenAPI document. */
  hidden: boolean;
}

const registeredRoutes = new WeakMap<FastifyInstance, RegisteredRoute[]>();

const clientErrorMessages: Record<number, string> = {
  400: 'the request could not be read: check its request line and headers',
  414: 'the address is too long',
};

/** A route pattern (`/cases/:caseNumber`, `/docs/static/*`) as a test of a concrete path. */
function patternOf(url: string): RegExp {
  const escaped = url.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/:[A-Za-z0-9_]+/g, '[^/]+').replace(/\*/g, '.*')}$`);
}

/**
 * The statuses every route may answer besides its own, as the server answers them: 400 for an address it cannot
 * read, 401 for a key nobody issued (refused on open routes too), 414 for an over-long path parameter, 422 for a
 * value the schema admits but that does not hold (a birth date in the future), 413 for a body over the limit, 415 for
 * a body in a media type the route does not read, 429 over the rate limit, 431 for oversized headers. Added to each
 * route's schema so the OpenAPI document lists them.
 */
function withCommonResponses(
  schema: Record<string, unknown>,
  url: string,
  limited: boolean,
  checksTokens: boolean,
): Record<string, unknown> {
  const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
  const takesInput = ['body', 'querystring'].some((part) => part in schema);
  const statuses = [
    400,
    401,
    ...(limited ? [429] : []),
    // An access token cannot be checked while the identity provider does not answer.
    ...(limited && checksTokens ? [503] : []),
    431,
    ...(/[:*]/.test(url) ? [414] : []),
    ...(takesInput ? [422] : []),
    ...('body' in schema ? [413, 415] : []),
  ];
  for (const status of statuses) {
    if (!(status in response) && !(String(status) in response)) response[status] = errorBody;
  }
  return { ...schema, response };
}

/** Every route the app answers (HEAD twins left out): what the OpenAPI document is checked against. */
export function routesOf(app: FastifyInstance): RegisteredRoute[] {
  return registeredRoutes.get(app) ?? [];
}

/** Builds the HTTP API. Route plugins stay thin: validate, authorise, call Temporal, map the result. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { logger, oidc, metrics, ...context } = options;
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
    // A request Node refuses before Fastify sees it (headers too large, a malformed request line) still gets the
    // documented error body.
    clientErrorHandler: (error: Error & { code?: string }, socket) => {
      if (!socket.writable) return;
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
      const requestId = randomUUID();
      const body = JSON.stringify({
        error: 'invalid',
        message: status === 431 ? 'the request headers are too large' : clientErrorMessages[status]!,
        requestId,
      });
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  const routes: RegisteredRoute[] = [];
  registeredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (!(route.schema as { hide?: boolean } | undefined)?.hide)
      route.schema = withCommonResponses(
        (route.schema ?? {}) as Record<string, unknown>,
        route.url,
        !route.config?.public,
        Boolean(context.config.api.oidc),
      ) as typeof route.schema;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide) });
    }
  });

  // JSON as Fastify reads it, except that a body with a __proto__ or constructor.prototype key is valid JSON the API
  // refuses to take (422), not a body that is not JSON (400).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    let poisoned = false;
    let value: unknown;
    try {
      value = JSON.parse(body as string, (key, item: unknown) => {
        if (
          key === '__proto__' ||
          (key === 'constructor' && item !== null && typeof item === 'object' && 'prototype' in item)
        )
          poisoned = true;
        return item;
      });
    } catch {
      done(badRequest('the body is not valid JSON: send it as application/json'), undefined);
      return;
    }
    if (poisoned)
      done(rejected('the body has a __proto__ or constructor.prototype key, which the API never takes'), undefined);
    else done(null, value);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, (path) => [
    ...new Set(routes.filter((route) => patternOf(route.url).test(path)).map((route) => route.method)),
  ]);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  metrics?.record(app);
  app.addHook('onResponse', async (request, reply) => {
    // Debug: a line per request buries the events a person watches for; the dev log file keeps them.
    request.log.debug(
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
    // `after` is the time left in the window, not the window (it said "per 7 seconds" late in a one-minute window).
    // Every route, the stricter ones included, counts in the same window.
    errorResponseBuilder: (_request, { max, after }) =>
      new HttpError(
        429,
        'rate-limited',
        `too many requests: at most ${max} per ${describeWindow(limits.windowMs)} from one address; try again in ${after}`,
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
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: "A Homeward API key, or an access token from the staff's OpenID Connect provider",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, {
    keys: context.config.api.keys,
    failedAuth: { max: limits.authFailureMax, windowMs: limits.windowMs },
    ...(context.config.api.oidc ? { verifyToken: createOidcVerifier(context.config.api.oidc, oidc) } : {}),
  });
  await app.register(healthRoutes, context);
  await app.register(caseRoutes, context);
  await app.register(caseListRoutes, context);
  await app.register(caseActionRoutes, context);
  await app.register(labRoutes, context);
  await app.register(consentRoutes, context);
  await app.register(codecRoutes, { ...context, prefix: '/codec' });
  await app.register(auditRoutes, context);
  await app.register(accessLogRoutes, context);
  await app.register(dashboardRoutes, context);
  await app.register(assignmentRoutes, context);
  await app.register(deskRoutes, { ...context, prefix: '/desk' });
  await app.register(exportRoutes, context);
  await app.register(healthInformationRoutes, context);
  return app;
}
