import { z } from 'zod';
import { CASE_NUMBER_PATTERN, isValidCaseNumber } from './case-number';
import { countryCodes } from './countries';
import { claimantIdOf } from './claimant-id';

/**
 * What a coordinator supplies to register a case. Everything under `child` and `claimants` is personal data:
 * it travels to the workflow only inside encrypted payloads and never appears in IDs, search attributes or logs.
 */

export const countryCode = z
  .enum(countryCodes as [string, ...string[]], 'use an assigned ISO 3166-1 alpha-2 country code in capitals, e.g. UA')
  .describe('ISO 3166-1 alpha-2 country code (officially assigned)');

export const languageCode = z.enum(['uk', 'ru', 'en']).describe('Language for messages: Ukrainian, Russian or English');
export type Language = z.output<typeof languageCode>;

/** The oldest a person tracked by a case can be: the bound on an estimated age, and on a birth date. */
export const oldestAgeYears = 30;

const today = () => new Date().toISOString().slice(0, 10);

// A day the calendar has (no 31 February), in the document as a `date`; whether it is plausible is checked after.
const birthDate = z.iso
  .date('not a real calendar date: use YYYY-MM-DD')
  .refine((value) => value <= today(), 'a birth date cannot be in the future')
  .refine(
    (value) => value > `${Number(today().slice(0, 4)) - oldestAgeYears - 1}${today().slice(4)}`,
    `a case tracks a child or young person: born less than ${oldestAgeYears + 1} years ago`,
  );

// Control characters and bidirectional overrides can disguise a value in a listing; nothing real needs them.
const disguising = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Text a person typed, kept without its surrounding spaces and never blank. The length limits are the document's;
 * blankness is checked after them (a string of spaces is well-formed, and means nothing).
 */
export const typedText = (max: number, blank: string) =>
  z
    .string()
    .min(1, blank)
    .max(max, `keep it under ${max} characters`)
    .refine((value) => value.trim() !== '', blank)
    .transform((value) => value.trim());

/** Free text a person types, such as a locality or a record reference: never blank, never disguised. */
const plainText = (max: number) =>
  typedText(max, 'leave the field out rather than sending it empty').refine(
    (value) => !disguising.test(value),
    'control and text-direction characters are not allowed',
  );

const latinLetter = /\p{Script=Latin}/u;
const cyrillicLetter = /\p{Script=Cyrillic}/u;

/** A person's name: letters (any script) with the spaces, apostrophes, hyphens and dots names are written with. */
const nameText = typedText(200, 'a name cannot be empty').refine(
  (value) => /^[\p{L}\p{M} \u00a0'’ʼ.\u2010-]+$/u.test(value) && /\p{L}/u.test(value),
  'a name is letters, with spaces, apostrophes, hyphens and dots',
);

export const nameScripts = ['latin', 'cyrillic', 'other'] as const;
export type NameScript = (typeof nameScripts)[number];

/** The script a name is written in, from its letters: mixed or any other script is `other`. */
export function scriptOf(value: string): NameScript {
  const latin = latinLetter.test(value);
  const cyrillic = cyrillicLetter.test(value);
  const others = /\p{L}/u.test(value.replace(/[\p{Script=Latin}\p{Script=Cyrillic}]/gu, ''));
  if (latin && !cyrillic && !others) return 'latin';
  if (cyrillic && !latin && !others) return 'cyrillic';
  return 'other';
}

export const personName = z
  .object({
    value: nameText,
    script: z.enum(nameScripts).optional().describe('The script the name is written in; worked out when omitted'),
  })
  .refine((name) => name.script === undefined || name.script === 'other' || name.script === scriptOf(name.value), {
    message: 'the name is not written in the script given: correct script, or leave it out',
    path: ['script'],
  })
  .transform((name) => ({ value: name.value, script: name.script ?? scriptOf(name.value) }));

export const childSchema = z
  .object({
    names: z.array(personName).min(1, 'give at least one name the child is known by').max(20),
    birthDate: birthDate.optional().describe('Date of birth, if known: a real date, not in the future'),
    estimatedAgeYears: z
      .number()
      .int()
      .min(0)
      .max(oldestAgeYears)
      .optional()
      .describe('When the birth date is unknown'),
    placeOfOrigin: z.object({ country: countryCode, locality: plainText(200).optional() }),
    currentLocation: z.object({ country: countryCode, facility: plainText(200).optional() }),
    language: languageCode.default('uk'),
    email: z.email().optional().describe('Only for a young person who can be contacted directly'),
  })
  .refine((child) => child.birthDate !== undefined || child.estimatedAgeYears !== undefined, {
    message: 'give either birthDate or estimatedAgeYears',
    path: ['birthDate'],
  })
  .refine((child) => agreeingAge(child.birthDate, child.estimatedAgeYears), {
    message: 'the estimated age contradicts the birth date: give one of them, or correct it',
    path: ['estimatedAgeYears'],
  });

function agreeingAge(birth: string | undefined, estimate: number | undefined): boolean {
  if (birth === undefined || estimate === undefined) return true;
  const years = (Date.now() - Date.parse(`${birth}T00:00:00Z`)) / (365.25 * 86_400_000);
  return Math.abs(years - estimate) <= 1.5;
}

export const relationship = z.enum([
  'mother',
  'father',
  'legal-guardian',
  'grandparent',
  'sibling',
  'aunt-uncle',
  'other-relative',
]);

export const claimantSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, up to 40')
      .optional()
      .describe('A stable reference for this claimant within the case; assigned when omitted'),
    name: nameText,
    relationship,
    isLegalGuardian: z.boolean(),
    country: countryCode.describe('Where the claimant lives: the case moves the child there once verified'),
    language: languageCode,
    email: z.email().optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'digits, spaces, brackets and dashes, optionally starting with +')
      .refine((value) => /^(\D*\d){6,15}\D*$/.test(value), 'a phone number has 6 to 15 digits')
      .optional(),
  })
  .refine((claimant) => claimant.email !== undefined || claimant.phone !== undefined, {
    message: 'give an email or a phone number so the claimant can be reached',
    path: ['email'],
  })
  .refine((claimant) => claimant.relationship !== 'legal-guardian' || claimant.isLegalGuardian, {
    message: 'a claimant whose relationship is legal-guardian is a legal guardian: set isLegalGuardian to true',
    path: ['isLegalGuardian'],
  });

