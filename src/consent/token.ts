/**
 * Consent links carry a signed token: the case, the person asked, their language and the consent deadline.
 * HMAC-SHA256 over the payload; the token expires with the deadline, and the workflow accepts one answer per person,
 * so a token works once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ConsentRole } from '../domain/case';

export interface ConsentTokenPayload {
  caseNumber: string;
  consenteeId: string;
  role: ConsentRole;
  language: 'uk' | 'ru' | 'en';
  /** Epoch milliseconds: the consent deadline. */
  expiresAt: number;
}

export type TokenCheck =
  { valid: true; payload: ConsentTokenPayload } | { valid: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function signConsentToken(secret: string, payload: ConsentTokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function verifyConsentToken(secret: string, token: string, now = Date.now()): TokenCheck {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || token.length > 2048) return { valid: false, reason: 'malformed' };
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { valid: false, reason: 'bad-signature' };
  let payload: ConsentTokenPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ConsentTokenPayload;
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  if (typeof payload.expiresAt !== 'number' || typeof payload.caseNumber !== 'string')
    return { valid: false, reason: 'malformed' };
  if (payload.expiresAt <= now) return { valid: false, reason: 'expired' };
  return { valid: true, payload };
}
