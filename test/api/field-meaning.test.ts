/**
 * Property-based tests with values that look right: dates (real, impossible, future, ancient), country codes
 * (assigned, unassigned, lower-case) and names (any script, or no letters at all) in every route's body. The API
 * answers 2xx or 4xx, never 5xx, and a registration is accepted exactly when the domain's schema accepts it.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { countryCodes as allCountryCodes } from '../../src/domain/countries';

// Not BY: the case-list test lists every case on the dev server the test files share, filtered by BY.
const countryCodes = allCountryCodes.filter((code) => code !== 'BY');
import { registrationSchema, type RegistrationInput } from '../../src/domain/registration';
import { registration } from '../support/fixtures';
import { startTestStack, testKeys, type TestStack } from '../support/stack';
import { auth, registerCase, unknownCaseNumber } from './api-support';
import { catalogue, headersFor, type Caller, type CatalogueEntry } from './route-catalogue';

const runs = { registration: 60, identityDetails: 30, body: 15 };

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const thisYear = new Date().getUTCFullYear();

const date = fc.oneof(
  // Real days in the last thirty years, and today.
  {
    weight: 3,
    arbitrary: fc
      .date({ min: new Date(Date.UTC(thisYear - 30, 0, 1)), max: new Date(), noInvalidDate: true })
      .map((day) => day.toISOString().slice(0, 10)),
  },
  // Days at the end of a month, many of which do not exist (31 February, 29 February in a common year).
  fc
    .tuple(
      fc.integer({ min: thisYear - 30, max: thisYear }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 28, max: 32 }),
    )
    .map(([year, month, day]) => `${year}-${pad(month)}-${pad(day)}`),
  // The future, the distant past and years no database keeps.
  fc
    .date({ min: new Date(Date.now() + 86_400_000), max: new Date(Date.UTC(thisYear + 40, 0, 1)), noInvalidDate: true })
    .map((day) => day.toISOString().slice(0, 10)),
  fc.constantFrom('1899-12-31', '0000-01-01', '9999-12-31', '2015-2-3', '2015-02-03T00:00:00Z', '20150203', ''),
);

const code = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...countryCodes) },
  fc.stringMatching(/^[A-Z]{2}$/),
  fc.constantFrom('XK', 'UK', 'SU', 'EU', 'ZZ', 'ua', 'Ua', 'UKR', 'U', ''),
);

const latinName = fc.stringMatching(/^[A-Z][a-z]{1,12}(?:[ -][A-Z][a-z']{1,12}){0,2}$/);
const cyrillicName = fc.stringMatching(/^[А-ЯІЇЄҐ][а-яіїєґ]{1,12}(?:[ -][А-ЯІЇЄҐ][а-яіїєґ'ʼ]{1,12}){0,2}$/);
const name = fc.oneof(
  { weight: 3, arbitrary: latinName },
  { weight: 3, arbitrary: cyrillicName },
  fc.tuple(latinName, cyrillicName).map(([latin, cyrillic]) => `${latin} ${cyrillic}`),
  fc.string({ unit: 'grapheme', minLength: 0, maxLength: 40 }),
  fc.constantFrom('', '   ', '0000', '--', 'Zlata\u202eatalZ', 'Ірина\u0000', 'x'.repeat(201), 'ნინო ბერიძე', 'محمد'),
);
const script = fc.option(fc.constantFrom('latin', 'cyrillic', 'other'), { nil: undefined });
const text = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ./-]{0,30}$/),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '№ 12/2015', 'x'.repeat(101)),
);

// One fixture child for every generated body: each fixture call is a new child, and they repeat after a hundred.
const template = registration();
let references = 0;

/** Mostly the well-formed value, sometimes anything of its kind: a registration then has few faults at once. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, any: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: any });

const realDate = fc
  .date({ min: new Date(Date.UTC(thisYear - 29, 0, 1)), max: new Date(), noInvalidDate: true })
  .map((day) => day.toISOString().slice(0, 10));
const monthEnd = fc
  .tuple(
    fc.integer({ min: thisYear - 29, max: thisYear - 1 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 28, max: 31 }),
  )
  .map(([year, month, day]) => `${year}-${pad(month)}-${pad(day)}`);
const assigned = fc.constantFrom(...countryCodes);
const wellNamed = fc.oneof(
  fc.record({ value: latinName, script: fc.constantFrom('latin', undefined) }),
  fc.record({ value: cyrillicName, script: fc.constantFrom('cyrillic', undefined) }),
);

const childFields = fc.record(
  {
    names: mostly(fc.array(wellNamed, { minLength: 1, maxLength: 3 }), fc.array(fc.record({ value: name, script }))),
    // Month ends often: 29 to 31 February and 31 April are what a registry list gets wrong.
    birthDate: fc.oneof(
      { weight: 6, arbitrary: realDate },
      { weight: 4, arbitrary: monthEnd },
      { weight: 1, arbitrary: date },
    ),
    estimatedAgeYears: fc.integer({ min: -1, max: 32 }),
    placeOfOrigin: fc.record(
      { country: mostly(assigned, code), locality: mostly(fc.constant('Mariupol'), text) },
      { requiredKeys: ['country'] },
    ),
    currentLocation: fc.record(
      { country: mostly(assigned, code), facility: mostly(fc.constant('Facility 7'), text) },
      { requiredKeys: ['country'] },
    ),
  },
  { requiredKeys: ['names', 'placeOfOrigin', 'currentLocation'] },
);

const claimant = fc.record({
  name: mostly(latinName, name),
  country: mostly(assigned, code),
  phone: mostly(fc.constant('+380 44 123 4567'), fc.stringMatching(/^\+?[0-9 ()-]{6,20}$/)),
});

const generatedRegistration = fc
  .tuple(
    childFields,
    fc.array(claimant, { minLength: 1, maxLength: 2 }),
    fc.option(mostly(fc.stringMatching(/^[A-Z]{2,4}-[0-9]{1,6}$/), text), { nil: undefined }),
  )
  .map(([child, claimants, civilReference]): RegistrationInput => {
    references += 1;
    const base = {
      ...template,
      organisation: { id: 'neutral-desk', reference: `FIELDS-${process.pid}-${references}` },
    };
    const { birthDate, estimatedAgeYears, ...rest } = child;
    return {
      ...base,
      child: {
        ...base.child,
        ...rest,
        // A birth date, an estimated age, or (rarely) both, which must then agree.
        birthDate,
        ...(birthDate === undefined || (estimatedAgeYears ?? 0) % 8 === 0 ? { estimatedAgeYears } : {}),
      },
      claimants: claimants.map((generated, index) => ({
        ...base.claimants[0]!,
        id: `claimant-${index + 1}`,
        ...generated,
      })),
      ...(civilReference !== undefined ? { documents: { civilRegistryReference: civilReference } } : {}),
    };
  });

/** A fault the test sees for itself, without the domain's schema: no such day, a future one, no such country. */
function plainlyWrong(body: RegistrationInput): boolean {
  const { birthDate } = body.child;
  const countries = [
    body.child.placeOfOrigin.country,
    body.child.currentLocation.country,
    ...body.claimants.map((c) => c.country),
  ];
  const day = birthDate === undefined ? undefined : new Date(`${birthDate}T00:00:00Z`);
  const noSuchDay = day !== undefined && (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== birthDate);
  const future = day !== undefined && day.getTime() > Date.now();
  return noSuchDay || future || countries.some((country) => !allCountryCodes.includes(country));
}

