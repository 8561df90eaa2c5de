import { rmSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { homewardDevServer?: TestWorkflowEnvironment }).homewardDevServer?.teardown();
  const bundle = process.env.HOMEWARD_WORKFLOW_BUNDLE;
  if (bundle) {
    rmSync(bundle, { force: true });
    rmSync(`${bundle}.serial-blocks`, { recursive: true, force: true });
  }
}
