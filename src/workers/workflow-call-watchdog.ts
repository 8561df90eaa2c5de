/**
 * One watchdog per workflow thread in place of one OS thread per call into the workflow sandbox.
 *
 * The SDK (1.24.0) runs case code in a worker thread and calls into its sandbox with Node's `vm` and a `timeout`, so
 * that code stuck in a loop fails its workflow task instead of freezing the thread. Node enforces such a timeout by
 * creating an OS thread, with its own event loop, for every single call, and joining it afterwards (nodejs/node
 * #47739, still open). A workflow task makes four to six such calls. On this machine a call with a timeout costs
 * about 200 µs against 1 µs without, and under load the workflow thread spent half of its time waiting on them
 * (bench/RESULTS.md section 2, "sandbox calls").
 *
 * In the SDK's workflow thread, this file's code drops the per-call timeout and stamps each call's start in memory
 * shared with the worker's main thread instead. The main thread checks every few hundred milliseconds. A call that
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
const clockKey = 'homewardWorkflowCallClock';

/** The shared clock's slots: when the call in progress began (ms since the epoch; 0 while none runs), calls made. */
const slot = { startedAt: 0, calls: 1 } as const;

/**
 * Runs first in the SDK's workflow thread, then loads the SDK's own thread code. Plain JavaScript in a string: a
 * thread started from a file path does not get the TypeScript loader the tests and `npm run dev` use.
 */
const threadPrelude = (sdkThreadPath: string) => `
const vm = require('node:vm');
const { workerData } = require('node:worker_threads');
const clock = new BigInt64Array(workerData[${JSON.stringify(clockKey)}]);
const runInContext = vm.Script.prototype.runInContext;
vm.Script.prototype.runInContext = function (context, options) {
  if (options === undefined || options.timeout === undefined) return runInContext.call(this, context, options);
  const { timeout, ...untimed } = options;
  const outermost = Atomics.load(clock, ${slot.startedAt}) === 0n;
  if (outermost) Atomics.store(clock, ${slot.startedAt}, BigInt(Date.now()));
  Atomics.add(clock, ${slot.calls}, 1n);
  try {
    return runInContext.call(this, context, untimed);
  } finally {
    if (outermost) Atomics.store(clock, ${slot.startedAt}, 0n);
  }
};
require(${JSON.stringify(sdkThreadPath)});
`;

interface WatchedThread {
  thread: workerThreads.Worker;
  clock: BigInt64Array;
  limitMs: number;
  logger: Logger;
}

export interface WorkflowCallWatchdog {
  /** Calls into the sandbox the watched threads have made (a test's proof that the watchdog is in place). */
  calls(): number;
}

const watched = new Set<WatchedThread>();
let settings: { limitMs: number; logger: Logger } | undefined;
let checking: NodeJS.Timeout | undefined;

function check(): void {
  const now = Date.now();
  for (const entry of watched) {
    const startedAt = Number(Atomics.load(entry.clock, slot.startedAt));
    if (startedAt === 0 || now - startedAt <= entry.limitMs) continue;
    watched.delete(entry);
    entry.logger.fatal(
      { limitMs: entry.limitMs, ranMs: now - startedAt },
      `a call into the workflow sandbox has run ${now - startedAt} ms without returning (the limit is ` +
        `${entry.limitMs} ms): case code that never returns. Ending the workflow thread; the worker stops and its ` +
        `supervisor starts it again. The Temporal UI shows the case as a workflow task that timed out.`,
    );
    void entry.thread.terminate();
  }
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
    const workerData: unknown = { ...(options?.workerData as object | undefined), [clockKey]: shared };
    super(threadPrelude(path), { ...options, eval: true, workerData });
    const entry: WatchedThread = { thread: this, clock: new BigInt64Array(shared), ...settings };
    watched.add(entry);
    this.once('exit', () => watched.delete(entry));
    checking ??= setInterval(check, Math.min(250, settings.limitMs / 4)).unref();
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
    calls: () => [...watched].reduce((sum, entry) => sum + Number(Atomics.load(entry.clock, slot.calls)), 0),
  };
}
