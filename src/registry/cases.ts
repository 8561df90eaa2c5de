import { formatCaseNumber } from '../domain/case-number';
import type { Db } from './db';

export interface CaseRecord {
  caseNumber: string;
  organisationId: string;
  organisationReference: string;
  registeredBy: string;
  registeredAt: string;
  originCountry: string;
  destinationCountry: string | null;
}

interface CaseRow {
  case_number: string;
  organisation_id: string;
  organisation_reference: string;
  registered_by: string;
  registered_at: Date | string;
  origin_country: string;
  destination_country: string | null;
}

const toRecord = (row: CaseRow): CaseRecord => ({
  caseNumber: row.case_number,
  organisationId: row.organisation_id,
  organisationReference: row.organisation_reference,
  registeredBy: row.registered_by,
  registeredAt: new Date(row.registered_at).toISOString(),
  originCountry: row.origin_country,
  destinationCountry: row.destination_country,
});

export interface NewCase {
  organisationId: string;
  organisationReference: string;
  registeredBy: string;
  originCountry: string;
  destinationCountry?: string;
  registeredAt?: Date;
}

/**
 * Allocates a case number for an organisation's reference, or returns the case already registered under it.
 * `created` tells the two apart. Serials come from a sequence: a number is never reused, even after a rollback.
 *
 * No transaction is needed, and none is taken (two round trips fewer per registration): the sequence is outside
 * transactions anyway, and the insert is one statement that either takes the reference or, when a concurrent
 * registration took it first, waits for that one's commit and leaves the row to it.
 */
export async function allocateCase(db: Db, input: NewCase): Promise<{ record: CaseRecord; created: boolean }> {
  const existing = await findByReference(db, input.organisationId, input.organisationReference);
  if (existing) return { record: existing, created: false };
  return allocateNewCase(db, input);
}

/**
 * allocateCase for a caller that has just found no case under the reference: one read fewer. A registration that
 * took the reference since is still found, and returned with `created: false`.
 */
export async function allocateNewCase(db: Db, input: NewCase): Promise<{ record: CaseRecord; created: boolean }> {
  const registeredAt = input.registeredAt ?? new Date();
  const { rows: serials } = await db.query<{ serial: string }>(`SELECT nextval('case_serial')::text AS serial`);
  const caseNumber = formatCaseNumber(registeredAt.getUTCFullYear(), Number(serials[0]!.serial));
  const { rows } = await db.query<CaseRow>(
    `INSERT INTO cases (case_number, organisation_id, organisation_reference, registered_by, registered_at, origin_country, destination_country)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (organisation_id, organisation_reference) DO NOTHING
     RETURNING *`,
    [
      caseNumber,
      input.organisationId,
      input.organisationReference,
      input.registeredBy,
      registeredAt.toISOString(),
      input.originCountry,
      input.destinationCountry ?? null,
    ],
  );
  if (rows[0]) return { record: toRecord(rows[0]), created: true };
  const raced = await findByReference(db, input.organisationId, input.organisationReference);
  return { record: raced!, created: false };
}

/** A coordinator's answer to a duplicate check, recorded once per organisation reference (duplicates.ts). */
export interface RecordedDuplicateDecision {
  kind: 'linked' | 'different';
  caseNumber: string;
}

/**
 * What the registry holds under an organisation's reference, in one read: the case registered under it, and the
 * duplicate decision recorded for it (a registration linked to another case has a decision and no case of its own).
 */
export async function findReference(
  db: Db,
  organisationId: string,
  reference: string,
): Promise<{ record?: CaseRecord; decision?: RecordedDuplicateDecision }> {
  const { rows } = await db.query<
    Partial<CaseRow> & { decided: 'linked' | 'different' | null; decided_case: string | null }
  >(
    `SELECT c.*, d.decision AS decided, d.case_number AS decided_case
       FROM (SELECT $1::text AS organisation_id, $2::text AS organisation_reference) AS k
       LEFT JOIN cases c ON c.organisation_id = k.organisation_id AND c.organisation_reference = k.organisation_reference
       LEFT JOIN duplicate_decisions d
         ON d.organisation_id = k.organisation_id AND d.organisation_reference = k.organisation_reference`,
    [organisationId, reference],
  );
  const row = rows[0];
  return {
    ...(row?.case_number ? { record: toRecord(row as CaseRow) } : {}),
    ...(row?.decided && row.decided_case ? { decision: { kind: row.decided, caseNumber: row.decided_case } } : {}),
  };
}

export async function findByReference(
  db: Db,
  organisationId: string,
  reference: string,
): Promise<CaseRecord | undefined> {
  const { rows } = await db.query<CaseRow>(
    'SELECT * FROM cases WHERE organisation_id = $1 AND organisation_reference = $2',
    [organisationId, reference],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function findCase(db: Db, caseNumber: string): Promise<CaseRecord | undefined> {
  const { rows } = await db.query<CaseRow>('SELECT * FROM cases WHERE case_number = $1', [caseNumber]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}
