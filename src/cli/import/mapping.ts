/**
 * How a row of a registry's list becomes a registration: a mapping names the column of each field, cells are read
 * the way registries write them (dates as DD.MM.YYYY, ages as "about 7", countries and relationships in Ukrainian or
 * Russian), and the result is validated by the API's own schema (src/domain/registration.ts), so a row that passes
 * here is one POST /cases accepts. Problems name the row and the column; never the cell's content.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { registrationSchema, type Registration, type RegistrationInput } from '../../domain/registration';

const claimantFields = ['name', 'relationship', 'legalGuardian', 'country', 'language', 'email', 'phone'] as const;

export const fields = [
  'reference',
  'child.name',
  'child.familyName',
  'child.givenName',
  'child.patronymic',
  'child.familyNameLatin',
  'child.givenNameLatin',
  'child.birthDate',
  'child.estimatedAge',
  'child.originCountry',
  'child.originLocality',
  'child.currentCountry',
  'child.facility',
  'child.language',
  'child.email',
  ...claimantFields.map((field) => `claimant.${field}` as const),
  ...claimantFields.map((field) => `claimant2.${field}` as const),
  'documents.civilRegistryReference',
  'documents.medicalRecordReference',
  'documents.schoolRecordReference',
] as const;
export type Field = (typeof fields)[number];

/** The columns a list has when it was made for Homeward: header → field. Headers match case-insensitively. */
export const defaultColumns: Record<string, Field> = {
  reference: 'reference',
  child_name: 'child.name',
  child_name_latin: 'child.name',
  child_name_cyrillic: 'child.name',
  family_name: 'child.familyName',
  given_name: 'child.givenName',
  patronymic: 'child.patronymic',
  family_name_latin: 'child.familyNameLatin',
  given_name_latin: 'child.givenNameLatin',
  birth_date: 'child.birthDate',
  estimated_age: 'child.estimatedAge',
  origin_country: 'child.originCountry',
  origin_locality: 'child.originLocality',
  current_country: 'child.currentCountry',
  facility: 'child.facility',
  child_language: 'child.language',
  child_email: 'child.email',
  claimant_name: 'claimant.name',
  relationship: 'claimant.relationship',
  legal_guardian: 'claimant.legalGuardian',
  claimant_country: 'claimant.country',
  claimant_language: 'claimant.language',
  claimant_email: 'claimant.email',
  claimant_phone: 'claimant.phone',
  civil_registry_reference: 'documents.civilRegistryReference',
  medical_record_reference: 'documents.medicalRecordReference',
  school_record_reference: 'documents.schoolRecordReference',
};

export const mappingFileSchema = z.strictObject({
  organisation: z.string().optional().describe('The registering organisation, unless --organisation is given'),
  columns: z
    .record(z.string(), z.enum(fields))
    .optional()
    .describe('Header → field; replaces the default mapping when given'),
  defaults: z
    .partialRecord(z.enum(fields), z.string())
    .optional()
    .describe('A value for a field the list does not have, or where its cell is empty'),
});
export type MappingFile = z.output<typeof mappingFileSchema>;

export interface Mapping {
  organisation: string | undefined;
  /** Column index → field. */
  byColumn: Map<number, Field>;
  header: string[];
  defaults: Partial<Record<Field, string>>;
}

export function readMappingFile(file: string): MappingFile {
  const parsed = mappingFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; '),
    );
  return parsed.data;
}

const fold = (header: string) => header.trim().toLowerCase();

/** The mapping applied to a file's header; throws with every column the mapping names that the header lacks. */
export function mappingFor(header: string[], file: MappingFile = {}): Mapping {
  const columns = file.columns ?? defaultColumns;
  const wanted = new Map(Object.entries(columns).map(([name, field]) => [fold(name), field]));
  const byColumn = new Map<number, Field>();
  header.forEach((name, index) => {
    const field = wanted.get(fold(name));
    if (field) byColumn.set(index, field);
  });
  const found = new Set(header.map(fold));
  const absent = file.columns ? Object.keys(file.columns).filter((name) => !found.has(fold(name))) : [];
  if (absent.length) throw new Error(`the file has no column ${absent.map((name) => `"${name}"`).join(', ')}`);
  const mapped = new Set(byColumn.values());
  if (!mapped.has('reference') && !file.defaults?.reference)
    throw new Error(
      `no column is mapped to "reference" (the organisation's file reference): the header is ${header.join(', ')}`,
    );
  return { organisation: file.organisation, byColumn, header, defaults: file.defaults ?? {} };
}

// Values as registries write them.

