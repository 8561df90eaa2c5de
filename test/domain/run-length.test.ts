import { beginsInNewRun, newRunBeforeStageAfterEvents } from '../../src/domain/run-length';
import { defaultPolicy, policySchema } from '../../src/domain/policy';

describe('when a stage begins in a new run', () => {
  it('begins one in a new run once the history has more events than the policy allows, by default 50', () => {
    expect(defaultPolicy.newRunBeforeStageAfterEvents).toBe(50);
    expect(beginsInNewRun(50, defaultPolicy)).toBe(false);
    expect(beginsInNewRun(51, defaultPolicy)).toBe(true);
  });

  it('keeps a new child’s first stages in one run: a new run’s first task is far below the threshold', () => {
    // The recorded happy path enters verification at event 44 and its consent at 57 (happy-path-settled-audit-batch),
    // and a new run's first task ends by event 10.
    expect(beginsInNewRun(44, defaultPolicy)).toBe(false);
    expect(beginsInNewRun(57, defaultPolicy)).toBe(true);
    expect(beginsInNewRun(10, { newRunBeforeStageAfterEvents: 30 })).toBe(false);
  });

  it('takes the deployment’s threshold, and the default for a case whose policy predates the setting', () => {
    expect(beginsInNewRun(200, { newRunBeforeStageAfterEvents: 500 })).toBe(false);
    expect(beginsInNewRun(newRunBeforeStageAfterEvents + 1, {})).toBe(true);
  });

  it('refuses a threshold a new run could reach in its first task', () => {
    expect(policySchema.safeParse({ newRunBeforeStageAfterEvents: 29 }).success).toBe(false);
    expect(policySchema.parse({ newRunBeforeStageAfterEvents: 30 }).newRunBeforeStageAfterEvents).toBe(30);
  });
});
