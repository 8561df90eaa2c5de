/** API-key authentication: `Authorization: Bearer <key>` maps to a role, an actor and, for labs, a lab ID. */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKey } from '../config';
import type { ApiRole } from '../domain/authorisation';
import { forbidden, unauthorised, withArticle } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: ApiKey;
  }
}

const digest = (key: string) => createHash('sha256').update(key).digest('hex');

export const authPlugin = fp<{ keys: ApiKey[] }>(async (app, { keys }) => {
  // Compare digests, not keys: a lookup by hash takes the same time whatever prefix a guess shares with a key.
  const byDigest = new Map(keys.map((key) => [digest(key.key), key]));
  app.decorateRequest('caller', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorised('the Authorization header must be "Bearer <api key>"');
    const caller = byDigest.get(digest(match[1]!));
    if (!caller) throw unauthorised('the API key is not recognised');
    request.caller = caller;
  });
});

/** A route's onRequest hook that admits only the given roles: it runs before validation, so outsiders learn nothing. */
export function requireRole(...roles: readonly ApiRole[]): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.caller) throw unauthorised('this route needs an API key: send "Authorization: Bearer <api key>"');
    if (!roles.includes(request.caller.role)) {
      throw forbidden(`this route is for ${roles.join(' or ')} keys; yours is ${withArticle(request.caller.role)} key`);
    }
  };
}

export function callerOf(request: FastifyRequest): ApiKey {
  if (!request.caller) throw unauthorised('this route needs an API key');
  return request.caller;
}
