/**
 * Who is at the desk. Pages see only a DeskPerson; how they proved it is a SignInProvider's business: development
 * accounts, an API key once, or the staff's OpenID Connect provider (src/desk/oidc-sign-in.ts). Every action a person
 * takes is attributed to `actorId` in `role`, and confined to `organisation`'s cases, as with an API key.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from '../config';
import type { ApiRole } from '../domain/authorisation';

export type DeskRole = Exclude<ApiRole, 'lab'>;
export const deskRoles: readonly DeskRole[] = ['coordinator', 'reviewer', 'supervisor', 'operator'];

export interface DeskPerson {
  actorId: string;
  role: DeskRole;
  /** The organisation the person works for: they see and act on the cases shared with it only (unset: every case). */
  organisation?: string;
}

/** What the sign-in page offers: accounts to pick, a key to paste, or (for an identity provider) a place to go. */
export type SignInOffer =
  { kind: 'accounts'; accounts: DeskPerson[] } | { kind: 'key' } | { kind: 'identity-provider'; issuer: string };

export interface SignInProvider {
  /** Recorded with each session: which provider vouched for the person. */
  readonly id: string;
  offer(): SignInOffer;
  /** The person the sign-in form (or an identity provider's callback) names, or undefined when it names nobody. */
  complete(fields: Record<string, string | undefined>): Promise<DeskPerson | undefined>;
}

export const isDeskRole = (role: ApiRole): role is DeskRole => (deskRoles as readonly ApiRole[]).includes(role);
const accountId = (person: DeskPerson) => `${person.role}:${person.actorId}`;
const personOf = (key: ApiKey & { role: DeskRole }): DeskPerson => ({
  actorId: key.actorId,
  role: key.role,
  ...(key.organisation ? { organisation: key.organisation } : {}),
});

/** Development only: every configured key's holder, picked from a list, without the key. */
export function devAccountsProvider(keys: ApiKey[]): SignInProvider {
  const accounts = keys
    .filter((key): key is ApiKey & { role: DeskRole } => isDeskRole(key.role))
    .map((key) => personOf(key))
    .filter((person, index, all) => all.findIndex((other) => accountId(other) === accountId(person)) === index);
  return {
    id: 'dev-accounts',
    offer: () => ({ kind: 'accounts', accounts }),
    complete: async (fields) => accounts.find((person) => accountId(person) === fields.account),
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Anywhere else until an identity provider is configured: the person proves who they are with their API key once. */
export function apiKeyProvider(keys: ApiKey[]): SignInProvider {
  return {
    id: 'api-key',
    offer: () => ({ kind: 'key' }),
    complete: async (fields) => {
      const given = digest(fields.key ?? '');
      const key = keys.find((candidate) => timingSafeEqual(digest(candidate.key), given));
      return key && isDeskRole(key.role) ? personOf({ ...key, role: key.role }) : undefined;
    },
  };
}

export const accountValue = accountId;

/**
 * A deployment with an identity provider: the sign-in page sends the person there, and the provider's callback
 * (src/desk/oidc-sign-in.ts) completes the sign-in, so no form field names anybody here.
 */
export function identityProviderOffer(issuer: string): SignInProvider {
  return {
    id: 'oidc',
    offer: () => ({ kind: 'identity-provider', issuer }),
    complete: async () => undefined,
  };
}
