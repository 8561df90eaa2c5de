import { MockActivityEnvironment } from '@temporalio/testing';
import { currentAttempt } from '../../src/activities/attempt';
import { heartbeatWhileRunning } from '../../src/workers/activity-heartbeats';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

function heartbeatsOf(environment: MockActivityEnvironment): () => number {
  let count = 0;
  environment.on('heartbeat', () => (count += 1));
  return () => count;
}

describe('the worker heartbeating for its activities', () => {
  it('heartbeats at a quarter of the heartbeat timeout while the activity runs, not at once, and stops after', async () => {
    const environment = new MockActivityEnvironment(
      { heartbeatTimeoutMs: 400 },
      { interceptors: [heartbeatWhileRunning] },
    );
    const heartbeats = heartbeatsOf(environment);
    // A call that answers within the first interval costs the server no heartbeat at all.
    await expect(environment.run(() => sleep(50).then(() => 'answered'))).resolves.toBe('answered');
    expect(heartbeats()).toBe(0);
    await expect(environment.run(() => sleep(650).then(() => 'checked'))).resolves.toBe('checked');
    const whileRunning = heartbeats();
    // One every 100 ms: timers on a loaded machine run late, so fewer than the six due.
    expect(whileRunning).toBeGreaterThanOrEqual(3);
    await sleep(300);
    expect(heartbeats()).toBe(whileRunning);
  });

  it('leaves an activity without a heartbeat timeout alone', async () => {
    const environment = new MockActivityEnvironment(
      { heartbeatTimeoutMs: undefined },
      { interceptors: [heartbeatWhileRunning] },
    );
    const heartbeats = heartbeatsOf(environment);
    await environment.run(() => sleep(300));
    expect(heartbeats()).toBe(0);
  });
});

describe("an activity's attempt", () => {
  it('names its sender by the run and activity ID, with its attempt number; outside an activity there is none', async () => {
    const environment = new MockActivityEnvironment({
      activityId: '17',
      attempt: 3,
      workflowExecution: { workflowId: 'case-HW-2026-000001-K', runId: 'run-1' },
    });
    await expect(environment.run(async () => currentAttempt())).resolves.toEqual({ sender: 'run-1/17', attempt: 3 });
    expect(currentAttempt()).toBeUndefined();
  });
});
