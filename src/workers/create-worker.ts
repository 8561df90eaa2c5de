import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Config } from '../config';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities/deps';
import { dataConverterFor } from '../temporal/connection';

export interface WorkerSetup {
  config: Config;
  address: string;
  deps: ActivityDeps;
  /** A prebuilt workflow bundle (tests, Docker image); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
}

export async function createWorker({ config, address, deps, workflowBundlePath }: WorkerSetup): Promise<Worker> {
  const connection = await NativeConnection.connect({ address });
  const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = workflowBundlePath
    ? { workflowBundle: { codePath: workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...workflows,
    activities: createActivities(deps),
    dataConverter: dataConverterFor(config),
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: config.worker.maxConcurrentWorkflowTasks,
    // On SIGTERM, activities in flight get this long to finish before they are cancelled and handed back.
    shutdownGraceTime: `${config.worker.shutdownGraceSeconds}s`,
  });
}
