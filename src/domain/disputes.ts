/**
 * Disputes and best-interests reviews: how one is numbered, where a reviewer's decision takes the case, and what
 * else that decision changes (records checked afresh, DNA required, refused consents asked again).
 */
import type { CaseOutcome, CaseStage, CaseState, Dispute, DisputeDecision } from './case';
import { consentAskedAgain } from './consent';

export const nextDisputeId = (disputes: unknown[]): string => `D${disputes.length + 1}`;

/** Where a case goes once a reviewer decides a dispute or best-interests review. */
export function afterDisputeDecision(
  dispute: Pick<Dispute, 'reason' | 'bestInterestsReview' | 'raisedInStage'>,
  decision: DisputeDecision,
): { stage: CaseStage; outcome?: CaseOutcome } {
  switch (decision) {
    case 'close-not-a-match':
      return { stage: 'closed', outcome: dispute.bestInterestsReview ? 'declined' : 'not-a-match' };
    case 're-verify-records':
      return { stage: 'record-checks' };
    case 're-verify-dna':
      return { stage: 'dna-testing' };
    case 'resume':
      switch (dispute.reason) {
        case 'dna-exclusion':
        case 'dna-inconclusive':
        case 'verification-rejected':
          return { stage: 'verification' };
        case 'consent-refused':
        case 'consent-withdrawn':
          return { stage: 'consent' };
        default:
          return { stage: dispute.raisedInStage ?? 'identification' };
      }
  }
}

/** What a case returning to `stage` after a decision starts again with: only the parts that change. */
export interface DecisionChanges {
  recordChecks?: CaseState['recordChecks'];
  dnaRequired?: true;
  consents?: CaseState['consents'];
}

export function decisionChanges(state: Pick<CaseState, 'consents'>, stage: CaseStage): DecisionChanges {
  if (stage === 'record-checks') return { recordChecks: [] };
  if (stage === 'dna-testing') return { dnaRequired: true };
  if (stage === 'consent') return { consents: state.consents.map(consentAskedAgain) };
  return {};
}