/** The claimants of one case: each reachable by a reference of its own, distinct from the child's (`child`). */
export const claimantList = z
  .array(claimantSchema)
  .min(1, 'a case needs at least one claimant')
  .max(10)
  .superRefine((claimants, context) => {
    const seen = new Set<string>(['child']);
    claimants.forEach((claimant, index) => {
      const id = claimantIdOf(claimant, index);
      if (seen.has(id))
        context.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `claimant id ${id} is used twice (or is "child", the child's own): give each claimant its own`,
        });
      seen.add(id);
    });
  });

export const documentReferences = z.object({
  civilRegistryReference: plainText(100).optional(),
  medicalRecordReference: plainText(100).optional(),
  schoolRecordReference: plainText(100).optional(),
});

const caseNumberRef = z
  .string()
  .regex(CASE_NUMBER_PATTERN, 'a case number looks like HW-2026-000123-K')
  .refine(isValidCaseNumber, 'the check letter does not match: a character of the case number is probably mistyped');

/** A coordinator's answer when registration found likely duplicates (409): same child, or different children. */
export const duplicateDecisionSchema = z.union([
  z.strictObject({ linkTo: caseNumberRef.describe('The existing case this registration is the same child as') }),
  z.strictObject({
    confirmedDifferentFrom: z
      .array(caseNumberRef)
      .max(20)
      .describe(
        "Every candidate case the coordinator has checked and found to be a different child; empty when the 409 could name none (the likely duplicates are other parties' cases)",
      ),
  }),
]);
export type DuplicateDecision = z.output<typeof duplicateDecisionSchema>;

export const registrationSchema = z.object({
  organisation: z.object({
    id: z.string().regex(/^[A-Za-z0-9._-]{2,64}$/, 'letters, digits, dot, dash and underscore, 2 to 64'),
    reference: z
      .string()
      .regex(/^[A-Za-z0-9._/-]{1,80}$/, 'letters, digits, dot, dash, slash and underscore, up to 80')
      .describe("The registering organisation's own file reference: registering it twice returns the same case"),
  }),
  child: childSchema,
  claimants: claimantList,
  documents: documentReferences.default({}),
  duplicateDecision: duplicateDecisionSchema
    .optional()
    .describe('Only after a 409 listing likely duplicates: link to one of them, or confirm a different child'),
});

export type Registration = z.output<typeof registrationSchema>;
export type RegistrationInput = z.input<typeof registrationSchema>;
export type Child = z.output<typeof childSchema>;
export type Claimant = z.output<typeof claimantSchema>;
