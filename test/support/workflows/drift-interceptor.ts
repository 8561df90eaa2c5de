/**
 * A workflow interceptor that makes the case workflow's history differ from what its code replays: each person's
 * message waits on a 1 ms timer before it is applied. A case run by a worker with this interceptor, then replayed
 * with the real bundle, fails with a nondeterminism error at the timer, as a case whose history no longer replays
 * does. The stuck-case test uses it to make such a case on a real server and recover it.
 */
import { sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async handleSignal(input, next) {
        if (input.signalName === 'caseMessage') await sleep(1);
        return next(input);
      },
    },
  ],
});
