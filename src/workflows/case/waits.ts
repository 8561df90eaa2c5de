/**
 * A wait with a deadline: the party waited on is reminded, the wait escalates up the policy's ladder and, with the
 * ladder exhausted, puts the case on hold. Every wait of a case goes through `waitFor`.
 */
import { CancelledFailure, condition } from '@temporalio/workflow';
import type { PendingAction } from '../../domain/case';
import { escalationTarget, nextWaitStep } from '../../domain/deadlines';
import { steps } from '../../domain/idempotency-keys';
import { newPendingAction, type PendingActionSpec } from '../../domain/pending-actions';
import { recipients } from '../../domain/recipients';
import { partners } from './activities';
import { system, type CaseRun } from './run';

export type WaitSpec = PendingActionSpec;

export interface WaitHooks {
  /** Sends reminder number `reminder`; by default the party waited on is reminded by a staff notice. */
  remind?: (reminder: number, action: PendingAction) => Promise<unknown>;
  /** A count that rises when something (an incident, a missed visit) must escalate at once. */
  urgentCount?: () => number;
  /** With the ladder exhausted: put the case on hold (default), or stay with the top of the ladder. */
  whenExhausted?: 'hold' | 'stay';
}

export function openPending(run: CaseRun, spec: WaitSpec): PendingAction {
  const { state } = run;
  const existing = state.pending.find((action) => action.id === spec.id);
  if (existing) return existing;
  const action = newPendingAction(spec, Date.now(), run.policy);
  state.pending.push(action);
  run.syncSearchAttributes();
  return action;
}

export function closePending(run: CaseRun, id: string): void {
  run.state.pending = run.state.pending.filter((action) => action.id !== id);
  run.syncSearchAttributes();
}

export async function escalate(run: CaseRun, action: PendingAction, cause: string): Promise<void> {
  const { state, policy } = run;
  const level = Math.min(action.escalationLevel + 1, policy.escalationLadder.length);
  if (level === action.escalationLevel) return;
  action.escalationLevel = level;
  const to = escalationTarget(level, policy);
  state.escalations.push({ pendingActionId: action.id, level, to, at: run.now() });
  run.record('escalated', system, `${action.kind} (${cause}) to ${to}`, { level, to, waitingOn: action.waitingOn });
  run.syncSearchAttributes();
  await partners.notify({
    caseNumber: run.caseNumber,
    kind: 'escalation',
    to: recipients.escalation(to, state.coordinator.id),
    variables: { stage: state.stage, waitingOn: action.waitingOn, action: action.kind, cause, level: String(level) },
    step: steps.waitNotice('escalation', level, action),
  });
}

export async function waitFor(
  run: CaseRun,
  spec: WaitSpec,
  satisfied: () => boolean,
  hooks: WaitHooks = {},
): Promise<void> {
  const { state, policy } = run;
  const stage = state.stage;
  const action = openPending(run, spec);
  let urgentSeen = hooks.urgentCount?.() ?? 0;
  const urgent = () => (hooks.urgentCount?.() ?? 0) > urgentSeen;
  for (;;) {
    if (satisfied()) {
      closePending(run, action.id);
      return;
    }
    const next = nextWaitStep(action, policy.waits[spec.wait], policy);
    const staying = next.kind === 'exhausted' && hooks.whenExhausted === 'stay';
    const timeout = staying ? undefined : Math.max(1, next.at - Date.now());
    const woken = await condition(
      () => satisfied() || state.stage !== stage || urgent() || run.continueAsNewDue(),
      timeout as number,
    );
    if (state.stage !== stage) throw new CancelledFailure('the case moved on');
    if (satisfied()) continue;
    if (urgent()) {
      urgentSeen = hooks.urgentCount?.() ?? 0;
      await escalate(run, action, 'reported');
      continue;
    }
    if (run.continueAsNewDue()) throw new CancelledFailure('continue-as-new');
    if (woken) continue;
    if (next.kind === 'reminder') {
      action.remindersSent = next.reminder;
      run.record('reminder-sent', system, `${action.kind} ${action.party ?? action.waitingOn}`, {
        reminder: next.reminder,
      });
      if (hooks.remind) await hooks.remind(next.reminder, action);
      else
        await partners.notify({
          caseNumber: run.caseNumber,
          kind: 'reminder',
          to: recipients.reminder(action.waitingOn, action.party, state.coordinator.id),
          variables: { stage: state.stage, action: action.kind, dueAt: action.dueAt },
          step: steps.waitNotice('reminder', next.reminder, action),
        });
    } else if (next.kind === 'escalation') {
      await escalate(run, action, 'deadline passed');
    } else {
      run.putOnHold(system, `no answer from ${action.waitingOn} for ${action.kind} after the escalation ladder`);
      throw new CancelledFailure('on hold');
    }
  }
}
