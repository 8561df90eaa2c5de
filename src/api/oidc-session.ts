/**
 * Staff sign-in for the desk: authorization code with PKCE through the staff's OpenID Connect provider (openid-client).
 * `start` gives the address to send the browser to and what the desk keeps until the provider sends it back (in a
 * signed, HttpOnly cookie); `finish` takes the callback's address and that, redeems the code, and checks the access
 * token exactly as the API checks a Bearer token: the identity it answers is the one every API call will carry.
 */
import { loadOpenidClient } from './oidc-modules';
import type { Configuration } from 'openid-client' with { 'resolution-mode': 'import' };
import type { OidcConfig } from '../config';
import type { ApiRole } from '../domain/authorisation';
import type { TokenVerifier } from './auth';
import { HttpError, unauthorised } from './errors';
import { createOidcVerifier, type OidcVerifierOptions } from './oidc';

export interface StaffSignInOptions {
  oidc: OidcConfig;
  /** The desk's client at the provider: public with PKCE, or confidential with a secret. */
  clientId: string;
  clientSecret?: string;
  /** Where the provider sends the browser back: the desk's callback route. */
  redirectUri: string;
  scope?: string;
  verifier?: OidcVerifierOptions;
}

/** What the desk keeps between `start` and `finish`, for one browser only. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
}

export interface StaffIdentity {
  actorId: string;
  role: ApiRole;
  organisation: string;
  /** The access token the desk sends to the API as `Authorization: Bearer …` for this person. */
  accessToken: string;
  /** When the access token expires (ISO 8601): sign in again then. */
  expiresAt?: string;
}

export interface StaffSignIn {
  start(): Promise<{ redirectUrl: string; pending: PendingSignIn }>;
  finish(callbackUrl: URL | string, pending: PendingSignIn): Promise<StaffIdentity>;
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export function createStaffSignIn(options: StaffSignInOptions): StaffSignIn {
  const client = loadOpenidClient();
  const verify: TokenVerifier = createOidcVerifier(options.oidc, options.verifier);
  let configuration: Promise<Configuration> | undefined;
  const issuer = new URL(options.oidc.issuer);

  const discovered = () => {
    configuration ??= client.then(async (openid) =>
      openid.discovery(
        issuer,
        options.clientId,
        options.clientSecret,
        options.clientSecret ? openid.ClientSecretPost(options.clientSecret) : openid.None(),
        // Plain HTTP only to a provider on this machine (development and tests).
        isLoopback(issuer) && issuer.protocol === 'http:' ? { execute: [openid.allowInsecureRequests] } : {},
      ),
    );
    configuration.catch(() => (configuration = undefined));
    return configuration.catch(() => {
      throw new HttpError(
        503,
        'identity-provider-unavailable',
        `the identity provider ${options.oidc.issuer} did not answer; try signing in again shortly`,
      );
    });
  };

  return {
    async start() {
      const openid = await client;
      const config = await discovered();
      const codeVerifier = openid.randomPKCECodeVerifier();
      const state = openid.randomState();
      const redirectUrl = openid.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scope ?? 'openid',
        code_challenge: await openid.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        // Providers with resource indicators (RFC 8707) issue the API's token for it; others ignore it.
        resource: options.oidc.audience,
      });
      return { redirectUrl: redirectUrl.href, pending: { state, codeVerifier } };
    },

    async finish(callbackUrl, pending) {
      const openid = await client;
      const config = await discovered();
      let tokens: Awaited<ReturnType<typeof openid.authorizationCodeGrant>>;
      try {
        tokens = await openid.authorizationCodeGrant(
          config,
          new URL(callbackUrl),
          { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state },
          { resource: options.oidc.audience },
        );
      } catch (error) {
        const reason = (error as { error_description?: string; message?: string }).error_description;
        throw unauthorised(
          `the sign-in did not complete${reason ? ` (${reason})` : ''}: start again from the sign-in page`,
        );
      }
      const caller = await verify(tokens.access_token);
      if (!caller?.organisation)
        throw unauthorised('your sign-in names no organisation: ask your identity administrator');
      const expiresIn = tokens.expiresIn();
      return {
        actorId: caller.actorId,
        role: caller.role,
        organisation: caller.organisation,
        accessToken: tokens.access_token,
        ...(expiresIn !== undefined ? { expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() } : {}),
      };
    },
  };
}
