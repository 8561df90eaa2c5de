/** Identification and record checks: the details a case needs, and what the civil, medical and school registries say. */
import { condition } from '@temporalio/workflow';
import type { RegistryName } from '../../../domain/case';
import { dnaRequired } from '../../../domain/dna';
import { missingDetails } from '../../../domain/identification';
import { partners } from '../activities';
import { system, type CaseRun } from '../run';
import { closePending, escalate, openPending, waitFor } from '../waits';

const registries: RegistryName[] = ['civil', 'medical', 'school'];

export async function identification(run: CaseRun): Promise<void> {
  const { state, policy } = run;
  const missing = () => missingDetails(run.registration, policy, run.now(), state.registeredAt);
  if (missing().length > 0) {
    if (!state.identification) {
      state.identification = { missing: missing() };
      run.record('details-requested', system, missing().join(', '));
    }
    await waitFor(
      run,
      { id: 'identity-details', kind: 'identity-details', waitingOn: 'coordinator', wait: 'identification' },
      () => missing().length === 0,
    );
  }
  state.identification = { missing: [], completedAt: run.now() };
  run.record('identification-completed', system);
  run.setStage('record-checks');
}

async function checkRegistry(run: CaseRun, registry: RegistryName): Promise<void> {
  const { state, policy } = run;
  const action = openPending(run, {
    id: `record-check:${registry}`,
    kind: 'record-check',
    waitingOn: 'registry',
    party: registry,
    wait: 'recordCheck',
  });
  const documents = run.registration.documents ?? {};
  const documentReference = {
    civil: documents.civilRegistryReference,
    medical: documents.medicalRecordReference,
    school: documents.schoolRecordReference,
  }[registry];
  const since = Date.parse(action.since);
  const due = Date.parse(action.dueAt);
  // An unavailable registry is asked again at each reminder point and at the deadline, then escalated.
  const askAgainAt = [...policy.waits.recordCheck.remindAt.map((fraction) => since + fraction * (due - since)), due];
  for (let attempt = 1; ; attempt++) {
    const result = await partners.checkRecord({
      caseNumber: run.caseNumber,
      registry,
      attempt,
      round: state.disputes.filter((dispute) => dispute.decision?.decision === 're-verify-records').length + 1,
      ...(documentReference ? { documentReference } : {}),
    });
    if (result.outcome !== 'unavailable' || attempt > askAgainAt.length) {
      state.recordChecks.push({
        registry,
        outcome: result.outcome,
        at: run.now(),
        ...(result.reference ? { reference: result.reference } : {}),
      });
      run.record('record-checked', system, `${registry}: ${result.outcome}`, { registry, outcome: result.outcome });
      if (result.outcome === 'unavailable') await escalate(run, action, `${registry} registry unavailable`);
      closePending(run, action.id);
      return;
    }
    const at = askAgainAt[attempt - 1]!;
    await condition(() => false, Math.max(1, at - Date.now()));
    if (attempt <= policy.waits.recordCheck.remindAt.length) action.remindersSent = attempt;
  }
}

export async function recordChecks(run: CaseRun): Promise<void> {
  const { state, policy } = run;
  const unchecked = registries.filter((registry) => !state.recordChecks.some((check) => check.registry === registry));
  await Promise.all(unchecked.map((registry) => checkRegistry(run, registry)));
  if (run.stageMoved()) return;
  const decision = dnaRequired({
    child: run.registration.child,
    recordChecks: state.recordChecks,
    coordinatorRequested: state.dna.reasons.includes('coordinator-request'),
    policy,
    now: run.now(),
    registeredAt: state.registeredAt,
  });
  const matched = state.dna.samples.some((sample) => sample.result?.outcome === 'match');
  state.dna.required = decision.required;
  state.dna.reasons = decision.reasons;
  run.record(
    'record-checks-completed',
    system,
    state.recordChecks.map((check) => `${check.registry}: ${check.outcome}`).join(', '),
  );
  if (decision.required && !matched) {
    run.record('dna-required', system, decision.reasons.join(', '));
    run.setStage('dna-testing');
  } else run.setStage('verification');
}
