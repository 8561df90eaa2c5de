import type { Client } from '@temporalio/client';
import { setFlagsFromString } from 'node:v8';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createActivities } from '../activities';
import type { ActivityDeps } from '../activities/deps';
import { dataConverterFor } from '../temporal/connection';
import { heartbeatEveryMs, heartbeatWhileRunning } from './activity-heartbeats';
import { guardAgainstUnfinishedTasks } from './unfinished-task-guard';
import { watchWorkflowCalls } from './workflow-call-watchdog';
import { bundleCaseWorkflows } from './workflow-code';

export interface WorkerSetup {
  config: Config;
  address: string;
  deps: ActivityDeps;
  /** Reads a case's history when a query comes right after a task (./unfinished-task-guard.ts). */
  client: Client;
  logger: Logger;
  /** A prebuilt workflow bundle (tests, Docker image); otherwise the workflows are bundled at start. */
  workflowBundlePath?: string;
}

export async function createWorker(setup: WorkerSetup): Promise<Worker> {
  const { config, address, deps, workflowBundlePath } = setup;
  const connection = await NativeConnection.connect({ address });
  const workflows: Pick<WorkerOptions, 'workflowBundle'> = workflowBundlePath
    ? { workflowBundle: { codePath: workflowBundlePath } }
    : { workflowBundle: { code: await bundleCaseWorkflows() } };
  watchWorkflowCalls(
    config.worker.workflowCallGuard === 'watchdog'
      ? { limitMs: config.worker.workflowCallLimitSeconds * 1000, logger: setup.logger }
      : undefined,
  );
  // V8 reads this flag at every full collection of every isolate, the workflow threads Worker.create starts among them.
  if (config.worker.heapGrowingPercent > 0)
    setFlagsFromString(`--heap-growing-percent=${config.worker.heapGrowingPercent}`);
  const worker = await Worker.create({
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
    stickyQueueScheduleToStartTimeout: `${config.worker.stickyQueueTimeoutSeconds}s`,
    interceptors: { activity: [heartbeatWhileRunning] },
    maxHeartbeatThrottleInterval: heartbeatEveryMs,
  });
  if (config.worker.guardUnfinishedTasks)
    guardAgainstUnfinishedTasks(worker, { client: setup.client, logger: setup.logger });
  return worker;
}
