/**
 * When two birth records can be the same child, for the duplicate check: an exact date a week apart, with one digit
 * mistyped, or with day and month swapped; an estimated age within a year of the other's birth year.
 */
import type { Registration } from '../domain/registration';

export type BirthDateAgreement = 'same' | 'close' | 'estimated';

export interface BirthFacts {
  birthDate: string | null;
  yearFrom: number;
  yearTo: number;
}

export function birthFacts(child: Registration['child'], registeredAt: Date): BirthFacts {
  if (child.birthDate) {
    const year = Number(child.birthDate.slice(0, 4));
    return { birthDate: child.birthDate, yearFrom: year, yearTo: year };
  }
  const year = registeredAt.getUTCFullYear() - (child.estimatedAgeYears ?? 0);
  return { birthDate: null, yearFrom: year - 1, yearTo: year };
}

const DAY = 86_400_000;
const CLOSE_DAYS = 7;

/** Whether two birth records can be the same child: a week apart, one mistyped digit, or day and month swapped. */
export function birthDateAgreement(a: BirthFacts, b: BirthFacts): BirthDateAgreement | undefined {
  if (a.birthDate && b.birthDate) {
    if (a.birthDate === b.birthDate) return 'same';
    const apart = Math.abs(Date.parse(a.birthDate) - Date.parse(b.birthDate)) / DAY;
    const digitsA = a.birthDate.replace(/-/g, '');
    const digitsB = b.birthDate.replace(/-/g, '');
    const differing = [...digitsA].filter((digit, index) => digit !== digitsB[index]).length;
    const [yearA, monthA, dayA] = a.birthDate.split('-');
    const [yearB, monthB, dayB] = b.birthDate.split('-');
    const swapped = yearA === yearB && monthA === dayB && dayA === monthB;
    return apart <= CLOSE_DAYS || differing === 1 || swapped ? 'close' : undefined;
  }
  return a.yearFrom <= b.yearTo + 1 && b.yearFrom <= a.yearTo + 1 ? 'estimated' : undefined;
}

const isRealDate = (iso: string) => {
  const time = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === iso;
};

/**
 * Every real date `birthDateAgreement` takes for the same child as an exact `birthDate` (YYYY-MM-DD): the database
 * compares names only with cases born on one of them (or of an estimated age), about forty dates instead of years.
 * Undefined for a string that is no real date (registration refuses those): every date is then compared.
 */
export function agreeingBirthDates(birthDate: string): string[] | undefined {
  if (!isRealDate(birthDate)) return undefined;
  const dates = new Set<string>();
  const time = Date.parse(`${birthDate}T00:00:00Z`);
  for (let days = -CLOSE_DAYS; days <= CLOSE_DAYS; days += 1)
    dates.add(new Date(time + days * DAY).toISOString().slice(0, 10));
  const digits = birthDate.replace(/-/g, '');
  for (let index = 0; index < digits.length; index += 1) {
    for (const digit of '0123456789') {
      const variant = `${digits.slice(0, index)}${digit}${digits.slice(index + 1)}`;
      dates.add(`${variant.slice(0, 4)}-${variant.slice(4, 6)}-${variant.slice(6, 8)}`);
    }
  }
  const [year, month, day] = birthDate.split('-');
  dates.add(`${year}-${day}-${month}`);
  // A mistyped first digit can make year 0, which JavaScript reads but PostgreSQL refuses (it has no year 0).
  return [...dates].filter((date) => isRealDate(date) && date >= '0001-01-01').sort();
}
