/** The production-style stack every benchmark measures, with the worker's cache as the benchmarks set it. */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { startProductionStack, type ProductionStack, type StackOptions } from '../../test/support/production-stack';
import { testKeys } from '../../test/support/stack';
import { say } from './measure';

export { consentLinkFor, type ProductionStack as BenchStack } from '../../test/support/production-stack';

/** The deployment's worker settings, which each BENCH_ variable below may override. */
const deployed = loadConfig({}).worker;

/** Workflows the worker caches: the deployment default unless BENCH_WORKER_CACHE says otherwise. */
export const workerCache = Number(process.env.BENCH_WORKER_CACHE ?? deployed.maxCachedWorkflows);

/** How the worker guards calls into the workflow sandbox: the deployment default unless BENCH_WORKFLOW_CALL_GUARD says. */
export const workflowCallGuard = process.env.BENCH_WORKFLOW_CALL_GUARD ?? deployed.workflowCallGuard;

/** How far the worker's V8 heaps grow past live data: the deployment default unless BENCH_WORKER_HEAP_GROWING_PERCENT says. */
export const heapGrowingPercent = Number(process.env.BENCH_WORKER_HEAP_GROWING_PERCENT ?? deployed.heapGrowingPercent);

/** The worker's settings a figure depends on, as a report's heading names them. */
export const workerSettings =
  `worker cache ${workerCache} workflows, ` +
  `workflow calls guarded ${workflowCallGuard === 'watchdog' ? 'by one watchdog' : 'per call'}, ` +
  (heapGrowingPercent > 0 ? `V8 heaps grow ${heapGrowingPercent}% past live data` : `V8's own heap growth`);

export const keys = testKeys;

let runtimeQuiet = false;

export function startBenchStack(options: StackOptions): Promise<ProductionStack> {
  if (!runtimeQuiet) {
    // The benchmark's own workers (the bare baseline, a replay) would print every state change between progress lines.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeQuiet = true;
  }
  return startProductionStack({
    say,
    ...options,
    environment: {
      WORKER_MAX_CACHED_WORKFLOWS: String(workerCache),
      WORKER_WORKFLOW_CALL_GUARD: workflowCallGuard,
      WORKER_HEAP_GROWING_PERCENT: String(heapGrowingPercent),
      ...options.environment,
    },
  });
}
