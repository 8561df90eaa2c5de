/**
 * A case's health summary as an HL7 FHIR R4 International Patient Summary: a document Bundle whose first entry is the
 * Composition, with the IPS sections by their LOINC codes (allergies, medications and problems always, stated or
 * not; immunizations, social history and plan of care when stated) and a resource per item. A section stated as
 * "none known" carries the IPS absent-or-unknown code; one not stated yet, the "no information" code.
 */
import { randomUUID } from 'node:crypto';
import type {
  AllergyIntolerance,
  Bundle,
  BundleEntry,
  CodeableConcept,
  Composition,
  CompositionSection,
  Condition,
  Immunization,
  MedicationStatement,
  Organization,
  Patient,
  Reference,
  Resource,
} from '@medplum/fhirtypes';
import type { HealthSource, HealthSummary } from '../domain/health-summary';
import type { Registration } from '../domain/registration';

const LOINC = 'http://loinc.org';
const ABSENT = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips';
const IPS_COMPOSITION_PROFILE = 'http://hl7.org/fhir/uv/ips/StructureDefinition/Composition-uv-ips';

export const ipsSectionCodes = {
  allergies: {
    code: '48765-2',
    display: 'Allergies and adverse reactions Document',
    title: 'Allergies and intolerances',
  },
  medications: { code: '10160-0', display: 'History of Medication use Narrative', title: 'Medication summary' },
  conditions: { code: '11450-4', display: 'Problem list - Reported', title: 'Problem list' },
  immunizations: { code: '11369-6', display: 'History of Immunization Narrative', title: 'Immunizations' },
  psychosocial: { code: '29762-2', display: 'Social history Narrative', title: 'Psychosocial needs' },
  journeyInstructions: { code: '18776-5', display: 'Plan of care note', title: 'Care instructions for the journey' },
  followUpOutcomes: { code: '11506-3', display: 'Progress note', title: 'Medical follow-up visits after the handover' },
} as const;

const concept = (system: string, code: string, display?: string): CodeableConcept => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
  ...(display ? { text: display } : {}),
});

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);

const narrative = (lines: string[]) => ({
  status: 'generated' as const,
  div: `<div xmlns="http://www.w3.org/1999/xhtml"><ul>${lines.map((line) => `<li>${escapeXml(line)}</li>`).join('')}</ul></div>`,
});

const sourceNote = (source: HealthSource, statedAt: string) => [
  { text: `Stated by ${source.kind}${source.reference ? ` (${source.reference})` : ''} on ${statedAt}` },
];

export interface IpsExport {
  caseNumber: string;
  registration: Registration;
  summary: HealthSummary;
  /** The summary's revision and its review, named in the Composition. */
  revision: number;
  reviewedBy?: string;
  /** The case-number identifier system: the deployment's base URL. */
  baseUrl: string;
  now?: Date;
}

