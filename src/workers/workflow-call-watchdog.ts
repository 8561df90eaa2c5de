/**
 * One watchdog per workflow thread in place of one OS thread per call into the workflow sandbox.
 *
 * The SDK (1.24.0) runs case code in a worker thread and calls into its sandbox with Node's `vm` and a `timeout`, so
 * that code stuck in a loop fails its workflow task instead of freezing the thread. Node enforces such a timeout by
 * creating an OS thread, with its own event loop, for every single call, and joining it afterwards (nodejs/node
 * #47739, still open). A workflow task makes four to six such calls. On this machine a call with a timeout costs
 * about 200 µs against 1 µs without, and under load the workflow thread spent half of its time waiting on them
 * (bench/RESULTS.md section 2, session 10).
 *
 * In the SDK's workflow thread, this file's code drops the per-call timeout and marks each call's start and end in
 * memory shared with the worker's main thread instead. The main thread looks every 250 ms. A call that
 * runs past the limit (the SDK's own default, 5 s) means code that will not return: the watchdog logs it and ends the
 * workflow thread. The SDK then fails the worker, and the worker's supervisor (Docker, systemd, `npm run dev`'s own
 * exit) starts it again. Nothing a case recorded is lost: its task times out on the server and replays on the next
 * worker, as after a crash. Where the SDK's timeout would have failed only that case's task, this stops the worker:
 * the price of a loop that never ends, which is a defect in case code, not a condition the cases meet.
 *
 * `WORKER_WORKFLOW_CALL_GUARD=per-call` keeps the SDK's way (the benchmark's baseline).
 */
import workerThreads from 'node:worker_threads';
import type { Logger } from 'pino';

/** The SDK's workflow thread, as it names it when it starts one (lib/workflow/threaded-vm.js). */
const sdkWorkflowThread = /[\\/]@temporalio[\\/]worker[\\/]lib[\\/]workflow[\\/]workflow-worker-thread\.js$/;
const sharedKey = 'homewardWorkflowCalls';

/** The shared slots: whether a call is in progress (1) or not (0), and how many calls have begun. */
const slot = { inCall: 0, calls: 1 } as const;

/**
 * Runs first in the SDK's workflow thread, then loads the SDK's own thread code. Plain JavaScript in a string: a
 * thread started from a file path does not get the TypeScript loader the tests and `npm run dev` use.
 */
const threadPrelude = (sdkThreadPath: string) => `
const vm = require('node:vm');
const { workerData } = require('node:worker_threads');
const shared = new BigInt64Array(workerData[${JSON.stringify(sharedKey)}]);
const runInContext = vm.Script.prototype.runInContext;
vm.Script.prototype.runInContext = function (context, options) {
  if (options === undefined || options.timeout === undefined) return runInContext.call(this, context, options);
  const { timeout, ...untimed } = options;
  const outermost = Atomics.load(shared, ${slot.inCall}) === 0n;
  if (outermost) {
    Atomics.add(shared, ${slot.calls}, 1n);
    Atomics.store(shared, ${slot.inCall}, 1n);
  }
  try {
    return runInContext.call(this, context, untimed);
  } finally {
    if (outermost) Atomics.store(shared, ${slot.inCall}, 0n);
  }
};
require(${JSON.stringify(sdkThreadPath)});
`;

interface WatchedThread {
  thread: workerThreads.Worker;
  shared: BigInt64Array;
  limitMs: number;
  logger: Logger;
  /** The call in progress when the watchdog last looked, and when (its own monotonic clock) it first saw it. */
  seen?: { call: bigint; at: number };
}

export interface WorkflowCallWatchdog {
  /** Calls into the sandbox the watched threads have made (a test's proof that the watchdog is in place). */
  calls(): number;
}

const watched = new Set<WatchedThread>();
let settings: { limitMs: number; logger: Logger } | undefined;
let checking: NodeJS.Timeout | undefined;
const everyMs = 250;
let lastLook = 0;

/**
 * No clock is shared with the thread: a call counts as stuck when the same call is still in progress after the limit,
 * on the main thread's clock. A look that comes late (the process was paused, a laptop slept, the main thread was
 * held up) starts every observation again, so that only time the watchdog saw pass counts.
 */
function check(): void {
  const now = performance.now();
  const late = now - lastLook > 4 * everyMs;
  lastLook = now;
  for (const entry of watched) {
    if (late) entry.seen = undefined;
    const inCall = Atomics.load(entry.shared, slot.inCall) === 1n;
    const call = Atomics.load(entry.shared, slot.calls);
    if (!inCall) entry.seen = undefined;
    else if (entry.seen?.call !== call) entry.seen = { call, at: now };
    else if (now - entry.seen.at > entry.limitMs) stall(entry, now - entry.seen.at);
  }
}

function stall(entry: WatchedThread, ranMs: number): void {
  watched.delete(entry);
  entry.logger.fatal(
    { limitMs: entry.limitMs, ranMs: Math.round(ranMs) },
    `a call into the workflow sandbox has run ${Math.round(ranMs)} ms without returning (the limit is ` +
      `${entry.limitMs} ms): case code that never returns. Ending the workflow thread; the worker stops and its ` +
      `supervisor starts it again. The Temporal UI shows the case as a workflow task that timed out.`,
  );
  void entry.thread.terminate();
}

/** The SDK's workflow threads, started with the prelude; any other thread as asked. */
class WatchedWorker extends workerThreads.Worker {
  constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
    const path = typeof filename === 'string' ? filename : filename.pathname;
    if (!settings || options?.eval || !sdkWorkflowThread.test(path)) {
      super(filename, options);
      return;
    }
    const shared = new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
    const workerData: unknown = { ...(options?.workerData as object | undefined), [sharedKey]: shared };
    super(threadPrelude(path), { ...options, eval: true, workerData });
    const entry: WatchedThread = { thread: this, shared: new BigInt64Array(shared), ...settings };
    watched.add(entry);
    this.once('exit', () => watched.delete(entry));
    checking ??= setInterval(check, everyMs).unref();
  }
}

/**
 * Watches the workflow threads of every worker created after this call; `undefined` leaves later threads the SDK's
 * timeout on every call. Threads keep the limit and logger they started with. Call before `Worker.create`.
 */
export function watchWorkflowCalls(options: { limitMs: number; logger: Logger } | undefined): WorkflowCallWatchdog {
  settings = options;
  if (workerThreads.Worker !== WatchedWorker) workerThreads.Worker = WatchedWorker;
  return {
    calls: () => [...watched].reduce((sum, entry) => sum + Number(Atomics.load(entry.shared, slot.calls)), 0),
  };
}
