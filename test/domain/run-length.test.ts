import { beginsInNewRun, newRunBeforeStageAfterEvents, thresholdBeforeTheSetting } from '../../src/domain/run-length';
import { defaultPolicy, policySchema } from '../../src/domain/policy';

describe('when a stage begins in a new run', () => {
  it('begins one in a new run once the history has more events than the policy allows, by default 30', () => {
    expect(defaultPolicy.newRunBeforeStageAfterEvents).toBe(30);
    expect(newRunBeforeStageAfterEvents).toBe(30);
    expect(beginsInNewRun(30, defaultPolicy)).toBe(false);
    expect(beginsInNewRun(31, defaultPolicy)).toBe(true);
  });

  it('begins the stage a guardian answers in a short run, and never a new run from a new run’s first task', () => {
    // The recorded happy path enters verification at event 44 and its consent at 57 (happy-path-settled-audit-batch):
    // both past 30. A new run's first task ends by event 10.
    expect(beginsInNewRun(44, defaultPolicy)).toBe(true);
    expect(beginsInNewRun(57, defaultPolicy)).toBe(true);
    expect(beginsInNewRun(10, defaultPolicy)).toBe(false);
  });

  it('takes the deployment’s threshold, and 50 for a case whose policy predates the setting', () => {
    expect(beginsInNewRun(200, { newRunBeforeStageAfterEvents: 500 })).toBe(false);
    expect(thresholdBeforeTheSetting).toBe(50);
    expect(beginsInNewRun(50, {})).toBe(false);
    expect(beginsInNewRun(51, {})).toBe(true);
    // A case started under the old default carries 50 in its input, so it keeps its threshold too.
    expect(beginsInNewRun(44, { newRunBeforeStageAfterEvents: 50 })).toBe(false);
  });

  it('refuses a threshold a new run could reach in its first task', () => {
    expect(policySchema.safeParse({ newRunBeforeStageAfterEvents: 29 }).success).toBe(false);
    expect(policySchema.parse({ newRunBeforeStageAfterEvents: 30 }).newRunBeforeStageAfterEvents).toBe(30);
  });
});
