import type { Claimant, Registration } from './registration';
import { ageOn } from './age';
import type { CasePolicy } from './policy';

export type MissingDetail = 'document-references' | 'legal-guardian';

/** What the coordinator must still supply before records can be checked. */
export function missingDetails(
  registration: Pick<Registration, 'child' | 'claimants' | 'documents'>,
  policy: Pick<CasePolicy, 'adultAge'>,
  now: string,
  registeredAt: string,
): MissingDetail[] {
  const missing: MissingDetail[] = [];
  const documents = registration.documents ?? {};
  if (!documents.civilRegistryReference && !documents.medicalRecordReference && !documents.schoolRecordReference)
    missing.push('document-references');
  const minor = ageOn(registration.child, now, registeredAt) < policy.adultAge;
  if (minor && !registration.claimants.some((claimant) => claimant.isLegalGuardian)) missing.push('legal-guardian');
  return missing;
}

/**
 * Where the verified family lives: the country of the first legal guardian, else of the first claimant.
 * Never assumed from where the child is now.
 */
export function destinationOf(claimants: Pick<Claimant, 'country' | 'isLegalGuardian'>[]): string | undefined {
  return (claimants.find((claimant) => claimant.isLegalGuardian) ?? claimants[0])?.country;
}
