import type { Child } from './registration';

const YEAR_MS = 365.25 * 86_400_000;

/**
 * The child's age in whole years on `at`: from the birth date when known, otherwise the estimate given at
 * registration plus the years since.
 */
export function ageOn(child: Pick<Child, 'birthDate' | 'estimatedAgeYears'>, at: string, registeredAt: string): number {
  const now = new Date(at);
  if (child.birthDate) {
    const birth = new Date(`${child.birthDate}T00:00:00Z`);
    let years = now.getUTCFullYear() - birth.getUTCFullYear();
    const beforeBirthday =
      now.getUTCMonth() < birth.getUTCMonth() ||
      (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
    if (beforeBirthday) years -= 1;
    return Math.max(0, years);
  }
  const elapsed = Math.max(0, now.getTime() - new Date(registeredAt).getTime());
  return (child.estimatedAgeYears ?? 0) + Math.floor(elapsed / YEAR_MS);
}