/** Replaces every string in a well-formed body by a generated value of the kind its field name suggests. */
function semanticBody(valid: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(valid)) return fc.tuple(...valid.map(semanticBody));
  if (valid && typeof valid === 'object')
    return fc.record(
      Object.fromEntries(
        Object.entries(valid).map(([key, value]) => [
          key,
          typeof value === 'string' ? fc.oneof(fc.constant(value), valueFor(key)) : semanticBody(value),
        ]),
      ),
    );
  return fc.constant(valid);
}
function valueFor(key: string): fc.Arbitrary<string> {
  if (/date|at$/i.test(key)) return date;
  if (/country/i.test(key)) return code;
  if (/name|value/i.test(key)) return name;
  return fc.oneof(text, name, date, code);
}

describe('values that look right, in every route body', () => {
  let stack: TestStack;
  let caseNumber: string;
  const failures: string[] = [];
  const tally = { accepted: 0, refused: 0 };

  beforeAll(async () => {
    stack = await startTestStack({ RATE_LIMIT_MAX: '1000000', RATE_LIMIT_LABS_MAX: '1000000' });
    // No document references: the case waits in identification, where corrections of every field apply.
    caseNumber = await registerCase(stack, { documents: {} });
  });
  afterAll(async () => {
    if (process.env.HOMEWARD_PRINT_MATRIX) process.stderr.write(`field-meaning: ${JSON.stringify(tally)}\n`);
    await stack?.stop();
  });
  beforeEach(() => {
    failures.length = 0;
  });

  function judge(what: string, response: LightMyRequestResponse, allowed?: number[]): void {
    const status = response.statusCode;
    if (status >= 500 || (allowed && !allowed.includes(status)))
      failures.push(`${what}: ${status} ${response.body.slice(0, 300)}`);
    if (status < 300) tally.accepted += 1;
    else tally.refused += 1;
  }

  it('POST /cases accepts a registration exactly when every field means what it says, and never fails', async () => {
    const outcomes = { valid: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(generatedRegistration, async (body) => {
        const response = await stack.app.inject({
          method: 'POST',
          url: '/cases',
          headers: auth(testKeys.coordinator),
          payload: body,
        });
        const valid = registrationSchema.safeParse(body).success;
        if (valid && plainlyWrong(body)) failures.push(`the schema accepts ${JSON.stringify(body.child)}`);
        // 409: a generated child close enough to an earlier one is a likely duplicate, which is also an answer.
        judge(`POST /cases ${JSON.stringify(body.child)}`, response, valid ? [201, 409] : [400, 422]);
        outcomes[valid ? 'valid' : 'invalid'] += 1;
      }),
      { numRuns: runs.registration },
    );
    expect(failures).toEqual([]);
    // Both sides of the line were walked: registrations the registry stored, and ones refused before it.
    expect(outcomes.valid).toBeGreaterThan(10);
    expect(outcomes.invalid).toBeGreaterThan(10);
  });

  it('POST /cases/:caseNumber/identity-details takes generated corrections without failing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            child: childFields.map((child) => ({ ...child, estimatedAgeYears: undefined })),
            claimants: fc.array(claimant, { minLength: 1, maxLength: 2 }).map((claimants) =>
              claimants.map((generated, index) => ({
                ...template.claimants[0]!,
                id: `claimant-${index + 1}`,
                ...generated,
              })),
            ),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const response = await stack.app.inject({
            method: 'POST',
            url: `/cases/${caseNumber}/identity-details`,
            headers: auth(testKeys.coordinator),
            payload: body,
          });
          judge(`identity-details ${JSON.stringify(body)}`, response, [200, 400, 409, 422]);
        },
      ),
      { numRuns: runs.identityDetails },
    );
    expect(failures).toEqual([]);
  });

  const admitted = (entry: CatalogueEntry): Caller =>
    (Object.entries(entry.expected).find(([, status]) => status !== 401 && status !== 403)?.[0] as Caller) ?? 'none';
  const withBodies = catalogue.filter((entry) => entry.method === 'POST' && entry.route !== '/cases');

  it.each(withBodies.map((entry) => [entry.route, entry] as const))(
    'POST %s never fails on dates, codes and names in its body',
    async (_route, entry) => {
      // A case of the route's own: an accepted withdrawal or hold must not decide what the next route meets.
      const own = entry.param === 'caseNumber' ? await registerCase(stack, { documents: {} }) : caseNumber;
      const catalogued = entry.request({ caseNumber: own });
      const url = catalogued.url.replace(unknownCaseNumber, own);
      const form = typeof catalogued.payload === 'string';
      const valid: unknown = form
        ? Object.fromEntries(new URLSearchParams(catalogued.payload as string))
        : (catalogued.payload ?? {});
      await fc.assert(
        fc.asyncProperty(semanticBody(valid), async (body) => {
          const response = await stack.app.inject({
            method: 'POST',
            url,
            headers: { ...catalogued.headers, ...headersFor(admitted(entry)) },
            payload: form
              ? new URLSearchParams(body as Record<string, string>).toString()
              : (body as Record<string, unknown>),
          });
          judge(`POST ${url} ${JSON.stringify(body)}`, response);
        }),
        { numRuns: runs.body },
      );
      expect(failures).toEqual([]);
    },
  );

  it('met both answers: some generated bodies accepted, some refused', () => {
    expect(tally.accepted).toBeGreaterThan(10);
    expect(tally.refused).toBeGreaterThan(10);
  });
});
