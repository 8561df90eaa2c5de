/**
 * Limits on guessing credentials: failed authentications are counted per client address and per key prefix in a
 * fixed window, and a client over either budget is answered 429 before its credential is looked at.
 */
import { HttpError } from './errors';

/** `1 minute`, `10 minutes`, `90 seconds`: a window in the words of a 429 message. */
export function describeWindow(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    const count = ms / size;
    if (ms >= size && Number.isInteger(count)) return `${count} ${name}${count === 1 ? '' : 's'}`;
  }
  return `${ms} ms`;
}

/** How many characters of a presented key name its bucket: enough to group guesses at one key, never the key. */
export const KEY_PREFIX_LENGTH = 6;

interface Bucket {
  failures: number;
  resetsAt: number;
}

export interface FailedAuthLimits {
  max: number;
  windowMs: number;
}

/** Failed authentications per bucket (an address, a key prefix) in a fixed window that starts at the first failure. */
export class FailedAuthThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: FailedAuthLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the first of `keys` that is over budget may try again, or undefined when none is. */
  blockedFor(keys: readonly string[]): number | undefined {
    const now = this.now();
    let wait: number | undefined;
    for (const key of keys) {
      const bucket = this.buckets.get(key);
      if (!bucket || bucket.resetsAt <= now || bucket.failures < this.limits.max) continue;
      wait = Math.max(wait ?? 0, Math.ceil((bucket.resetsAt - now) / 1000));
    }
    return wait;
  }

  recordFailure(keys: readonly string[]): void {
    const now = this.now();
    if (this.buckets.size > 100_000) this.sweep(now);
    for (const key of keys) {
      const bucket = this.buckets.get(key);
      if (!bucket || bucket.resetsAt <= now)
        this.buckets.set(key, { failures: 1, resetsAt: now + this.limits.windowMs });
      else bucket.failures += 1;
    }
  }

  /** The 429 a blocked client is answered with. */
  refusal(retryAfterSeconds: number): HttpError {
    return new HttpError(
      429,
      'rate-limited',
      `too many failed authentications: at most ${this.limits.max} per ${describeWindow(this.limits.windowMs)} from one address or for one key; try again in ${retryAfterSeconds} seconds`,
      {},
      { 'retry-after': String(retryAfterSeconds) },
    );
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.resetsAt <= now) this.buckets.delete(key);
  }
}
