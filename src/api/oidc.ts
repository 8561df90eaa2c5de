/**
 * Access tokens from the staff's OpenID Connect provider, taken as Bearer credentials beside API keys: verified with
 * jose against the provider's JWKS (signature, issuer, audience, expiry), refetched when a token names a key it has
 * not seen (the provider rotated its keys). Roles and organisation come from configurable claims.
 */
import { loadJose } from './oidc-modules';
import type { JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { OidcConfig } from '../config';
import { staffRoleOf, staffRoles } from '../domain/authorisation';
import type { Caller, TokenVerifier } from './auth';
import { HttpError, unauthorised } from './errors';

/** Asymmetric algorithms only: a token signed with a shared secret proves nothing about who issued it. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const providerUnavailable = (issuer: string) =>
  new HttpError(
    503,
    'identity-provider-unavailable',
    `the identity provider ${issuer} did not answer, so the access token cannot be checked; try again shortly`,
  );

/** The value at a dotted path of the token's claims (`realm_access.roles`), or a claim named with the dots. */
function claimAt(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  return path.split('.').reduce<unknown>((value, part) => {
    return value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }, payload);
}

const asStrings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : typeof value === 'string'
      ? value.split(/[\s,]+/).filter(Boolean)
      : [];

export interface OidcVerifierOptions {
  /** The least time between two JWKS fetches a token naming an unseen key may cause (jose's cooldown). */
  jwksCooldownMs?: number;
}

/** The Homeward caller a verified token's claims describe; refuses a token that names no Homeward role. */
export function callerFromClaims(payload: JWTPayload, config: OidcConfig): Caller {
  const claimed = asStrings(claimAt(payload, config.rolesClaim));
  const role = staffRoleOf(claimed);
  if (!role)
    throw unauthorised(
      `your sign-in carries no Homeward role in its "${config.rolesClaim}" claim (it has ${claimed.length ? claimed.join(', ') : 'none'}): ask your identity administrator for one of ${staffRoles.join(', ')}`,
    );
  if (!payload.sub) throw unauthorised('the access token names no subject ("sub"): ask your identity administrator');
  // A person always works for someone: without an organisation they would see every party's cases.
  const organisation = asStrings(claimAt(payload, config.organisationClaim))[0];
  if (!organisation)
    throw unauthorised(
      `your sign-in names no organisation in its "${config.organisationClaim}" claim: ask your identity administrator to set it`,
    );
  return { role, actorId: payload.sub, organisation, via: 'oidc' };
}

export function createOidcVerifier(config: OidcConfig, options: OidcVerifierOptions = {}): TokenVerifier {
  const issuer = config.issuer.replace(/\/+$/, '');
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const jose = loadJose();

  const keySet = () => {
    keys ??= (async () => {
      const { createRemoteJWKSet } = await jose;
      const remote = (url: string) =>
        createRemoteJWKSet(new URL(url), {
          timeoutDuration: 5000,
          cooldownDuration: options.jwksCooldownMs ?? 30_000,
          cacheMaxAge: 10 * 60_000,
        });
      if (config.jwksUrl) return remote(config.jwksUrl);
      const discovery = await fetch(`${issuer}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5000),
      });
      if (!discovery.ok) throw new Error(`discovery answered ${discovery.status}`);
      const { jwks_uri: jwksUri } = (await discovery.json()) as { jwks_uri?: string };
      if (!jwksUri) throw new Error('discovery names no jwks_uri');
      return remote(jwksUri);
    })();
    // A provider that did not answer is asked again by the next token, not remembered as down.
    keys.catch(() => (keys = undefined));
    return keys;
  };

  return async (token) => {
    const { jwtVerify, errors } = await jose;
    let getKey: JWTVerifyGetKey;
    try {
      getKey = await keySet();
    } catch {
      throw providerUnavailable(issuer);
    }
    try {
      const { payload } = await jwtVerify(token, getKey, {
        issuer: [issuer, `${issuer}/`],
        audience: config.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
      });
      return callerFromClaims(payload, config);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (error instanceof errors.JWTExpired)
        throw unauthorised(
          `your access token expired${typeof error.payload.exp === 'number' ? ` at ${new Date(error.payload.exp * 1000).toISOString()}` : ''}: sign in again or request a new token`,
        );
      if (error instanceof errors.JWTClaimValidationFailed) {
        if (error.claim === 'iss')
          throw unauthorised(
            `this access token was issued by ${String(error.payload.iss)}, but Homeward takes tokens from ${issuer} only: sign in through ${issuer}`,
          );
        if (error.claim === 'aud')
          throw unauthorised(
            `this access token is for ${asStrings(error.payload.aud).join(', ') || 'no audience'}, not for Homeward ("${config.audience}"): request a token for the audience ${config.audience}`,
          );
        throw unauthorised(`the access token's "${error.claim}" claim does not hold (${error.reason}): sign in again`);
      }
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed)
        throw unauthorised(
          `the access token's signature does not match any key of ${issuer}: it was not issued by the provider Homeward trusts, or it was altered; sign in again`,
        );
      if (error instanceof errors.JOSEAlgNotAllowed)
        throw unauthorised(`the access token is signed with an algorithm Homeward does not take: sign in again`);
      if (error instanceof errors.JWKSTimeout || (error instanceof TypeError && /fetch/i.test(error.message)))
        throw providerUnavailable(issuer);
      if (error instanceof errors.JOSEError)
        throw unauthorised('the Bearer credential is neither an API key nor a readable access token');
      throw providerUnavailable(issuer);
    }
  };
}
