/**
 * The workflow code a worker runs: the case workflow, bundled with its sandbox settings (src/workflows/sandbox.ts).
 * Every bundle (the Docker image's, the tests', the benchmarks', a worker's that bundles at start) is built here.
 */
import { bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';

export interface CaseBundleOptions extends Pick<BundleOptions, 'logger'> {
  /** Interceptors for tests that build a changed workflow on top of the real one. */
  extraInterceptorModules?: string[];
  /** Keep stack frames in workflow code (slower; for finding where an error was thrown). */
  stackTraces?: boolean;
}

export async function bundleCaseWorkflows(options: CaseBundleOptions = {}): Promise<string> {
  const stackTraces = options.stackTraces ?? process.env.HOMEWARD_WORKFLOW_STACKS === '1';
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    ...(stackTraces ? {} : { preloadModules: [require.resolve('../workflows/sandbox')] }),
    ...(options.extraInterceptorModules ? { workflowInterceptorModules: options.extraInterceptorModules } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return code;
}
