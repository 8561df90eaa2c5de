import { countryCodes, isCountryCode } from '../../src/domain/countries';
import { registrationSchema, scriptOf, type RegistrationInput } from '../../src/domain/registration';
import { registration } from '../support/fixtures';

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const daysFromToday = (days: number) => isoDay(new Date(Date.now() + days * 86_400_000));

/** The messages zod gives for a registration, by field path; empty when it is accepted. */
function problems(input: RegistrationInput): Record<string, string> {
  const parsed = registrationSchema.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

const fields = (input: RegistrationInput) => Object.keys(problems(input));

const withChild = (child: Partial<RegistrationInput['child']>): RegistrationInput => {
  const base = registration();
  return { ...base, child: { ...base.child, ...child } };
};
const withClaimant = (claimant: Partial<RegistrationInput['claimants'][number]>): RegistrationInput => {
  const base = registration();
  return { ...base, claimants: [{ ...base.claimants[0]!, ...claimant }] };
};

describe('a registration is checked for what each field means', () => {
  it('accepts the well-formed registration the tests use', () => {
    expect(problems(registration())).toEqual({});
  });

  it('takes only days that exist on the calendar', () => {
    for (const birthDate of ['2015-02-31', '2015-02-29', '2015-04-31', '2015-13-01', '2015-00-10', '2015-2-3'])
      expect(problems(withChild({ birthDate }))).toEqual({
        'child.birthDate': 'not a real calendar date: use YYYY-MM-DD',
      });
    expect(problems(withChild({ birthDate: '2016-02-29' }))).toEqual({});
  });

  it('refuses a birth date in the future, and one no child or young person has', () => {
    expect(problems(withChild({ birthDate: daysFromToday(1) }))).toEqual({
      'child.birthDate': 'a birth date cannot be in the future',
    });
    expect(problems(withChild({ birthDate: daysFromToday(0) }))).toEqual({});
    expect(problems(withChild({ birthDate: '1950-06-01' }))['child.birthDate']).toMatch(/less than 31 years ago/);
  });

  it('refuses an estimated age that contradicts the birth date', () => {
    const tenYearsAgo = `${new Date().getUTCFullYear() - 10}-01-01`;
    expect(fields(withChild({ birthDate: tenYearsAgo, estimatedAgeYears: 4 }))).toContain('child.estimatedAgeYears');
    expect(problems(withChild({ birthDate: tenYearsAgo, estimatedAgeYears: 10 }))).toEqual({});
  });

  it('takes only officially assigned ISO 3166-1 codes, wherever a country is asked for', () => {
    expect(countryCodes).toHaveLength(249);
    for (const code of ['UA', 'RU', 'PL', 'GB', 'MD', 'AX']) expect(isCountryCode(code)).toBe(true);
    for (const code of ['XX', 'XK', 'UK', 'SU', 'EU', 'ZZ']) expect(isCountryCode(code)).toBe(false);
    const base = registration();
    const withCodes = (code: string): RegistrationInput => ({
      ...base,
      child: { ...base.child, placeOfOrigin: { country: code }, currentLocation: { country: code } },
      claimants: [{ ...base.claimants[0]!, country: code }],
    });
    expect(Object.keys(problems(withCodes('XX'))).sort()).toEqual([
      'child.currentLocation.country',
      'child.placeOfOrigin.country',
      'claimants.0.country',
    ]);
    expect(problems(withCodes('MD'))).toEqual({});
  });

  it('takes a name of letters in any script, and works out the script when it is not given', () => {
    expect(scriptOf('Zlata Kovalenko')).toBe('latin');
    expect(scriptOf('Злата Коваленко')).toBe('cyrillic');
    expect(scriptOf('Zlata Коваленко')).toBe('other');
    expect(scriptOf('ნინო')).toBe('other');
    const parsed = registrationSchema.parse(withChild({ names: [{ value: "Дар'я Коваленко-Білоус" }] }));
    expect(parsed.child.names).toEqual([{ value: "Дар'я Коваленко-Білоус", script: 'cyrillic' }]);
    expect(fields(withChild({ names: [{ value: 'Злата', script: 'latin' }] }))).toContain('child.names.0.script');
    for (const value of ['12345', '---', 'Zlata\u202eatalZ', 'Zlata\nKovalenko', '<script>'])
      expect(fields(withChild({ names: [{ value }] }))).toContain('child.names.0.value');
    expect(fields(withClaimant({ name: '0000' }))).toContain('claimants.0.name');
  });

  it('refuses blank or disguised free text instead of storing it', () => {
    expect(fields(withChild({ placeOfOrigin: { country: 'UA', locality: '   ' } }))).toContain(
      'child.placeOfOrigin.locality',
    );
    expect(fields({ ...registration(), documents: { civilRegistryReference: 'CIV-\u0000' } })).toContain(
      'documents.civilRegistryReference',
    );
    expect(problems({ ...registration(), documents: { civilRegistryReference: '№ 123/2015' } })).toEqual({});
  });

  it('checks that a claimant can be reached and is what they are said to be', () => {
    expect(fields(withClaimant({ email: undefined, phone: '(--) --' }))).toContain('claimants.0.phone');
    expect(fields(withClaimant({ relationship: 'legal-guardian', isLegalGuardian: false }))).toContain(
      'claimants.0.isLegalGuardian',
    );
  });

  it('gives each claimant a reference of its own, distinct from the child', () => {
    const base = registration();
    const mother = base.claimants[0]!;
    expect(fields({ ...base, claimants: [mother, { ...mother, relationship: 'father' }] })).toContain('claimants.1.id');
    expect(fields({ ...base, claimants: [{ ...mother, id: 'child' }] })).toContain('claimants.0.id');
    const { id: _omitted, ...unnamed } = mother;
    expect(fields({ ...base, claimants: [unnamed, { ...mother, id: 'claimant-1' }] })).toContain('claimants.1.id');
    expect(problems({ ...base, claimants: [unnamed, { ...mother, id: 'father' }] })).toEqual({});
  });
});
