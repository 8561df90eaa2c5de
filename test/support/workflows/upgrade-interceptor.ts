/**
 * A new build of the case workflow for the rolling-upgrade test: the real workflow with one change behind
 * `patched()`. A case started on this build notes in its memo that it took the new path (a command the old build
 * never gives); a case started on the old build replays without the patch marker, so the branch stays shut for it.
 * Replayed with the old build, a new case's history fails; an old case's replays with either build.
 */
import { patched, upsertMemo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const upgradePatchId = 'rolling-upgrade-memo';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        if (patched(upgradePatchId)) upsertMemo({ workflowBuild: upgradePatchId });
        return next(input);
      },
    },
  ],
});
