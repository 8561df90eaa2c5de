/** Identification and record checks: the details a case needs, and what the civil, medical and school registries say. */
import { condition } from '@temporalio/workflow';
import type { RegistryName } from '../../../domain/case';
import { dnaMatched, dnaRequired } from '../../../domain/dna';
import { missingDetails } from '../../../domain/identification';
import { afterRecordChecks } from '../../../domain/next-step';
import { documentReferenceFor, recordCheckRound, registries, registryAskAgainAt } from '../../../domain/record-checks';
import { partners } from '../activities';
import { system, type CaseRun } from '../run';
import { closePending, escalate, openPending, waitFor } from '../waits';

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
  const documentReference = documentReferenceFor(registry, run.registration.documents);
  const askAgainAt = registryAskAgainAt(action, policy.waits.recordCheck);
  for (let attempt = 1; ; attempt++) {
    const result = await partners.checkRecord({
      caseNumber: run.caseNumber,
      registry,
      attempt,
      round: recordCheckRound(state.disputes),
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
  state.dna.required = decision.required;
  state.dna.reasons = decision.reasons;
  run.record(
    'record-checks-completed',
    system,
    state.recordChecks.map((check) => `${check.registry}: ${check.outcome}`).join(', '),
  );
  const next = afterRecordChecks(decision.required, dnaMatched(state.dna.samples));
  if (next === 'dna-testing') run.record('dna-required', system, decision.reasons.join(', '));
  run.setStage(next);
}
