/** Workflows for the workflow-call watchdog's test (test/e2e/workflow-call-watchdog.test.ts). */
import { sleep } from '@temporalio/workflow';

/** Returns after a timer: two workflow tasks, each a few calls into the sandbox. */
export async function returnsAfterATimer(): Promise<string> {
  await sleep(10);
  return 'returned';
}

/** Code that never returns: the defect the watchdog exists for. */
export async function neverReturns(): Promise<void> {
  for (let turns = 0; turns >= 0; turns = (turns + 1) % 1000);
}
