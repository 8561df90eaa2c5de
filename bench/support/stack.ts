/** The production-style stack every benchmark measures, with the worker's cache as the benchmarks set it. */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../src/config';
import { startProductionStack, type ProductionStack, type StackOptions } from '../../test/support/production-stack';
import { testKeys } from '../../test/support/stack';
import { say } from './measure';

export { consentLinkFor, type ProductionStack as BenchStack } from '../../test/support/production-stack';

/** Workflows the worker caches: the deployment default unless BENCH_WORKER_CACHE says otherwise. */
export const workerCache = Number(process.env.BENCH_WORKER_CACHE ?? loadConfig({}).worker.maxCachedWorkflows);

/** How the worker guards calls into the workflow sandbox: the deployment default unless BENCH_WORKFLOW_CALL_GUARD says. */
export const workflowCallGuard = process.env.BENCH_WORKFLOW_CALL_GUARD ?? loadConfig({}).worker.workflowCallGuard;

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
      ...options.environment,
    },
  });
}
