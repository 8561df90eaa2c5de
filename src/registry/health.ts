/**
 * A case's health information in the registry: its care team (staff references), its summary sealed with the payload
 * keys beside the flags anyone may know (complete, reviewed), and its received reports, each encrypted with a key of
 * its own (src/health/file-keys.ts). Nothing here is ever copied into the audit trail or the case's workflow.
 */
import type { EncryptionKey } from '../config';
import type { CareTeam, HealthSectionName } from '../domain/health-summary';
import { rewrapFileKey, type SealedFile } from '../health/file-keys';
import type { ReportMediaType } from '../health/report-files';
import type { Db } from './db';

export async function careTeamOf(db: Db, caseNumber: string): Promise<CareTeam | undefined> {
  const { rows } = await db.query<{
    escort_id: string | null;
    sending_clinician_id: string | null;
    receiving_clinician_id: string | null;
  }>('SELECT escort_id, sending_clinician_id, receiving_clinician_id FROM health_care_teams WHERE case_number = $1', [
    caseNumber,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...(row.escort_id ? { escortId: row.escort_id } : {}),
    ...(row.sending_clinician_id ? { sendingClinicianId: row.sending_clinician_id } : {}),
    ...(row.receiving_clinician_id ? { receivingClinicianId: row.receiving_clinician_id } : {}),
  };
}

export async function saveCareTeam(db: Db, caseNumber: string, team: CareTeam, assignedBy: string): Promise<void> {
  await db.query(
    `INSERT INTO health_care_teams (case_number, escort_id, sending_clinician_id, receiving_clinician_id, assigned_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (case_number) DO UPDATE SET escort_id = EXCLUDED.escort_id,
       sending_clinician_id = EXCLUDED.sending_clinician_id, receiving_clinician_id = EXCLUDED.receiving_clinician_id,
       assigned_by = EXCLUDED.assigned_by, assigned_at = now()`,
    [caseNumber, team.escortId ?? null, team.sendingClinicianId ?? null, team.receivingClinicianId ?? null, assignedBy],
  );
}

export interface StoredSummary {
  revision: number;
  sealed: string;
  complete: boolean;
  missing: HealthSectionName[];
  updatedBy: string;
  updatedAt: string;
  /** Reviewed by a clinician at this very revision; a later write needs a new review. */
  review?: { by: string; at: string };
}

interface SummaryRow {
  revision: number;
  sealed: string;
  complete: boolean;
  missing_sections: string;
  updated_by: string;
  updated_at: Date | string;
  reviewed_by: string | null;
  reviewed_revision: number | null;
  reviewed_at: Date | string | null;
}

export async function storedSummary(db: Db, caseNumber: string): Promise<StoredSummary | undefined> {
  const { rows } = await db.query<SummaryRow>('SELECT * FROM health_summaries WHERE case_number = $1', [caseNumber]);
  const row = rows[0];
  if (!row) return undefined;
  const revision = Number(row.revision);
  return {
    revision,
    sealed: row.sealed,
    complete: row.complete,
    missing: JSON.parse(row.missing_sections) as HealthSectionName[],
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
    ...(row.reviewed_by && Number(row.reviewed_revision) === revision && row.reviewed_at
      ? { review: { by: row.reviewed_by, at: new Date(row.reviewed_at).toISOString() } }
      : {}),
  };
}

/** Replaces the case's summary; answers its new revision. */
export async function writeSummary(
  db: Db,
  caseNumber: string,
  summary: { sealed: string; complete: boolean; missing: HealthSectionName[]; by: string },
): Promise<number> {
  const { rows } = await db.query<{ revision: number }>(
    `INSERT INTO health_summaries (case_number, revision, sealed, complete, missing_sections, updated_by)
     VALUES ($1, 1, $2, $3, $4, $5)
     ON CONFLICT (case_number) DO UPDATE SET revision = health_summaries.revision + 1, sealed = EXCLUDED.sealed,
       complete = EXCLUDED.complete, missing_sections = EXCLUDED.missing_sections, updated_by = EXCLUDED.updated_by,
       updated_at = now()
     RETURNING revision`,
    [caseNumber, summary.sealed, summary.complete, JSON.stringify(summary.missing), summary.by],
  );
  return Number(rows[0]!.revision);
}

/** Records a clinician's review of `revision`; false when the summary has changed since (or does not exist). */
export async function reviewSummary(db: Db, caseNumber: string, revision: number, by: string): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE health_summaries SET reviewed_by = $3, reviewed_revision = revision, reviewed_at = now()
      WHERE case_number = $1 AND revision = $2 RETURNING revision`,
    [caseNumber, revision, by],
  );
  return rows.length === 1;
}

/** Who supplied a report, when, and through which channel. */
export interface ReportProvenance {
  suppliedBy: string;
  suppliedAt: string;
  channel: string;
}

export interface ReportRecord extends ReportProvenance {
  reportId: string;
  caseNumber: string;
  mediaType: ReportMediaType;
  byteSize: number;
  uploadedBy: string;
  uploadedAt: string;
}

interface ReportRow {
  report_id: string;
  case_number: string;
  media_type: ReportMediaType;
  byte_size: number;
  supplied_by: string;
  supplied_at: string;
  channel: string;
  uploaded_by: string;
  uploaded_at: Date | string;
  key_id: string;
  wrapped_key: Uint8Array;
  sealed_name: Uint8Array;
  sealed_content: Uint8Array;
}

const toRecord = (row: ReportRow): ReportRecord => ({
  reportId: row.report_id,
  caseNumber: row.case_number,
  mediaType: row.media_type,
  byteSize: Number(row.byte_size),
  suppliedBy: row.supplied_by,
  suppliedAt: row.supplied_at,
  channel: row.channel,
  uploadedBy: row.uploaded_by,
  uploadedAt: new Date(row.uploaded_at).toISOString(),
});

export async function storeReport(
  db: Db,
  report: Omit<ReportRecord, 'uploadedAt'> & { sealed: SealedFile },
): Promise<ReportRecord> {
  const { rows } = await db.query<ReportRow>(
    `INSERT INTO health_reports (report_id, case_number, media_type, byte_size, supplied_by, supplied_at, channel,
       uploaded_by, key_id, wrapped_key, sealed_name, sealed_content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
    [
      report.reportId,
      report.caseNumber,
      report.mediaType,
      report.byteSize,
      report.suppliedBy,
      report.suppliedAt,
      report.channel,
      report.uploadedBy,
      report.sealed.keyId,
      report.sealed.wrappedKey,
      report.sealed.sealedName,
      report.sealed.sealedContent,
    ],
  );
  return toRecord(rows[0]!);
}

