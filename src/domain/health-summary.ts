/**
 * A child's health summary: the sections of HL7 FHIR's International Patient Summary (allergies and intolerances,
 * medications, conditions, immunizations) and what a reunification adds (psychosocial needs, care instructions for
 * the journey). Every item and every "none known" says who stated it and when. Coded values use the FHIR R4 types
 * (@medplum/fhirtypes), so the export to an IPS Bundle (src/health/ips-bundle.ts) maps them field for field.
 * Content never leaves the registry sealed; the case workflow learns only `healthSummaryStatus`.
 */
import type {
  AllergyIntolerance,
  CodeableConcept,
  Coding,
  Condition,
  Immunization,
  MedicationStatement,
} from '@medplum/fhirtypes';
import { z } from 'zod';

/** Who stated an item, and through what. */
export const healthSourceKinds = [
  'received-report',
  'facility-record',
  'clinician',
  'guardian',
  'child',
  'escort',
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

const statedAt = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2}))?$/,
    'a date (2026-03-01) or a time with seconds and its offset (2026-03-01T09:30:00Z)',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a real date')
  .refine((value) => Date.parse(value) <= Date.now() + 86_400_000, 'a statement cannot be dated in the future')
  .describe('When the source stated it: a date, or a date-time with its offset');

export const healthSourceSchema = z
  .object({
    kind: z.enum(healthSourceKinds),
    /** A reference, never a person's name: a report ID, a facility record number, a staff reference. */
    reference: z
      .string()
      .regex(/^[A-Za-z0-9._:/-]{1,100}$/, 'a reference: letters, digits and ._:/- only, up to 100')
      .optional(),
  })
  .describe('Who stated it: a kind of source and its reference (a report ID, a record number), never a name');

const stated = { source: healthSourceSchema, statedAt };

const codingSchema = z.object({
  system: z.url().max(200),
  code: z
    .string()
    .regex(/^[^\s]+( [^\s]+)*$/, 'a code has no leading, trailing or double spaces')
    .max(64),
  display: text(200).optional(),
});

/** A CodeableConcept: the words as stated, and codes where a clinician has them (SNOMED CT, ATC, CVX…). */
const codeableSchema = z.object({ text: text(200), coding: z.array(codingSchema).max(5).optional() });

export const allergySchema = z.object({
  substance: codeableSchema,
  category: z.enum(['food', 'medication', 'environment', 'biologic']).optional(),
  criticality: z.enum(['low', 'high', 'unable-to-assess']).optional(),
  reaction: text(300).optional(),
  /** Allergies travel with the child unless a clinician says otherwise. */
  forJourney: z.boolean().default(true),
  ...stated,
});

export const medicationSchema = z.object({
  medication: codeableSchema,
  dosage: text(300).optional(),
  status: z.enum(['active', 'completed', 'on-hold', 'stopped']).default('active'),
  forJourney: z.boolean().default(false),
  ...stated,
});

export const conditionSchema = z.object({
  condition: codeableSchema,
  clinicalStatus: z.enum(['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved']).default('active'),
  forJourney: z.boolean().default(false),
  ...stated,
});

export const immunizationSchema = z.object({
  vaccine: codeableSchema,
  occurrenceDate: z.iso.date().describe('When the dose was given'),
  ...stated,
});

export const psychosocialNeedSchema = z.object({ need: text(500), ...stated });

export const careInstructionSchema = z.object({ instruction: text(500), ...stated });

/** What a medical follow-up visit after the handover found, recorded by the receiving clinician. */
export const followUpOutcomeSchema = z.object({
  followUpId: z.string().regex(/^follow-up-\d{1,3}$/, 'a follow-up of the case: follow-up-1, follow-up-2…'),
  findings: text(1000),
  ...stated,
});

/** A section lists its items, or says nothing is known (with its source), or is left out: not stated yet. */
function sectionSchema<Item extends z.ZodType>(item: Item) {
  return z
    .object({
      items: z.array(item).max(50).default([]),
      noneKnown: z.object(stated).optional().describe('"None known", as stated by its source'),
    })
    .refine((section) => !(section.noneKnown && section.items.length > 0), {
      message: 'a section either lists items or says none are known, not both',
    });
}