export function ipsBundle({
  caseNumber,
  registration,
  summary,
  revision,
  reviewedBy,
  baseUrl,
  now = new Date(),
}: IpsExport): Bundle {
  const entries: BundleEntry[] = [];
  const add = <T extends Resource>(resource: T): Reference<T> => {
    const fullUrl = `urn:uuid:${randomUUID()}`;
    entries.push({ fullUrl, resource });
    return { reference: fullUrl };
  };
  const { child } = registration;
  const patient = add<Patient>({
    resourceType: 'Patient',
    identifier: [{ system: `${baseUrl}/case-numbers`, value: caseNumber }],
    name: child.names.map((name) => ({ text: name.value })),
    ...(child.birthDate ? { birthDate: child.birthDate } : {}),
  });
  const author = add<Organization>({ resourceType: 'Organization', name: 'Homeward' });

  const sections: CompositionSection[] = [];
  const section = (
    name: keyof typeof ipsSectionCodes,
    lines: string[],
    refs: Reference[],
    absent?: CodeableConcept,
  ) => {
    const { code, display, title } = ipsSectionCodes[name];
    sections.push({
      title,
      code: concept(LOINC, code, display),
      text: narrative(lines.length ? lines : [absent?.text ?? 'No information']),
      ...(refs.length ? { entry: refs } : {}),
    });
  };

  const allergies = summary.allergies;
  if (allergies?.items.length) {
    section(
      'allergies',
      allergies.items.map((item) => `${item.substance.text}${item.reaction ? `: ${item.reaction}` : ''}`),
      allergies.items.map((item) =>
        add<AllergyIntolerance>({
          resourceType: 'AllergyIntolerance',
          clinicalStatus: concept('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active'),
          code: item.substance,
          patient,
          recordedDate: item.statedAt,
          ...(item.category ? { category: [item.category] } : {}),
          ...(item.criticality ? { criticality: item.criticality } : {}),
          ...(item.reaction ? { reaction: [{ manifestation: [{ text: item.reaction }] }] } : {}),
          note: sourceNote(item.source, item.statedAt),
        }),
      ),
    );
  } else {
    const code = allergies?.noneKnown ? 'no-known-allergies' : 'no-allergy-info';
    const absent = concept(
      ABSENT,
      code,
      allergies?.noneKnown ? 'No known allergies' : 'No information about allergies',
    );
    const ref = add<AllergyIntolerance>({
      resourceType: 'AllergyIntolerance',
      ...(allergies?.noneKnown
        ? { clinicalStatus: concept('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active') }
        : {}),
      code: absent,
      patient,
    });
    section('allergies', [], [ref], absent);
  }

  const medications = summary.medications;
  const medicationItems = medications?.items ?? [];
  section(
    'medications',
    medicationItems.map((item) => `${item.medication.text}${item.dosage ? `: ${item.dosage}` : ''}`),
    medicationItems.length
      ? medicationItems.map((item) =>
          add<MedicationStatement>({
            resourceType: 'MedicationStatement',
            status: item.status,
            medicationCodeableConcept: item.medication,
            subject: patient,
            dateAsserted: item.statedAt,
            ...(item.dosage ? { dosage: [{ text: item.dosage }] } : {}),
            note: sourceNote(item.source, item.statedAt),
          }),
        )
      : [
          add<MedicationStatement>({
            resourceType: 'MedicationStatement',
            status: 'unknown',
            medicationCodeableConcept: concept(
              ABSENT,
              medications?.noneKnown ? 'no-known-medications' : 'no-medication-info',
              medications?.noneKnown ? 'No known medications' : 'No information about medications',
            ),
            subject: patient,
          }),
        ],
    medications?.noneKnown ? { text: 'No known medications' } : { text: 'No information about medications' },
  );

  const conditions = summary.conditions;
  const conditionItems = conditions?.items ?? [];
  section(
    'conditions',
    conditionItems.map((item) => `${item.condition.text} (${item.clinicalStatus})`),
    conditionItems.length
      ? conditionItems.map((item) =>
          add<Condition>({
            resourceType: 'Condition',
            clinicalStatus: concept('http://terminology.hl7.org/CodeSystem/condition-clinical', item.clinicalStatus),
            code: item.condition,
            subject: patient,
            recordedDate: item.statedAt,
            note: sourceNote(item.source, item.statedAt),
          }),
        )
      : [
          add<Condition>({
            resourceType: 'Condition',
            code: concept(
              ABSENT,
              conditions?.noneKnown ? 'no-known-problems' : 'no-problem-info',
              conditions?.noneKnown ? 'No known problems' : 'No information about problems',
            ),
            subject: patient,
          }),
        ],
    conditions?.noneKnown ? { text: 'No known problems' } : { text: 'No information about problems' },
  );

  const immunizations = summary.immunizations;
  if (immunizations?.items.length)
    section(
      'immunizations',
      immunizations.items.map((item) => `${item.vaccine.text} on ${item.occurrenceDate}`),
      immunizations.items.map((item) =>
        add<Immunization>({
          resourceType: 'Immunization',
          status: 'completed',
          vaccineCode: item.vaccine,
          patient,
          occurrenceDateTime: item.occurrenceDate,
          recorded: item.statedAt,
          primarySource: false,
          note: sourceNote(item.source, item.statedAt),
        }),
      ),
    );
  else if (immunizations?.noneKnown) section('immunizations', ['No known immunizations'], []);

  if (summary.psychosocial?.items.length)
    section(
      'psychosocial',
      summary.psychosocial.items.map((item) => `${item.need} (${item.source.kind}, ${item.statedAt})`),
      [],
    );
  if (summary.journeyInstructions?.items.length)
    section(
      'journeyInstructions',
      summary.journeyInstructions.items.map((item) => `${item.instruction} (${item.source.kind}, ${item.statedAt})`),
      [],
    );

  if (summary.followUpOutcomes?.length)
    section(
      'followUpOutcomes',
      summary.followUpOutcomes.map((item) => `${item.followUpId} (${item.statedAt}): ${item.findings}`),
      [],
    );

  const composition: Composition = {
    resourceType: 'Composition',
    meta: { profile: [IPS_COMPOSITION_PROFILE] },
    status: 'final',
    type: concept(LOINC, '60591-5', 'Patient summary Document'),
    subject: patient,
    date: now.toISOString(),
    author: [author],
    title: `International Patient Summary, case ${caseNumber} (revision ${revision}${reviewedBy ? `, reviewed by ${reviewedBy}` : ''})`,
    section: sections,
  };
  return {
    resourceType: 'Bundle',
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${randomUUID()}` },
    type: 'document',
    timestamp: now.toISOString(),
    entry: [{ fullUrl: `urn:uuid:${randomUUID()}`, resource: composition }, ...entries],
  };
}
