/**
 * Whether a case's departure waits for its health summary, by the policy's rule for its route, and whether the
 * summary is ready: complete and reviewed by a clinician. Pure and zod-free: the case workflow decides here.
 */
import type { CaseState } from './case';
import type { CasePolicy } from './policy';

export function departureNeedsHealthSummary(policy: CasePolicy, route: CaseState['route']): boolean {
  // Cases started before the rule existed carry a policy without it.
  const rules = policy.healthSummaryBeforeDeparture ?? {};
  const to = route.to ?? '*';
  for (const rule of [`${route.from}>${to}`, `${route.from}>*`, `*>${to}`, '*>*', '*'])
    if (Object.hasOwn(rules, rule)) return rules[rule] === true;
  return false;
}

export function healthSummaryReady(state: Pick<CaseState, 'healthSummary'>): boolean {
  return state.healthSummary?.complete === true && state.healthSummary.reviewed;
}
