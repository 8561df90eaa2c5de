import fc from 'fast-check';
import { agreeingBirthDates, birthDateAgreement } from '../../src/registry/birth-dates';

const exact = (birthDate: string) => {
  const year = Number(birthDate.slice(0, 4));
  return { birthDate, yearFrom: year, yearTo: year };
};
const DAY = 86_400_000;
const isoOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/** A real date, and another one near it: days apart, one digit changed, or day and month swapped. */
const datePair = fc
  .tuple(
    fc.integer({ min: Date.UTC(2004, 0, 1) / DAY, max: Date.UTC(2026, 11, 31) / DAY }),
    fc.oneof(
      fc.integer({ min: -800, max: 800 }).map((days) => ({ days })),
      fc
        .tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 9 }))
        .map(([index, digit]) => ({ index, digit })),
      fc.constant({ swap: true }),
    ),
  )
  .map(([day, change]) => {
    const a = isoOf(day * DAY);
    if ('days' in change) return [a, isoOf((day + change.days) * DAY)] as const;
    const digits = a.replace(/-/g, '');
    const [year, month, date] = a.split('-');
    const b =
      'swap' in change
        ? `${year}-${date}-${month}`
        : (() => {
            const variant = `${digits.slice(0, change.index)}${change.digit}${digits.slice(change.index + 1)}`;
            return `${variant.slice(0, 4)}-${variant.slice(4, 6)}-${variant.slice(6, 8)}`;
          })();
    return [a, b] as const;
  })
  .filter(([, b]) => Number.isFinite(Date.parse(`${b}T00:00:00Z`)) && isoOf(Date.parse(`${b}T00:00:00Z`)) === b);

describe('birth dates that agree', () => {
  it('lists exactly the real dates the comparison takes for the same child', () => {
    fc.assert(
      fc.property(datePair, ([a, b]) => {
        const agrees = birthDateAgreement(exact(a), exact(b)) !== undefined;
        expect(agreeingBirthDates(a)!.includes(b)).toBe(agrees);
      }),
      { numRuns: 5000 },
    );
  });

  it('lists a week either side, one mistyped digit and the day and month swapped', () => {
    const dates = agreeingBirthDates('2015-06-12')!;
    for (const date of [
      '2015-06-05',
      '2015-06-19',
      '2015-06-13',
      '2016-06-12',
      '2015-08-12',
      '2015-06-22',
      '2015-12-06',
    ])
      expect(dates).toContain(date);
    expect(dates).not.toContain('2015-06-20');
    expect(dates).not.toContain('2015-02-31');
  });

  it('lists nothing for a string that is no real date, so every case is compared', () => {
    expect(agreeingBirthDates('2015-02-31')).toBeUndefined();
  });
});

describe('the dates a duplicate check reads', () => {
  it('leave out year 0, which a mistyped first digit of 2000 makes and PostgreSQL refuses', () => {
    const dates = agreeingBirthDates('2000-05-31')!;
    expect(dates).toContain('2000-05-30');
    expect(dates.filter((date) => date.startsWith('0000'))).toEqual([]);
  });
});