export const healthSectionNames = [
  'allergies',
  'medications',
  'conditions',
  'immunizations',
  'psychosocial',
  'journeyInstructions',
] as const;
export type HealthSectionName = (typeof healthSectionNames)[number];

export const healthSummarySchema = z
  .object({
    allergies: sectionSchema(allergySchema).optional(),
    medications: sectionSchema(medicationSchema).optional(),
    conditions: sectionSchema(conditionSchema).optional(),
    immunizations: sectionSchema(immunizationSchema).optional(),
    psychosocial: sectionSchema(psychosocialNeedSchema).optional(),
    journeyInstructions: sectionSchema(careInstructionSchema).optional(),
    /** Not a section a summary must state: it grows with the aftercare. */
    followUpOutcomes: z.array(followUpOutcomeSchema).max(20).optional(),
  })
  .strict()
  .describe('The whole summary; a write replaces the one before it');

export type HealthSummary = z.output<typeof healthSummarySchema>;
export type HealthSummaryInput = z.input<typeof healthSummarySchema>;
export type HealthSource = z.output<typeof healthSourceSchema>;
export type AllergyItem = z.output<typeof allergySchema>;
export type MedicationItem = z.output<typeof medicationSchema>;
export type ConditionItem = z.output<typeof conditionSchema>;
export type ImmunizationItem = z.output<typeof immunizationSchema>;
export type FollowUpOutcome = z.output<typeof followUpOutcomeSchema>;

// The summary's coded fields are FHIR R4's: a change here that FHIR would not take fails the typecheck.
type Fits<Ours extends Theirs, Theirs> = Ours;
export type FhirFits = [
  Fits<z.output<typeof codingSchema>, Coding>,
  Fits<z.output<typeof codeableSchema>, CodeableConcept>,
  Fits<NonNullable<AllergyItem['category']>, NonNullable<AllergyIntolerance['category']>[number]>,
  Fits<NonNullable<AllergyItem['criticality']>, NonNullable<AllergyIntolerance['criticality']>>,
  Fits<MedicationItem['status'], MedicationStatement['status']>,
  Fits<ImmunizationItem['occurrenceDate'], NonNullable<Immunization['occurrenceDateTime']>>,
  Fits<ConditionItem['condition'], NonNullable<Condition['code']>>,
];

export interface HealthCompleteness {
  complete: boolean;
  stated: HealthSectionName[];
  missing: HealthSectionName[];
}

/** Complete when every section is stated: items listed, or none known. */
export function completenessOf(summary: HealthSummary | undefined): HealthCompleteness {
  const isStated = (name: HealthSectionName) => {
    const section = summary?.[name];
    return Boolean(section && (section.noneKnown || section.items.length > 0));
  };
  const stated = healthSectionNames.filter(isStated);
  const missing = healthSectionNames.filter((name) => !isStated(name));
  return { complete: missing.length === 0, stated, missing };
}

/** What the escort of a journey sees: allergies, medications and conditions marked for it, and its instructions. */
export function journeySubset(summary: HealthSummary): HealthSummary {
  const forJourney = <Item extends { forJourney: boolean }>(
    section: { items: Item[]; noneKnown?: { source: HealthSource; statedAt: string } } | undefined,
  ) =>
    section && {
      items: section.items.filter((item) => item.forJourney),
      ...(section.noneKnown ? { noneKnown: section.noneKnown } : {}),
    };
  return {
    ...(summary.allergies ? { allergies: forJourney(summary.allergies) } : {}),
    ...(summary.medications ? { medications: forJourney(summary.medications) } : {}),
    ...(summary.conditions ? { conditions: forJourney(summary.conditions) } : {}),
    ...(summary.journeyInstructions ? { journeyInstructions: summary.journeyInstructions } : {}),
  };
}

/** Who looks after a case's health information: named by a coordinator, by staff reference. */
export const careTeamSchema = z
  .object({
    escortId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional(),
    sendingClinicianId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional()
      .describe('The clinician who compiles and reviews the summary before the departure'),
    receivingClinicianId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional()
      .describe('The clinician of the receiving side, who takes the child over from the handover'),
  })
  .strict();
export type CareTeam = z.output<typeof careTeamSchema>;
