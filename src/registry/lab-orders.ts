/**
 * The DNA samples each case ordered, recorded before the order leaves for the lab: the registry knows a sample from
 * the moment a lab can, so a result the lab sends while the case is still recording its order (or while the
 * worker that placed it restarts) is recognised, not refused as unknown.
 */
import type { Db } from './db';

export interface LabOrder {
  caseNumber: string;
  sampleId: string;
  labId: string;
}

export async function recordLabOrder(db: Db, order: LabOrder): Promise<void> {
  await db.query(
    `INSERT INTO lab_orders (case_number, sample_id, lab_id) VALUES ($1, $2, $3) ON CONFLICT (sample_id) DO NOTHING`,
    [order.caseNumber, order.sampleId, order.labId],
  );
}

export async function labOrder(db: Db, caseNumber: string, sampleId: string): Promise<LabOrder | undefined> {
  const { rows } = await db.query<{ lab_id: string }>(
    'SELECT lab_id FROM lab_orders WHERE case_number = $1 AND sample_id = $2',
    [caseNumber, sampleId],
  );
  return rows[0] ? { caseNumber, sampleId, labId: rows[0].lab_id } : undefined;
}
