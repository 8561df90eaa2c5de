/**
 * Authentication: `Authorization: Bearer <credential>` maps to a caller (a role, an actor and, for labs, a lab ID).
 * Failed attempts are counted per client address and per key prefix; a client over budget is refused with 429 before
 * its credential is looked at, so keys cannot be guessed at speed.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKey } from '../config';
import type { ApiRole } from '../domain/authorisation';
import { forbidden, HttpError, unauthorised, withArticle } from './errors';
import { FailedAuthThrottle, KEY_PREFIX_LENGTH, type FailedAuthLimits } from './limits';

/** Who is calling: an API key's holder, or a person signed in through the identity provider. */
export type Caller = Omit<ApiKey, 'key'> & {
  /** The organisation the caller works for, when their credential names one. */
  organisation?: string;
  via: 'api-key' | 'oidc';
};

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
  interface FastifyInstance {
    /** Failed authentications, shared by the API and the desk's sign-in: one budget per address and per key. */
    failedAuthThrottle: FailedAuthThrottle;
  }
  interface FastifyContextConfig {
    /** The route answers without looking at credentials, and outside every limit (`/healthz`). */
    public?: boolean;
  }
}

/** Verifies a credential that is not an API key (an access token); throws an HttpError 401 to refuse it. */
export type TokenVerifier = (token: string) => Promise<Caller | undefined>;

const digest = (key: string) => createHash('sha256').update(key).digest('hex');
const looksLikeJwt = (credential: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);

export interface AuthOptions {
  keys: ApiKey[];
  failedAuth: FailedAuthLimits;
  /** Tried for a credential that is not a known API key and looks like a JWT. */
  verifyToken?: TokenVerifier;
}

export const authPlugin = fp<AuthOptions>(async (app, { keys, failedAuth, verifyToken }) => {
  // Compare digests, not keys: a lookup by hash takes the same time whatever prefix a guess shares with a key.
  const byDigest = new Map(keys.map(({ key, ...caller }) => [digest(key), { ...caller, via: 'api-key' as const }]));
  const throttle = new FailedAuthThrottle(failedAuth);
  app.decorate('failedAuthThrottle', throttle);
  app.decorateRequest('caller', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header || request.routeOptions.config.public) return;
    const credential = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    // A token's prefix is its header, the same for every token: only an API key's prefix groups guesses at one key.
    const buckets = failedAuthBuckets(request.ip, credential && !looksLikeJwt(credential) ? credential : undefined);
    const wait = throttle.blockedFor(buckets);
    if (wait !== undefined) throw throttle.refusal(wait);
    try {
      if (!credential) throw unauthorised('the Authorization header must be "Bearer <api key or access token>"');
      const caller =
        byDigest.get(digest(credential)) ?? (looksLikeJwt(credential) ? await verifyToken?.(credential) : undefined);
      if (!caller) throw unauthorised('the API key is not recognised');
      request.caller = caller;
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 401) {
        throttle.recordFailure(buckets);
        // Never the credential: the address and the reason are enough to see a guessing run in the log.
        request.log.warn(
          { event: 'authentication-failed', address: request.ip, reason: error.message },
          'authentication failed',
        );
      }
      throw error;
    }
  });
});

/** The buckets a failed authentication counts in: the client's address and, for a key, the key's prefix. */
export function failedAuthBuckets(address: string, key: string | undefined): string[] {
  return [`address:${address}`, ...(key ? [`prefix:${key.slice(0, KEY_PREFIX_LENGTH)}`] : [])];
}

/** A route's onRequest hook that admits only the given roles: it runs before validation, so outsiders learn nothing. */
export function requireRole(...roles: readonly ApiRole[]): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.caller)
      throw unauthorised('this route needs credentials: send "Authorization: Bearer <api key or access token>"');
    const { role, via } = request.caller;
    if (!roles.includes(role)) {
      throw forbidden(
        via === 'oidc'
          ? `this route is for ${roles.join(' or ')} staff; you are signed in as ${withArticle(role)}`
          : `this route is for ${roles.join(' or ')} keys; yours is ${withArticle(role)} key`,
      );
    }
  };
}

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthorised('this route needs an API key or an access token');
  return request.caller;
}
