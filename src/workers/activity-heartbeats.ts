/**
 * While an activity with a heartbeat timeout runs, the worker heartbeats for it every few seconds. Then an attempt
 * whose task or result a fault lost (a frontend killed while it handed the task over, a worker cut off) is retried
 * once the heartbeat timeout passes, not after the attempt's whole start-to-close timeout.
 *
 * The first heartbeat comes one interval in, not at the start: the server's heartbeat timer already runs from the
 * moment the attempt started, so a heartbeat at once would tell it nothing, and it cost the server a write for every
 * partner call, most of which answer within a second (a case's three record checks among them).
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** How often a running activity heartbeats, at most; the worker sends each on at once (maxHeartbeatThrottleInterval). */
export const heartbeatEveryMs = 5000;

export const heartbeatWhileRunning: ActivityInterceptorsFactory = (context) => ({
  inbound: {
    async execute(input, next) {
      const timeoutMs = context.info.heartbeatTimeoutMs;
      if (!timeoutMs) return next(input);
      const beating = setInterval(() => context.heartbeat(), Math.min(heartbeatEveryMs, timeoutMs / 4));
      try {
        return await next(input);
      } finally {
        clearInterval(beating);
      }
    },
  },
});
