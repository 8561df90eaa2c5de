import { z } from 'zod';
import { isValidCaseNumber } from './case-number';

/**
 * What a coordinator supplies to register a case. Everything under `child` and `claimants` is personal data:
 * it travels to the workflow only inside encrypted payloads and never appears in IDs, search attributes or logs.
 */

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'use an ISO 3166-1 alpha-2 country code in capitals, e.g. UA, RU, PL')
  .describe('ISO 3166-1 alpha-2 country code');

export const languageCode = z.enum(['uk', 'ru', 'en']).describe('Language for messages: Ukrainian, Russian or English');

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use the date format YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'not a real calendar date');

export const personName = z.object({
  value: z.string().trim().min(1, 'a name cannot be empty').max(200),
  script: z.enum(['latin', 'cyrillic', 'other']).default('latin'),
});

export const childSchema = z
  .object({
    names: z.array(personName).min(1, 'give at least one name the child is known by').max(20),
    birthDate: isoDate.optional().describe('Date of birth, if known'),
    estimatedAgeYears: z.number().int().min(0).max(30).optional().describe('When the birth date is unknown'),
    placeOfOrigin: z.object({ country: countryCode, locality: z.string().trim().max(200).optional() }),
    currentLocation: z.object({ country: countryCode, facility: z.string().trim().max(200).optional() }),
    language: languageCode.default('uk'),
    email: z.email().optional().describe('Only for a young person who can be contacted directly'),
  })
  .refine((child) => child.birthDate !== undefined || child.estimatedAgeYears !== undefined, {
    message: 'give either birthDate or estimatedAgeYears',
    path: ['birthDate'],
  });

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
    name: z.string().trim().min(1).max(200),
    relationship,
    isLegalGuardian: z.boolean(),
    country: countryCode.describe('Where the claimant lives: the case moves the child there once verified'),
    language: languageCode,
    email: z.email().optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{6,20}$/, 'digits, spaces, brackets and dashes, optionally starting with +')
      .optional(),
  })
  .refine((claimant) => claimant.email !== undefined || claimant.phone !== undefined, {
    message: 'give an email or a phone number so the claimant can be reached',
    path: ['email'],
  });

const caseNumberRef = z
  .string()
  .refine(isValidCaseNumber, 'a case number looks like HW-2026-000123-K, with a matching check letter');

/** A coordinator's answer when registration found likely duplicates (409): same child, or different children. */
export const duplicateDecisionSchema = z.union([
  z.strictObject({ linkTo: caseNumberRef.describe('The existing case this registration is the same child as') }),
  z.strictObject({
    confirmedDifferentFrom: z
      .array(caseNumberRef)
      .min(1)
      .max(20)
      .describe('Every candidate case the coordinator has checked and found to be a different child'),
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
  claimants: z.array(claimantSchema).min(1, 'a case needs at least one claimant').max(10),
  documents: z
    .object({
      civilRegistryReference: z.string().max(100).optional(),
      medicalRecordReference: z.string().max(100).optional(),
      schoolRecordReference: z.string().max(100).optional(),
    })
    .default({}),
  duplicateDecision: duplicateDecisionSchema
    .optional()
    .describe('Only after a 409 listing likely duplicates: link to one of them, or confirm a different child'),
});

export type Registration = z.output<typeof registrationSchema>;
export type RegistrationInput = z.input<typeof registrationSchema>;
export type Child = z.output<typeof childSchema>;
export type Claimant = z.output<typeof claimantSchema>;
