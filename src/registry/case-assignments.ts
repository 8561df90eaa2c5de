/** Who a case is assigned to at the desk: one row per assigned case, set and cleared by a coordinator or supervisor. */
import type { Db } from './db';

export interface Assignment {
  assignedTo: string;
  assignedBy: string;
  assignedAt: string;
}

export async function assignmentOf(db: Db, caseNumber: string): Promise<Assignment | undefined> {
  const { rows } = await db.query<{ assigned_to: string; assigned_by: string; assigned_at: Date | string }>(
    'SELECT assigned_to, assigned_by, assigned_at FROM case_assignments WHERE case_number = $1',
    [caseNumber],
  );
  const row = rows[0];
  return row
    ? { assignedTo: row.assigned_to, assignedBy: row.assigned_by, assignedAt: new Date(row.assigned_at).toISOString() }
    : undefined;
}

/** Sets or clears who a case is assigned to; answers whether anything changed (a repeat changes nothing). */
export async function recordAssignment(
  db: Db,
  caseNumber: string,
  assignee: string | null,
  by: string,
): Promise<{ changed: boolean; previous: string | null }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ assigned_to: string }>(
      'SELECT assigned_to FROM case_assignments WHERE case_number = $1 FOR UPDATE',
      [caseNumber],
    );
    const previous = rows[0]?.assigned_to ?? null;
    if (previous === assignee) return { changed: false, previous };
    if (assignee === null) await tx.query('DELETE FROM case_assignments WHERE case_number = $1', [caseNumber]);
    else
      await tx.query(
        `INSERT INTO case_assignments (case_number, assigned_to, assigned_by) VALUES ($1, $2, $3)
         ON CONFLICT (case_number) DO UPDATE SET assigned_to = EXCLUDED.assigned_to, assigned_by = EXCLUDED.assigned_by, assigned_at = now()`,
        [caseNumber, assignee, by],
      );
    return { changed: true, previous };
  });
}
