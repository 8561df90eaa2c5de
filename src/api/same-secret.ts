import { createHash, timingSafeEqual } from 'node:crypto';

const digestOf = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether a secret someone sent (a key, a token, a signature) is the expected one, in time that does not depend on
 * where they differ. Compared as digests: equal lengths whatever the text, so a key typed with Cyrillic letters is
 * refused like any wrong key instead of making `timingSafeEqual` throw on buffers of different lengths.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digestOf(given), digestOf(expected));
}
