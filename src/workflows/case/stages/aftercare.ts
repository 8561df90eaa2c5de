/** Aftercare: each follow-up visit falls due, is given to the coordinator as a task, and is awaited until completed. */
import { ActivityFailure, ApplicationFailure, CancelledFailure, condition } from '@temporalio/workflow';
import type { FollowUp } from '../../../domain/case';
import { steps } from '../../../domain/idempotency-keys';
import { recipients } from '../../../domain/recipients';
import { partners } from '../activities';
import { system, type CaseRun } from '../run';
import { waitFor } from '../waits';
import { changes } from '../changes';

async function followUp(run: CaseRun, visit: FollowUp): Promise<void> {
  const { state } = run;
  if (visit.status === 'scheduled') {
    const stage = state.stage;
    await condition(
      () => state.stage !== stage || visit.status !== 'scheduled' || run.continueAsNewDue(),
      Math.max(1, Date.parse(visit.dueAt) - Date.now()),
    );
    if (state.stage !== stage) throw new CancelledFailure('the case moved on');
    if (visit.status === 'scheduled' && run.continueAsNewDue()) throw new CancelledFailure('continue-as-new');
    if (visit.status === 'scheduled') {
      visit.status = 'due';
      run.record('follow-up-due', system, visit.id);
      await partners.notify({
        caseNumber: run.caseNumber,
        kind: 'follow-up-task',
        to: recipients.followUpTask(state.coordinator.id),
        variables: { followUpId: visit.id, dueAt: visit.dueAt },
        step: steps.followUpTask(visit.id),
      });
    }
  }
  await waitFor(
    run,
    { id: `follow-up:${visit.id}`, kind: 'follow-up', waitingOn: 'coordinator', party: visit.id, wait: 'followUp' },
    () => visit.status === 'completed',
    { urgentCount: () => visit.missedVisits ?? 0 },
  );
}

/**
 * A link to the summary, no health data: the clinician reads it through the API, where the read is logged. A mail
 * that cannot be sent is recorded for the coordinator, never a reason to hold a child already handed over.
 */
async function announceHealthSummary(run: CaseRun): Promise<void> {
  const summary = run.state.healthSummary;
  if (!summary?.receivingClinicianId || summary.announcedAt || !run.takes(changes.healthSummaryAnnounced)) return;
  try {
    await partners.announceHealthSummary({ caseNumber: run.caseNumber, clinicianId: summary.receivingClinicianId });
    summary.announcedAt = run.now();
    run.record('health-summary-announced', system, summary.receivingClinicianId);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause instanceof ApplicationFailure ? error.cause.message : (error.cause?.message ?? 'error');
    run.record('health-summary-not-announced', system, `${summary.receivingClinicianId}: ${cause}`);
  }
}

export async function aftercare(run: CaseRun): Promise<void> {
  await Promise.all([
    announceHealthSummary(run),
    ...run.state.followUps.filter((visit) => visit.status !== 'completed').map((visit) => followUp(run, visit)),
  ]);
  if (!run.stageMoved()) run.close('reunited', system);
}
