/**
 * How a row of a registry's list becomes a registration: each field is read from the column the mapping names
 * (columns.ts), its cell as registries write it (cell-values.ts), and the result is validated by the API's own schema
 * (src/domain/registration.ts), so a row that passes here is one POST /cases accepts. Problems name the row and the
 * column; never the cell's content.
 */
import { registrationSchema, type Registration, type RegistrationInput } from '../../domain/registration';
import { claimantFields, type Field, type Mapping } from './columns';
import { countryNames, languageNames, noWords, parseAge, parseDate, relationshipNames, yesWords } from './cell-values';

export interface RowProblem {
  row: number;
  /** The column's header as the file has it, or `(FIELD)` for a field no column holds. */
  column: string;
  field: string;
  message: string;
}

export type MappedRow =
  | { ok: true; row: number; reference: string; registration: Registration; input: RegistrationInput }
  | { ok: false; row: number; reference: string | undefined; problems: RowProblem[] };

const schemaField: Array<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^organisation\.reference$/, () => 'reference'],
  [/^organisation\.id$/, () => 'organisation'],
  [/^child\.placeOfOrigin\.locality$/, () => 'child.originLocality'],
  [/^child\.placeOfOrigin/, () => 'child.originCountry'],
  [/^child\.currentLocation\.facility$/, () => 'child.facility'],
  [/^child\.currentLocation/, () => 'child.currentCountry'],
  [/^child\.estimatedAgeYears$/, () => 'child.estimatedAge'],
  [/^child\.names\.(\d+)/, (match) => `child.names.${match[1]}`],
  [/^child\.names$/, () => 'child.name'],
  [/^claimants\.(\d+)\.isLegalGuardian/, (match) => `${match[1] === '0' ? 'claimant' : 'claimant2'}.legalGuardian`],
  [/^claimants\.(\d+)\.(\w+)/, (match) => `${match[1] === '0' ? 'claimant' : 'claimant2'}.${match[2]}`],
  [/^claimants$/, () => 'claimant.name'],
  [/^(child\.\w+|documents\.\w+)/, (match) => match[1]!],
];

