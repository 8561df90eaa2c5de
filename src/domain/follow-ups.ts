/**
 * When an aftercare visit may be recorded. A visit is recorded as completed from a little before its due date (the
 * policy's early window) and as missed only once it is due: a six-month visit recorded on the day of the handover is
 * a mistake, and accepting it would close the case with its aftercare undone. Pure: the workflow's follow-up
 * validator calls it.
 */
import type { FollowUp } from './case';
import type { CasePolicy } from './policy';

const defaultEarlyWindow = 7 * 86_400_000;

/** Why the visit cannot be recorded as `outcome` at `now`, or undefined when it can. */
export function followUpNotYet(
  visit: Pick<FollowUp, 'id' | 'dueAt'>,
  outcome: 'completed' | 'missed',
  now: string,
  // Optional: cases started before the window existed carry a policy without it.
  policy: Partial<Pick<CasePolicy, 'followUpEarlyWindow'>>,
): string | undefined {
  const due = Date.parse(visit.dueAt);
  const at = Date.parse(now);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (outcome === 'missed')
    return at < due ? `follow-up ${visit.id} is due on ${day(due)}: it can be recorded as missed from then` : undefined;
  const earliest = due - (policy.followUpEarlyWindow ?? defaultEarlyWindow);
  return at < earliest
    ? `follow-up ${visit.id} is due on ${day(due)}: a visit can be recorded as completed from ${day(earliest)}`
    : undefined;
}

/** The aftercare visits, due at the policy's offsets from the handover (2 weeks, 3 and 6 months by default). */
export function followUpSchedule(handedOverAt: number, policy: Pick<CasePolicy, 'followUpsAfterHandover'>): FollowUp[] {
  return policy.followUpsAfterHandover.map((offset, index) => ({
    id: `follow-up-${index + 1}`,
    dueAt: new Date(handedOverAt + offset).toISOString(),
    status: 'scheduled',
  }));
}
