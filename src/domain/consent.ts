import type { Child, Claimant } from './registration';
import type { ConsentRecord } from './case';
import { ageOn } from './age';
import { claimantIdOf } from './identification';
import type { CasePolicy } from './policy';

export interface ConsentQuestion {
  child: Pick<Child, 'birthDate' | 'estimatedAgeYears'>;
  claimants: Pick<Claimant, 'id' | 'isLegalGuardian'>[];
  policy: Pick<CasePolicy, 'childConsentAge' | 'adultAge'>;
  now: string;
  registeredAt: string;
}

/**
 * Whose consent the case needs: a person of adult age alone; otherwise every legal guardian, and the child too
 * from the policy's consent age.
 */
export function consentsRequired(question: ConsentQuestion): ConsentRecord[] {
  const age = ageOn(question.child, question.now, question.registeredAt);
  if (age >= question.policy.adultAge) return [{ consenteeId: 'child', role: 'adult' }];
  const guardians: ConsentRecord[] = question.claimants.flatMap((claimant, index) =>
    claimant.isLegalGuardian ? [{ consenteeId: claimantIdOf(claimant, index), role: 'guardian' as const }] : [],
  );
  return age >= question.policy.childConsentAge ? [...guardians, { consenteeId: 'child', role: 'child' }] : guardians;
}

export type ConsentStatus = 'complete' | 'refused' | 'waiting';

export function consentStatus(consents: ConsentRecord[]): ConsentStatus {
  if (consents.some((consent) => consent.decision === 'refused' || consent.decision === 'withdrawn')) return 'refused';
  return consents.length > 0 && consents.every((consent) => consent.decision === 'given') ? 'complete' : 'waiting';
}
