/**
 * A pending action: what a case is waiting on, from whom and until when. Its deadline comes from the policy's wait;
 * reminders and the escalation ladder follow from it (deadlines.ts).
 */
import type { PendingAction, WaitingOn, WaitName } from './case';
import type { CasePolicy } from './policy';

export interface PendingActionSpec {
  /** Stable for the life of the wait, e.g. `consent:claimant-1`. */
  id: string;
  kind: string;
  waitingOn: WaitingOn;
  /** Claimant id, lab id or registry name, where the wait is on one party. */
  party?: string;
  /** Which of the policy's waits times it. */
  wait: WaitName;
}

/** A wait opened at `since` (epoch ms), due after the policy's deadline for its kind of wait. */
export function newPendingAction(
  spec: PendingActionSpec,
  since: number,
  policy: Pick<CasePolicy, 'waits'>,
): PendingAction {
  const action: PendingAction = {
    id: spec.id,
    kind: spec.kind,
    waitingOn: spec.waitingOn,
    since: new Date(since).toISOString(),
    dueAt: new Date(since + policy.waits[spec.wait].deadline).toISOString(),
    remindersSent: 0,
    escalationLevel: 0,
    wait: spec.wait,
  };
  if (spec.party !== undefined) action.party = spec.party;
  return action;
}
