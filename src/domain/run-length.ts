/**
 * How long one run of a case grows before the case goes on in a new run (continue-as-new, carrying its state).
 *
 * A worker that no longer holds a case in its cache replays the run's whole history before it can act on a message
 * that comes to it: about 0.6 ms of the worker's time per event (bench/RESULTS.md section 2). Messages come while a
 * case waits, and a case waits at the start of a stage: for a lab, a guardian, a partner or a person's decision. So
 * a stage that would begin with more than `newRunBeforeStageAfterEvents` events behind it begins in a new run, whose
 * history holds only what happens from then on. A run's first task is about ten events, so a new run never begins
 * another at once. The history of a new child's first stages stays in one run. A child tested for DNA begins its
 * verification in the next (at about 55 events), so a guardian's answer meets a run of about 25 events; a child
 * without a test reaches the consent in its first run (under 50 events at its start) and begins its travel documents
 * in the next. A run publishes its last audit batch before the next begins (case/changes.ts,
 * `auditedBeforeNewRun`). At 60, a DNA-tested child's verification began in one run or the next by a few events, as
 * the audit batches fell, and a third of the consents met 80 (bench/RESULTS.md section 2).
 *
 * Within a stage, `continueAsNewAfterEvents` still bounds a run that waits a long time and grows by reminders.
 */
export const newRunBeforeStageAfterEvents = 50;

/**
 * Whether a stage that begins now, with `historyLength` events in the run, begins in a new run. Cases started
 * before the setting existed have none in their policy: they take the default.
 */
export function beginsInNewRun(historyLength: number, policy: { newRunBeforeStageAfterEvents?: number }): boolean {
  return historyLength > (policy.newRunBeforeStageAfterEvents ?? newRunBeforeStageAfterEvents);
}
