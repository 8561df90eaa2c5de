/**
 * When a wait reminds and escalates: reminders at the policy's fractions of the deadline, then one step up the
 * escalation ladder at the deadline and every escalation interval after it, then, with the ladder exhausted, the
 * case is put on hold for a person to pick up. Every wait ends in an action.
 */
import type { PendingAction } from './case';
import type { CasePolicy, EscalationLevel, WaitPolicy } from './policy';

export type WaitStep =
  | { kind: 'reminder'; at: number; reminder: number }
  | { kind: 'escalation'; at: number; level: number; to: EscalationLevel }
  | { kind: 'exhausted'; at: number };

type Ladder = Pick<CasePolicy, 'escalationLadder' | 'escalationInterval'>;
type Timing = Pick<PendingAction, 'since' | 'dueAt' | 'remindersSent' | 'escalationLevel'>;

export function nextWaitStep(action: Timing, wait: Pick<WaitPolicy, 'remindAt'>, policy: Ladder): WaitStep {
  const since = Date.parse(action.since);
  const due = Date.parse(action.dueAt);
  const remindAt = [...wait.remindAt].sort((a, b) => a - b);
  const fraction = remindAt[action.remindersSent];
  if (action.escalationLevel === 0 && fraction !== undefined)
    return { kind: 'reminder', at: since + fraction * (due - since), reminder: action.remindersSent + 1 };
  const level = action.escalationLevel + 1;
  const at = due + action.escalationLevel * policy.escalationInterval;
  const to = policy.escalationLadder[level - 1];
  return to ? { kind: 'escalation', at, level, to } : { kind: 'exhausted', at };
}

/** The next moment something happens on its own: the deadline, or the next escalation once it has passed. */
export function nextDeadlineOf(action: Timing, policy: Ladder): number {
  return Date.parse(action.dueAt) + action.escalationLevel * policy.escalationInterval;
}

export function escalationTarget(level: number, policy: Pick<CasePolicy, 'escalationLadder'>): EscalationLevel {
  const ladder = policy.escalationLadder;
  return ladder[Math.min(level, ladder.length) - 1] ?? ladder[0] ?? 'coordinator';
}

/** What operators see: whether anything is escalated, how far, and the next deadline across all waits. */
export function escalationSummary(
  pending: Timing[],
  policy: Ladder,
): { escalated: boolean; level: number; nextDeadline?: number } {
  const level = Math.max(0, ...pending.map((action) => action.escalationLevel));
  const deadlines = pending.map((action) => nextDeadlineOf(action, policy));
  return {
    escalated: level > 0,
    level,
    nextDeadline: deadlines.length > 0 ? Math.min(...deadlines) : undefined,
  };
}
