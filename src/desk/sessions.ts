/**
 * Desk sessions, kept in the registry: the cookie carries only a random ID and the table only its digest, so a
 * copy of the table opens no session. Server-side rather than a signed cookie because signing out must end the
 * session everywhere at once, and several API processes share one registry. Each session has its CSRF token;
 * expiry is absolute (a working day) and on idleness.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../registry/db';
import { sameSecret } from '../api/same-secret';
import { isTimeZone } from './format';
import { isLanguage, type Language } from './i18n';
import type { DeskPerson, DeskRole } from './identity';

export const SESSION_COOKIE = 'homeward_desk';
export const SIGN_IN_COOKIE = 'homeward_desk_sign_in';
/** A sign-in gone to the identity provider: Lax, as the provider's redirect back is a navigation from another site. */
export const PROVIDER_SIGN_IN_COOKIE = 'homeward_desk_provider';
export const sessionHours = 10;
export const idleMinutes = 120;
/** A session's last use is written at most this often, not on every page. */
const touchEveryMs = 60_000;

export interface DeskSession {
  person: DeskPerson;
  provider: string;
  csrfToken: string;
  expiresAt: number;
  language: Language;
  timeZone: string;
}

const digestOf = (id: string) => createHash('sha256').update(id).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export function sameToken(given: unknown, expected: string): boolean {
  return typeof given === 'string' && sameSecret(given, expected);
}

export interface Preferences {
  language: Language;
  timeZone: string;
}

export async function preferencesOf(db: Db, actorId: string): Promise<Preferences | undefined> {
  const { rows } = await db.query<{ language: string; time_zone: string }>(
    'SELECT language, time_zone FROM desk_preferences WHERE actor_id = $1',
    [actorId],
  );
  const row = rows[0];
  return row && isLanguage(row.language) && isTimeZone(row.time_zone)
    ? { language: row.language, timeZone: row.time_zone }
    : undefined;
}

export async function savePreferences(db: Db, actorId: string, preferences: Preferences): Promise<void> {
  await db.query(
    `INSERT INTO desk_preferences (actor_id, language, time_zone) VALUES ($1, $2, $3)
     ON CONFLICT (actor_id) DO UPDATE SET language = EXCLUDED.language, time_zone = EXCLUDED.time_zone, updated_at = now()`,
    [actorId, preferences.language, preferences.timeZone],
  );
}

/** Starts a session; answers the cookie's value (the only copy of the ID). */
export async function startSession(db: Db, person: DeskPerson, provider: string): Promise<string> {
  const id = randomToken();
  await db.query('DELETE FROM desk_sessions WHERE expires_at < now()');
  await db.query(
    `INSERT INTO desk_sessions (id_digest, actor_id, role, organisation, provider, csrf_token, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7))`,
    [digestOf(id), person.actorId, person.role, person.organisation ?? null, provider, randomToken(), sessionHours],
  );
  return id;
}

export async function readSession(db: Db, id: string): Promise<DeskSession | undefined> {
  const { rows } = await db.query<{
    actor_id: string;
    role: DeskRole;
    organisation: string | null;
    provider: string;
    csrf_token: string;
    expires_at: Date | string;
    last_seen_at: Date | string;
    language: string | null;
    time_zone: string | null;
  }>(
    `SELECT s.actor_id, s.role, s.organisation, s.provider, s.csrf_token, s.expires_at, s.last_seen_at, p.language, p.time_zone
       FROM desk_sessions s LEFT JOIN desk_preferences p ON p.actor_id = s.actor_id
      WHERE s.id_digest = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)`,
    [digestOf(id), idleMinutes],
  );
  const row = rows[0];
  if (!row) return undefined;
  if (Date.now() - new Date(row.last_seen_at).getTime() > touchEveryMs)
    await db.query('UPDATE desk_sessions SET last_seen_at = now() WHERE id_digest = $1', [digestOf(id)]);
  return {
    person: { actorId: row.actor_id, role: row.role, ...(row.organisation ? { organisation: row.organisation } : {}) },
    provider: row.provider,
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at).getTime(),
    language: isLanguage(row.language) ? row.language : 'en',
    timeZone: isTimeZone(row.time_zone) ? row.time_zone : 'UTC',
  };
}

export async function endSession(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM desk_sessions WHERE id_digest = $1', [digestOf(id)]);
}

export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** HttpOnly, SameSite=Strict unless told, the desk's path only; Secure everywhere but on the loopback interface. */
export function setCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  value: string,
  maxAgeSeconds: number,
  sameSite: 'Strict' | 'Lax' = 'Strict',
): void {
  const secure = loopback.test(request.hostname.replace(/:\d+$/, '')) ? '' : '; Secure';
  void reply.header(
    'set-cookie',
    `${name}=${value}; Path=/desk; HttpOnly; SameSite=${sameSite}; Max-Age=${maxAgeSeconds}${secure}`,
  );
}

export const newSignInToken = randomToken;