export async function reportsOf(db: Db, caseNumber: string): Promise<ReportRecord[]> {
  const { rows } = await db.query<ReportRow>(
    `SELECT report_id, case_number, media_type, byte_size, supplied_by, supplied_at, channel, uploaded_by, uploaded_at
       FROM health_reports WHERE case_number = $1 ORDER BY uploaded_at, report_id`,
    [caseNumber],
  );
  return rows.map(toRecord);
}

export async function sealedReport(
  db: Db,
  caseNumber: string,
  reportId: string,
): Promise<{ record: ReportRecord; sealed: SealedFile } | undefined> {
  const { rows } = await db.query<ReportRow>('SELECT * FROM health_reports WHERE case_number = $1 AND report_id = $2', [
    caseNumber,
    reportId,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    record: toRecord(row),
    sealed: {
      keyId: row.key_id,
      wrappedKey: Buffer.from(row.wrapped_key),
      sealedName: Buffer.from(row.sealed_name),
      sealedContent: Buffer.from(row.sealed_content),
    },
  };
}

/** After a key rotation: every report's key wrapped by the current key; answers how many were rewrapped. */
export async function rewrapReportKeys(db: Db, keys: readonly EncryptionKey[], currentKeyId: string): Promise<number> {
  const { rows } = await db.query<Pick<ReportRow, 'report_id' | 'key_id' | 'wrapped_key'>>(
    'SELECT report_id, key_id, wrapped_key FROM health_reports WHERE key_id <> $1',
    [currentKeyId],
  );
  for (const row of rows) {
    const rewrapped = rewrapFileKey(keys, currentKeyId, row.report_id, {
      keyId: row.key_id,
      wrappedKey: Buffer.from(row.wrapped_key),
    });
    await db.query('UPDATE health_reports SET key_id = $2, wrapped_key = $3 WHERE report_id = $1 AND key_id = $4', [
      row.report_id,
      rewrapped.keyId,
      rewrapped.wrappedKey,
      row.key_id,
    ]);
  }
  return rows.length;
}
