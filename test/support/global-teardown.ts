import { rmSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { homewardDevServer?: TestWorkflowEnvironment }).homewardDevServer?.teardown();
  if (process.env.HOMEWARD_WORKFLOW_BUNDLE) rmSync(process.env.HOMEWARD_WORKFLOW_BUNDLE, { force: true });
}
