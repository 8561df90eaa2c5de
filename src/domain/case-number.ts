/**
 * Case numbers: `HW-<year>-<6-digit serial>-<check letter>`, e.g. `HW-2026-000123-K`.
 * The check letter is a weighted sum of the ten digits modulo 23 (a prime): any single mistyped digit and
 * any swap of two different digits changes it, because every weight is distinct and non-zero modulo 23.
 */
const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXY'; // 23 letters: no I, O or Z, which read as digits

export const CASE_NUMBER_PATTERN = /^HW-(\d{4})-(\d{6})-([A-HJ-NP-Y])$/;

export function checkLetter(digits: string): string {
  let sum = 0;
  for (let position = 0; position < digits.length; position += 1) {
    sum += (position + 1) * Number(digits[position]);
  }
  return CHECK_LETTERS[sum % CHECK_LETTERS.length] as string;
}

export function formatCaseNumber(year: number, serial: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999)
    throw new RangeError(`serial out of range: ${serial}`);
  const digits = `${year}${String(serial).padStart(6, '0')}`;
  return `HW-${year}-${digits.slice(4)}-${checkLetter(digits)}`;
}

export function isValidCaseNumber(candidate: string): boolean {
  const match = CASE_NUMBER_PATTERN.exec(candidate);
  if (!match) return false;
  return checkLetter(`${match[1]}${match[2]}`) === match[3];
}

export function workflowIdFor(caseNumber: string): string {
  return `case-${caseNumber}`;
}
