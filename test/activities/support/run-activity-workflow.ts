/** A test workflow that runs one of Homeward's activities by name, `times` times, under a fast retry policy. */
import { proxyActivities } from '@temporalio/workflow';

type AnyActivities = Record<string, (input: unknown) => Promise<unknown>>;

export async function runActivity(name: string, input: unknown, times: number): Promise<unknown[]> {
  const activities = proxyActivities<AnyActivities>({
    startToCloseTimeout: '5s',
    retry: { initialInterval: '50ms', backoffCoefficient: 1, maximumAttempts: 5 },
  });
  const results: unknown[] = [];
  for (let run = 0; run < times; run += 1) results.push(await activities[name]!(input));
  return results;
}
