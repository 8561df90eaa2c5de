/**
 * The desk's sign-in through the staff's OpenID Connect provider (authorization code with PKCE, createStaffSignIn).
 * What a browser's sign-in needs between leaving for the provider and coming back (state, PKCE verifier, where it
 * was going, its language and time zone) waits in the registry under the digest of a random ID the browser keeps in a
 * cookie, once: a second callback with the same cookie finds nothing.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config';
import type { HttpError } from '../api/errors';
import { createStaffSignIn, type PendingSignIn, type StaffSignIn } from '../api/oidc-session';
import type { Db } from '../registry/db';
import { isTimeZone } from './format';
import { isLanguage, say, ui, type Language } from './i18n';
import type { Refusal } from './refusals';

/** A sign-in that has gone to the provider waits at most this long for it to come back. */
export const pendingMinutes = 10;

export interface PendingDeskSignIn {
  pending: PendingSignIn;
  next: string;
  language: Language;
  timeZone: string;
}

const digestOf = (id: string) => createHash('sha256').update(id).digest('hex');

/** The desk's client at the provider, or undefined when the deployment configures no provider. */
export function identityProviderSignIn(config: Config): StaffSignIn | undefined {
  const { oidc } = config.api;
  if (!oidc) return undefined;
  const desk = oidc.desk ?? { clientId: 'homeward-desk', scope: 'openid' };
  return createStaffSignIn({
    oidc,
    clientId: desk.clientId,
    ...(desk.clientSecret ? { clientSecret: desk.clientSecret } : {}),
    redirectUri: callbackUrl(config),
    scope: desk.scope,
  });
}

/** Where the provider sends the browser back: registered with the provider as the desk's redirect URI. */
export const callbackUrl = (config: Config) => `${config.api.publicBaseUrl.replace(/\/+$/, '')}/desk/callback`;

export async function keepPendingSignIn(db: Db, id: string, signIn: PendingDeskSignIn): Promise<void> {
  await db.query('DELETE FROM desk_sign_ins WHERE expires_at < now()');
  await db.query(
    `INSERT INTO desk_sign_ins (id_digest, state, code_verifier, next_path, language, time_zone, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7))`,
    [
      digestOf(id),
      signIn.pending.state,
      signIn.pending.codeVerifier,
      signIn.next,
      signIn.language,
      signIn.timeZone,
      pendingMinutes,
    ],
  );
}

/** The sign-in the cookie's ID names, taken (it cannot be finished twice); undefined when none is waiting. */
export async function takePendingSignIn(db: Db, id: string): Promise<PendingDeskSignIn | undefined> {
  const { rows } = await db.query<{
    state: string;
    code_verifier: string;
    next_path: string;
    language: string;
    time_zone: string;
  }>(
    `DELETE FROM desk_sign_ins WHERE id_digest = $1 AND expires_at > now()
     RETURNING state, code_verifier, next_path, language, time_zone`,
    [digestOf(id)],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    pending: { state: row.state, codeVerifier: row.code_verifier },
    next: row.next_path,
    language: isLanguage(row.language) ? row.language : 'en',
    timeZone: isTimeZone(row.time_zone) ? row.time_zone : 'UTC',
  };
}

/** Why the provider's sign-in was refused, in the person's language, beside the API's own English sentence. */
export function signInRefusal(language: Language, error: HttpError): Refusal {
  const message = error.message;
  const text =
    error.statusCode === 503
      ? say(language, ui.providerUnavailable)
      : /no Homeward role/.test(message)
        ? say(language, ui.providerNoRole)
        : /names no organisation/.test(message)
          ? say(language, ui.providerNoOrganisation)
          : say(language, ui.providerSignInIncomplete);
  return { status: error.statusCode, text, original: message };
}
