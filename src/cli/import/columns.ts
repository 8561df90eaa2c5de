/**
 * Which column holds which field: the columns of a list made for Homeward, or a mapping file naming a registry's own
 * headers, applied to a file's header.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const claimantFields = [
  'name',
  'relationship',
  'legalGuardian',
  'country',
  'language',
  'email',
  'phone',
] as const;

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