const countryNames: Record<string, string> = {
  україна: 'UA',
  украина: 'UA',
  ukraine: 'UA',
  росія: 'RU',
  россия: 'RU',
  russia: 'RU',
  рф: 'RU',
  'russian federation': 'RU',
  'російська федерація': 'RU',
  'российская федерация': 'RU',
  польща: 'PL',
  польша: 'PL',
  poland: 'PL',
  німеччина: 'DE',
  германия: 'DE',
  germany: 'DE',
  молдова: 'MD',
  moldova: 'MD',
  румунія: 'RO',
  румыния: 'RO',
  romania: 'RO',
  білорусь: 'BY',
  беларусь: 'BY',
  belarus: 'BY',
  'велика британія': 'GB',
  великобритания: 'GB',
  'united kingdom': 'GB',
  грузія: 'GE',
  грузия: 'GE',
  georgia: 'GE',
  казахстан: 'KZ',
  kazakhstan: 'KZ',
  литва: 'LT',
  lithuania: 'LT',
  латвія: 'LV',
  латвия: 'LV',
  latvia: 'LV',
  естонія: 'EE',
  эстония: 'EE',
  estonia: 'EE',
  чехія: 'CZ',
  чехия: 'CZ',
  czechia: 'CZ',
  словаччина: 'SK',
  словакия: 'SK',
  slovakia: 'SK',
  угорщина: 'HU',
  венгрия: 'HU',
  hungary: 'HU',
  туреччина: 'TR',
  турция: 'TR',
  turkey: 'TR',
};

const languageNames: Record<string, string> = {
  uk: 'uk',
  ua: 'uk',
  українська: 'uk',
  украинский: 'uk',
  ukrainian: 'uk',
  укр: 'uk',
  ru: 'ru',
  російська: 'ru',
  русский: 'ru',
  russian: 'ru',
  рус: 'ru',
  en: 'en',
  англійська: 'en',
  английский: 'en',
  english: 'en',
  eng: 'en',
};

const relationshipNames: Record<string, string> = {
  mother: 'mother',
  мати: 'mother',
  мама: 'mother',
  мать: 'mother',
  father: 'father',
  батько: 'father',
  тато: 'father',
  отец: 'father',
  папа: 'father',
  'legal-guardian': 'legal-guardian',
  'legal guardian': 'legal-guardian',
  guardian: 'legal-guardian',
  опікун: 'legal-guardian',
  опікунка: 'legal-guardian',
  опекун: 'legal-guardian',
  grandparent: 'grandparent',
  grandmother: 'grandparent',
  grandfather: 'grandparent',
  бабуся: 'grandparent',
  баба: 'grandparent',
  бабця: 'grandparent',
  дідусь: 'grandparent',
  дід: 'grandparent',
  бабушка: 'grandparent',
  дедушка: 'grandparent',
  sibling: 'sibling',
  brother: 'sibling',
  sister: 'sibling',
  брат: 'sibling',
  сестра: 'sibling',
  'aunt-uncle': 'aunt-uncle',
  aunt: 'aunt-uncle',
  uncle: 'aunt-uncle',
  тітка: 'aunt-uncle',
  дядько: 'aunt-uncle',
  тётя: 'aunt-uncle',
  тетя: 'aunt-uncle',
  дядя: 'aunt-uncle',
  'other-relative': 'other-relative',
  relative: 'other-relative',
  родич: 'other-relative',
  родичка: 'other-relative',
  родственник: 'other-relative',
  родственница: 'other-relative',
};

const yes = new Set(['yes', 'y', 'true', '1', 'так', 'да', 'т', 'д', '+']);
const no = new Set(['no', 'n', 'false', '0', 'ні', 'нет', 'н', '-']);

/** Days from 1899-12-30 (Excel's day 0 in the 1900 date system) to a date, as a spreadsheet stores it. */
const excelEpoch = Date.UTC(1899, 11, 30);

/** A date in the usual formats as YYYY-MM-DD; an impossible day (31.02) passes through for the schema to refuse. */
export function parseDate(text: string): string | undefined {
  const value = text.trim();
  const iso = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(value);
  const european = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(value);
  const pad = (part: string) => part.padStart(2, '0');
  if (iso) return `${iso[1]}-${pad(iso[2]!)}-${pad(iso[3]!)}`;
  if (european) return `${european[3]}-${pad(european[2]!)}-${pad(european[1]!)}`;
  if (/^\d{4,5}(\.0+)?$/.test(value)) {
    const serial = Number(value);
    if (serial > 10_000 && serial < 80_000)
      return new Date(excelEpoch + serial * 86_400_000).toISOString().slice(0, 10);
  }
  return undefined;
}

const ageText =
  /^(?:~|≈|about|approx\.?|approximately|circa|ca\.?|близько|приблизно|біля|около|примерно|ок\.?)?\s*(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s*(?:\+|years?|yrs?|y|р\.?|рік|роки|років|лет|год|года|г\.?)?\s*(?:old)?$/i;

/** An estimated age in whole years: "7", "about 7", "~7 years", "7-8" (the lower), "7 років", "около 7 лет". */
export function parseAge(text: string): number | undefined {
  const match = ageText.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  return Number(match[1]);
}

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
    else if (yes.has(guardianText)) isLegalGuardian = true;
    else if (no.has(guardianText)) isLegalGuardian = false;
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
