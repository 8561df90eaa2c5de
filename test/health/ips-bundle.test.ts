import type { Composition, MedicationStatement } from '@medplum/fhirtypes';
import { healthSummarySchema } from '../../src/domain/health-summary';
import { registrationSchema } from '../../src/domain/registration';
import { ipsBundle } from '../../src/health/ips-bundle';
import { fhirIssues, ipsProblems } from '../support/fhir-validation';
import { registration } from '../support/fixtures';
import { healthSummaryInput } from '../support/health-fixtures';

const child = registrationSchema.parse(registration());
const exportOf = (summary: unknown) =>
  ipsBundle({
    caseNumber: 'HW-2026-000123-K',
    registration: child,
    summary: healthSummarySchema.parse(summary),
    revision: 3,
    reviewedBy: 'clin-sam',
    baseUrl: 'https://homeward.example.org',
  });

describe('the IPS export', () => {
  it('is a valid R4 document Bundle with the IPS sections and a resource per item', () => {
    const bundle = exportOf(healthSummaryInput());
    expect(fhirIssues(bundle)).toEqual([]);
    expect(ipsProblems(bundle)).toEqual([]);
    const composition = bundle.entry![0]!.resource as Composition;
    expect(composition.section!.map((section) => section.code!.coding![0]!.code)).toEqual([
      '48765-2',
      '10160-0',
      '11450-4',
      '11369-6',
      '29762-2',
      '18776-5',
    ]);
    const types = bundle.entry!.map((entry) => entry.resource!.resourceType);
    expect(types.filter((type) => type === 'AllergyIntolerance')).toHaveLength(2);
    expect(types.filter((type) => type === 'MedicationStatement')).toHaveLength(2);
    expect(types).toEqual(expect.arrayContaining(['Patient', 'Organization', 'Condition', 'Immunization']));
  });

  it('says "no information" for required sections not stated, and "none known" where the source said so', () => {
    const stated = { source: { kind: 'clinician', reference: 'clin-sam' }, statedAt: '2026-02-01' };
    const bundle = exportOf({ medications: { noneKnown: stated } });
    expect(fhirIssues(bundle)).toEqual([]);
    expect(ipsProblems(bundle)).toEqual([]);
    const medication = bundle.entry!.find((entry) => entry.resource!.resourceType === 'MedicationStatement')!
      .resource as MedicationStatement;
    expect(medication.medicationCodeableConcept!.coding![0]!.code).toBe('no-known-medications');
    const codes = bundle.entry!.flatMap((entry) => JSON.stringify(entry.resource).match(/no-[a-z]+-info/g) ?? []);
    expect(codes.sort()).toEqual(['no-allergy-info', 'no-problem-info']);
  });

  it('is caught by the validator when it breaks R4 (a document without its identifier)', () => {
    const { identifier: _dropped, ...broken } = exportOf(healthSummaryInput());
    expect(fhirIssues(broken).join('\n')).toContain('bdl-9');
    const bundle = exportOf(healthSummaryInput());
    (bundle.entry![0]!.resource as Composition).section!.splice(0, 1);
    expect(ipsProblems(bundle)).toEqual(['section 48765-2 is missing']);
  });
});
