/**
 * The one place errors become HTTP answers. Every answer carries `error` (a stable code), `message` (what a person
 * can act on) and the request ID; validation answers add field-level `issues`.
 */
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  QueryNotRegisteredError,
  QueryRejectedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { rejection } from '../workflows/messages';
import { noSuchCase } from './schemas';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Headers the answer carries (`retry-after` on a 429). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, extra?: Record<string, unknown>) =>
  new HttpError(400, 'invalid', message, extra);
export const unauthorised = (message: string) => new HttpError(401, 'unauthorised', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not-found', message);
export const conflict = (message: string, extra?: Record<string, unknown>) =>
  new HttpError(409, 'conflict', message, extra);
export const rejected = (message: string) => new HttpError(422, 'rejected', message);
/** About how long a Temporal service or a worker takes to come back after a crash. */
const retryUnavailableAfterSeconds = 2;
/** Nothing the caller sent is wrong: the same request later should succeed, and `retry-after` says when to send it. */
export const unavailable = (code: string, message: string) =>
  new HttpError(503, code, message, {}, { 'retry-after': String(retryUnavailableAfterSeconds) });

/** `a coordinator`, `an operator`: the article a role or word takes in a message. */
export const withArticle = (word: string) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

const rejectionStatus: Record<string, [number, string]> = {
  [rejection.stageConflict]: [409, 'conflict'],
  [rejection.wrongParty]: [403, 'forbidden'],
  [rejection.invalid]: [422, 'rejected'],
  [rejection.unknown]: [404, 'not-found'],
  [rejection.contradicts]: [409, 'conflict'],
};

/** The case's refusal of a message, as the HTTP answer its type maps to. */
export function fromRejection(type: string, message: string, caseNumber: string): HttpError {
  const [status, code] = rejectionStatus[type] ?? [422, 'rejected'];
  // The case names routes with a placeholder (it never sees HTTP): the caller reads the one it called.
  return new HttpError(status, code, message.replaceAll('{caseNumber}', caseNumber));
}

/** Maps what the Temporal client throws to an HttpError; anything unrecognised is returned unchanged. */
export function fromTemporal(error: unknown, caseNumber?: string): unknown {
  if (error instanceof WorkflowNotFoundError) {
    return notFound(caseNumber ? noSuchCase(caseNumber) : 'no such case exists');
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const [status, code] = rejectionStatus[error.cause.type ?? ''] ?? [422, 'rejected'];
    // The case names routes with a placeholder (it never sees HTTP): the caller reads the one it called.
    const message = caseNumber ? error.cause.message.replaceAll('{caseNumber}', caseNumber) : error.cause.message;
    return new HttpError(status, code, message);
  }
  // The case's worker could not answer (restarting, or its workflow task is failing): nothing the caller sent is wrong.
  if (error instanceof QueryNotRegisteredError || error instanceof QueryRejectedError) {
    return unavailable(
      'case-unavailable',
      'the case cannot answer right now (its worker may be restarting); try again shortly',
    );
  }
  if (
    error instanceof ServiceError ||
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    isGrpcServiceError(error)
  ) {
    return unavailable('temporal-unavailable', 'the workflow service is unavailable; try again shortly');
  }
  return error;
}

/** PostgreSQL's classes for a connection lost or a server shutting down or starting up (57P01–57P03, 08xxx). */
const registryGoneCodes = /^(57P0[123]|08\d{3}|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/;

/** Maps the registry's database being unreachable (restarting, failing over) to a 503; anything else is unchanged. */
export function fromRegistry(error: unknown): unknown {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const gone =
    (typeof code === 'string' && registryGoneCodes.test(code)) ||
    (typeof message === 'string' && /^Connection terminated( unexpectedly|due to connection timeout)?/.test(message));
  return gone ? unavailable('registry-unavailable', 'the case registry is unavailable; try again shortly') : error;
}

/** `methodsOf(path)`: the methods the app answers on a path, so another method is 405 rather than 404. */
export function registerErrorHandler(app: FastifyInstance, methodsOf: (path: string) => string[] = () => []): void {
  const unrouted = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = methodsOf(path);
    if (allowed.length === 0)
      return reply.code(404).send({
        error: 'not-found',
        message: `no route ${request.method} ${path}; see /docs for the routes`,
        requestId: request.id,
      });
    const allow = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
    return reply
      .code(405)
      .header('allow', allow.join(', '))
      .send({
        error: 'method-not-allowed',
        message: `${request.method} is not answered on ${path}: use ${allow.join(' or ')}`,
        requestId: request.id,
      });
  };
  app.setNotFoundHandler((request, reply) => {
    void unrouted(request, reply);
  });

  app.setErrorHandler((rawError: FastifyError | Error, request, reply) => {
    // A request no route takes can still fail before the not-found handler (a body method without a content type).
    if (request.is404) return unrouted(request, reply);
    const error = fromRegistry(fromTemporal(rawError));
    if (error instanceof HttpError) {
      return reply
        .code(error.statusCode)
        .headers(error.headers)
        .send({ error: error.code, message: error.message, requestId: request.id, ...error.extra });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        field: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message,
      }));
      // Only refinements failed (a day in the future, a reference used twice): well-formed, but not meaningful.
      const wellFormed = error.validation.every((issue) => issue.keyword === 'custom');
      return reply.code(wellFormed ? 422 : 400).send({
        error: 'invalid',
        message:
          `the request is invalid: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`.slice(
            0,
            2000,
          ),
        issues,
        requestId: request.id,
      });
    }
    const status = (error as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const messages: Record<number, string> = {
        413: 'the request body is too large',
        415: 'send the body as application/json',
        429: 'too many requests; wait a moment and try again',
      };
      return reply.code(status).send({
        error: status === 429 ? 'rate-limited' : 'invalid',
        message: messages[status] ?? (error as Error).message,
        requestId: request.id,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({
      error: 'internal',
      message: 'something went wrong on our side; it has been logged',
      requestId: request.id,
    });
  });
}
