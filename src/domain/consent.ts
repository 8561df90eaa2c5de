import type { Child, Claimant, Language } from './registration';
import type { ConsentRecord } from './case';
import { ageOn } from './age';
import { claimantIdOf } from './claimant-id';
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

/** Who a consent waits on, and who may answer it: a guardian, or the child (a young adult answers as the child). */
export function consenteeRole(consent: Pick<ConsentRecord, 'role'>): 'guardian' | 'child' {
  return consent.role === 'guardian' ? 'guardian' : 'child';
}

/** Where a consent request goes: the guardian's or the child's own email, or nowhere (it is delivered in person). */
export function consenteeContact(
  registration: { child: Pick<Child, 'email' | 'language'>; claimants: Pick<Claimant, 'id' | 'email' | 'language'>[] },
  consent: Pick<ConsentRecord, 'role' | 'consenteeId'>,
): { address: string; language: Language } | undefined {
  const { child, claimants } = registration;
  if (consent.role !== 'guardian') return child.email ? { address: child.email, language: child.language } : undefined;
  const claimant = claimants.find((candidate, index) => claimantIdOf(candidate, index) === consent.consenteeId);
  return claimant?.email ? { address: claimant.email, language: claimant.language } : undefined;
}

/** A refused or withdrawn consent asked again after a best-interests review: a new round, unanswered. */
export function consentAskedAgain(consent: ConsentRecord): ConsentRecord {
  if (consent.decision !== 'refused' && consent.decision !== 'withdrawn') return consent;
  const { decision: _decision, at: _at, requestedAt: _requestedAt, ...kept } = consent;
  return { ...kept, round: (consent.round ?? 1) + 1 };
}
