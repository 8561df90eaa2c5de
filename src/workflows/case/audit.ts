/**
 * The case's audit trail: every event appended to the registry, in order, with the case's state published beside it
 * for the API to read (src/registry/case-views.ts).
 *
 * The audit trail is written by regular activities: nothing a case records is written from inside a workflow task,
 * so a task that times out on a killed worker or whose completion the server refuses leaves nothing behind, and a
 * task's commands never depend on when an update arrives in it (bench/findings/README.md). Appends are idempotent
 * per (case, sequence), so a batch written twice, or by a run that has since continued as new, is harmless.
 */
import { condition } from '@temporalio/workflow';
import type { AuditBatchResult } from '../../activities/audit';
import type { CaseState } from '../../domain/case';
import { audit, auditInTask } from './activities';
import { system, type CaseRun } from './run';
import { changes } from './changes';

/** A copy of plain JSON state, taken when a batch is scheduled. */
const structuredCloneOf = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Survives continue-as-new through the cursor and the view's revision. */
export async function auditTrail(run: CaseRun): Promise<void> {
  const { state } = run;
  for (;;) {
    await condition(() => (state.auditedEvents ?? 0) < state.events.length || (run.viewDue && run.publishingViews));
    if (run.takes(changes.auditBatchWhenSettled)) await settled(run);
    const from = state.auditedEvents ?? 0;
    const events = state.events.slice(from);
    const viaActivity = run.takes(changes.auditTrailAsActivity);
    // Cases from this version publish their state to the registry with each audit batch (src/registry/case-views.ts).
    run.publishingViews = viaActivity && run.takes(changes.caseViews);
    let view: { revision: number; state: CaseState } | undefined;
    if (run.publishingViews) {
      run.viewDue = false;
      state.viewRevision = (state.viewRevision ?? 0) + 1;
      view = { revision: state.viewRevision, state: structuredCloneOf(state) };
    }
    run.batchInFlight = true;
    const result: AuditBatchResult | number = await (viaActivity ? audit : auditInTask).recordCaseEvents({
      caseNumber: run.caseNumber,
      fromSequence: from,
      events,
      ...(view ? { view } : {}),
    });
    run.batchInFlight = false;
    state.auditedEvents = from + events.length;
    // Histories from before refusals were reported hold a bare count here.
    const conflicts = typeof result === 'number' ? [] : result.conflicts;
    if (conflicts.length > 0) auditRefused(run, conflicts);
  }
}

/**
 * Resolves once the workflow task's code has run as far as it can. The SDK checks conditions right after each job,
 * before the microtasks the job set going have run, so a batch taken at once holds the message's event while the
 * stage it ended still moves the case on: the view the API reads showed the old stage, and the new one waited for
 * the next task and batch (bench/RESULTS.md section 2). Settled is two checks of conditions in a row with no new
 * event and no new stage between them: a condition resolved in the same check may still move the case after this
 * one resumes, and the second check sees it.
 */
async function settled(run: CaseRun): Promise<void> {
  const mark = () => `${run.state.events.length}:${run.state.stage}`;
  for (let quiet = 0; quiet < 2;) {
    const before = mark();
    await nextConditionCheck();
    quiet = mark() === before ? quiet + 1 : 0;
  }
}

/** Resolves at the SDK's next check of conditions, after the microtasks queued now have run. */
function nextConditionCheck(): Promise<void> {
  let asked = false;
  // `condition` asks once at the call, before it waits: that first answer is no.
  return condition(() => {
    const due = asked;
    asked = true;
    return due;
  });
}

/** Everything recorded has reached the audit trail, and the last view is published. */
export function auditCaughtUp(run: CaseRun): boolean {
  return (
    (run.state.auditedEvents ?? 0) >= run.state.events.length &&
    !run.batchInFlight &&
    !(run.viewDue && run.publishingViews)
  );
}

/**
 * The registry holds different events under some of this case's sequences (a defect or tampering): it kept the
 * case's own beside them. A person checks the trail before the case goes on.
 */
function auditRefused(run: CaseRun, conflicts: AuditBatchResult['conflicts']): void {
  const which = conflicts.map((conflict) => `${conflict.type} (#${conflict.sequence})`).join(', ');
  const reason = `the audit trail holds different events where this case recorded ${which}; the case's own are kept beside them: check the trail, then resume`;
  if (run.state.stage === 'closed' || run.state.stage === 'on-hold') run.record('audit-conflict', system, reason);
  else run.putOnHold(system, reason);
}
