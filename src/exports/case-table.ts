/**
 * The case list as a table, read from the registry in case-number order, a batch at a time, so an export of 35,000
 * cases holds one batch in memory. Personal columns (the child's names, birth date, origin, facility, the claimants)
 * are filled only when the caller's role may see them; contact details (emails, phones) are never exported.
 */
import type { Config } from '../config';
import type { CaseState } from '../domain/case';
import type { Db } from '../registry/db';
import { dataConverterFor } from '../temporal/connection';
import { unseal } from '../temporal/sealed';

export const caseColumns = [
  'case_number',
  'organisation',
  'organisation_reference',
  'registered_at',
  'stage',
  'outcome',
  'current_country',
  'destination_country',
  'on_hold',
  'escalation_level',
  'next_deadline',
] as const;

export const personalColumns = [
  'child_names',
  'birth_date',
  'estimated_age',
  'origin_country',
  'origin_locality',
  'facility',
  'claimants',
] as const;

export type CaseColumn = (typeof caseColumns)[number] | (typeof personalColumns)[number];
export type CaseRow = Partial<Record<CaseColumn, string | number>>;

interface RegistryRow {
  case_number: string;
  organisation_id: string;
  organisation_reference: string;
  registered_at: Date | string;
  origin_country: string;
  destination_country: string | null;
  sealed: string | null;
}

const BATCH = 200;

export function columnsFor(personal: boolean): CaseColumn[] {
  return personal ? [...caseColumns, ...personalColumns] : [...caseColumns];
}

/**
 * Every case, one row at a time, oldest case number first. A case registered a moment ago has not published its
 * first view yet: `withoutView` reads it another way (the API queries its workflow, as GET /cases/:caseNumber does).
 */
export async function* caseRows(
  db: Db,
  config: Config,
  personal: boolean,
  withoutView: (caseNumber: string) => Promise<CaseState | undefined> = async () => undefined,
  /** Keeps the cases of a batch the caller may reach (a party's staff: the cases shared with it). */
  reachable: (caseNumbers: string[]) => Promise<Set<string>> = async (caseNumbers) => new Set(caseNumbers),
): AsyncGenerator<CaseRow> {
  const converter = dataConverterFor(config);
  let after = '';
  for (;;) {
    const { rows } = await db.query<RegistryRow>(
      `SELECT c.case_number, c.organisation_id, c.organisation_reference, c.registered_at, c.origin_country,
              c.destination_country, v.sealed
         FROM cases c LEFT JOIN case_views v ON v.case_number = c.case_number
        WHERE c.case_number > $1
        ORDER BY c.case_number
        LIMIT ${BATCH}`,
      [after],
    );
    const reach = await reachable(rows.map((row) => row.case_number));
    for (const row of rows) {
      if (!reach.has(row.case_number)) continue;
      const state = row.sealed ? await unseal<CaseState>(converter, row.sealed) : await withoutView(row.case_number);
      yield rowOf(row, state, personal);
    }
    if (rows.length < BATCH) return;
    after = rows.at(-1)!.case_number;
  }
}

function rowOf(row: RegistryRow, state: CaseState | undefined, personal: boolean): CaseRow {
  const deadlines = (state?.pending ?? []).map((action) => action.dueAt).sort();
  const result: CaseRow = {
    case_number: row.case_number,
    organisation: row.organisation_id,
    organisation_reference: row.organisation_reference,
    registered_at: new Date(row.registered_at).toISOString(),
    stage: state?.stage ?? 'registered',
    outcome: state?.outcome ?? '',
    current_country: state?.route.from ?? row.origin_country,
    destination_country: state?.route.to ?? row.destination_country ?? '',
    on_hold: state?.hold ? 'yes' : 'no',
    escalation_level: Math.max(0, ...(state?.pending ?? []).map((action) => action.escalationLevel)),
    next_deadline: deadlines[0] ?? '',
  };
  if (!personal || !state) return result;
  const { child, claimants } = state.registration;
  return {
    ...result,
    child_names: child.names.map((name) => name.value).join(' | '),
    birth_date: child.birthDate ?? '',
    estimated_age: child.estimatedAgeYears ?? '',
    origin_country: child.placeOfOrigin.country,
    origin_locality: child.placeOfOrigin.locality ?? '',
    facility: child.currentLocation.facility ?? '',
    claimants: claimants
      .map(
        (claimant) =>
          `${claimant.name} (${claimant.relationship}${claimant.isLegalGuardian ? ', guardian' : ''}, ${claimant.country})`,
      )
      .join(' | '),
  };
}
