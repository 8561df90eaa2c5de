/**
 * How long one run of a case grows before the case goes on in a new run (continue-as-new, carrying its state).
 *
 * A worker that no longer holds a case in its cache replays the run's whole history before it can act on a message
 * that comes to it: about 0.6 ms of the worker's time per event (bench/RESULTS.md section 2). Messages come while a
 * case waits, and a case waits at the start of a stage: for a lab, a guardian, a partner or a person's decision. So
 * a stage that would begin with more than `newRunBeforeStageAfterEvents` events behind it begins in a new run, whose
 * history holds only what happens from then on. A run's first task is about ten events, so a new run never begins
 * another at once. A child tested for DNA waits for the lab in its first run (at about 40 events) and begins its
 * verification in the next, so the reviewer and then the guardian meet a run of about 25 events. A child without a
 * test begins its verification or its consent in a second run, so the guardian's answer meets about 25 events where
 * it met 54 under a threshold of 50 (bench/RESULTS.md section 3). A run publishes its last audit batch before the
 * next begins (case/changes.ts, `auditedBeforeNewRun`).
 *
 * Within a stage, `continueAsNewAfterEvents` still bounds a run that waits a long time and grows by reminders.
 */
export const newRunBeforeStageAfterEvents = 30;

/**
 * The threshold of a case whose policy predates the setting. A case's policy is part of its input, so a case started
 * under 50 keeps 50 in every run, and one started before the setting existed keeps this.
 */
export const thresholdBeforeTheSetting = 50;

/**
 * Whether a stage that begins now, with `historyLength` events in the run, begins in a new run. Cases started
 * before the setting existed have none in their policy: they keep the threshold they ran under.
 */
export function beginsInNewRun(historyLength: number, policy: { newRunBeforeStageAfterEvents?: number }): boolean {
  return historyLength > (policy.newRunBeforeStageAfterEvents ?? thresholdBeforeTheSetting);
}