/** Reads one row with the mapping and validates it with the API's registration schema. */
export function mapRow(row: number, cells: string[], mapping: Mapping, organisation: string): MappedRow {
  const problems: RowProblem[] = [];
  const columnsOf = new Map<string, string[]>();
  const values = new Map<Field, string[]>();
  mapping.byColumn.forEach((field, index) => {
    const cell = (cells[index] ?? '').replace(/\s+/g, ' ').trim();
    if (!cell) return;
    values.set(field, [...(values.get(field) ?? []), cell]);
    columnsOf.set(field, [...(columnsOf.get(field) ?? []), mapping.header[index]!]);
  });
  for (const [field, value] of Object.entries(mapping.defaults) as Array<[Field, string]>) {
    if (!values.has(field)) {
      values.set(field, [value]);
      columnsOf.set(field, [`(default for ${field})`]);
    }
  }
  const headersOf = new Map<string, string[]>();
  mapping.byColumn.forEach((field, index) =>
    headersOf.set(field, [...(headersOf.get(field) ?? []), mapping.header[index]!]),
  );
  const columnOf = (field: string) => {
    const base = field.startsWith('child.names.') ? 'child.name' : field;
    return (columnsOf.get(base) ?? headersOf.get(base))?.join(' / ') ?? `(${base})`;
  };
  const problem = (field: string, message: string, column = columnOf(field)) =>
    problems.push({ row, column, field, message });
  const one = (field: Field) => values.get(field)?.[0];

  // Names: each name column gives one name; split name parts are joined as given, patronymic, family.
  const names: Array<{ value: string; column: string }> = [];
  (values.get('child.name') ?? []).forEach((value, index) =>
    names.push({ value, column: columnsOf.get('child.name')![index]! }),
  );
  const composed = (parts: Field[]) => {
    const present = parts.filter((part) => one(part));
    if (present.length === 0) return;
    names.push({
      value: present.map((part) => one(part)).join(' '),
      column: present.map((part) => columnsOf.get(part)![0]).join(' + '),
    });
  };
  composed(['child.givenName', 'child.patronymic', 'child.familyName']);
  composed(['child.givenNameLatin', 'child.familyNameLatin']);

  const birthText = one('child.birthDate');
  const birthDate = birthText === undefined ? undefined : parseDate(birthText);
  if (birthText !== undefined && birthDate === undefined)
    problem('child.birthDate', 'not a date: write it as YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY');
  const ageCell = one('child.estimatedAge');
  const age = ageCell === undefined ? undefined : parseAge(ageCell);
  if (ageCell !== undefined && age === undefined)
    problem('child.estimatedAge', 'not an age: write it in whole years, e.g. 7 or "about 7"');

  const country = (field: Field) => {
    const value = one(field);
    if (value === undefined) return undefined;
    return countryNames[value.toLowerCase()] ?? value.toUpperCase();
  };
  const language = (field: Field) => {
    const value = one(field);
    return value === undefined ? undefined : (languageNames[value.toLowerCase()] ?? value.toLowerCase());
  };

  const claimant = (prefix: 'claimant' | 'claimant2') => {
    const present = claimantFields.some((field) => values.has(`${prefix}.${field}`));
    if (!present) return undefined;
    const relationshipText = one(`${prefix}.relationship`);
    const relationship = relationshipText === undefined ? undefined : relationshipNames[relationshipText.toLowerCase()];
    if (relationshipText !== undefined && relationship === undefined)
      problem(
        `${prefix}.relationship`,
        'not a relationship Homeward knows: mother, father, legal-guardian, grandparent, sibling, aunt-uncle or other-relative',
      );
    const guardianText = one(`${prefix}.legalGuardian`)?.toLowerCase();
    let isLegalGuardian: boolean | undefined;
    if (guardianText === undefined)
      isLegalGuardian =
        relationship === undefined ? undefined : ['mother', 'father', 'legal-guardian'].includes(relationship);
    else if (yesWords.has(guardianText)) isLegalGuardian = true;
    else if (noWords.has(guardianText)) isLegalGuardian = false;
    else problem(`${prefix}.legalGuardian`, 'write yes or no (так/ні, да/нет)');
    return {
      name: one(`${prefix}.name`),
      relationship,
      isLegalGuardian,
      country: country(`${prefix}.country`),
      language: language(`${prefix}.language`),
      email: one(`${prefix}.email`),
      phone: one(`${prefix}.phone`),
    };
  };

  const reference = one('reference');
  const documents = {
    civilRegistryReference: one('documents.civilRegistryReference'),
    medicalRecordReference: one('documents.medicalRecordReference'),
    schoolRecordReference: one('documents.schoolRecordReference'),
  };
  const input = withoutUndefined({
    organisation: { id: organisation, reference },
    child: {
      names: names.map(({ value }) => ({ value })),
      birthDate,
      estimatedAgeYears: age,
      placeOfOrigin: { country: country('child.originCountry'), locality: one('child.originLocality') },
      currentLocation: { country: country('child.currentCountry'), facility: one('child.facility') },
      language: language('child.language'),
      email: one('child.email'),
    },
    claimants: [claimant('claimant'), claimant('claimant2')].filter((entry) => entry !== undefined),
    documents,
  }) as unknown as RegistrationInput;

  const parsed = registrationSchema.safeParse(input);
  if (!parsed.success) {
    const alreadySaid = new Set(problems.map((entry) => entry.field));
    // A date or age that could not be read leaves the schema asking for one of them: said once is enough.
    if (alreadySaid.has('child.birthDate') || alreadySaid.has('child.estimatedAge'))
      alreadySaid.add('child.birthDate').add('child.estimatedAge');
    // A relationship that could not be read leaves the legal guardian undecided: said once is enough.
    for (const prefix of ['claimant', 'claimant2'])
      if (alreadySaid.has(`${prefix}.relationship`)) alreadySaid.add(`${prefix}.legalGuardian`);
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const rule = schemaField.find(([pattern]) => pattern.test(path));
      const field = rule ? rule[1](rule[0].exec(path)!) : path;
      if (alreadySaid.has(field)) continue;
      const column = field.startsWith('child.names.')
        ? (names[Number(field.split('.')[2])]?.column ?? '(child.name)')
        : field === 'organisation'
          ? '(--organisation)'
          : columnOf(field);
      const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
      problem(field, missing ? 'empty: every row must give this' : issue.message, column);
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, row, reference, problems };
  return { ok: true, row, reference: parsed.data.organisation.reference, registration: parsed.data, input };
}

/** Drops undefined members at every depth, and objects left empty, so the schema sees only what the row gave. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, withoutUndefined(item)] as const)
      .filter(([, item]) => item !== undefined && !(isPlainObject(item) && Object.keys(item).length === 0));
    return Object.fromEntries(entries);
  }
  return value;
}

const isPlainObject = (value: unknown): value is object =>
  !!value && typeof value === 'object' && !Array.isArray(value);
