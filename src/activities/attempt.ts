import { Context } from '@temporalio/activity';
import type { SendAttempt } from '../notifications';

/**
 * The activity attempt the calling code runs in (undefined outside one). Temporal schedules an activity's next
 * attempt only after the one before it has failed or timed out, so a higher attempt of one sender means the lower
 * one has ended.
 */
export function currentAttempt(): SendAttempt | undefined {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return undefined;
  }
  const { workflowExecution, activityId, attempt } = context.info;
  return workflowExecution ? { sender: `${workflowExecution.runId}/${activityId}`, attempt } : undefined;
}
