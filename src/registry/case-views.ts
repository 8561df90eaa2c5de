/**
 * The latest state of each case, as the case itself published it (sealed with the payload keys): what the API reads
 * instead of querying the workflow. A query that reaches a worker without the case in its cache, while news for the
 * case waits on a dead worker's queue, leaves that worker with the case half-advanced, and the history it then
 * writes no longer replays (bench/findings/README.md). A view carries the case's revision: an older one (a batch of
 * a run that has since continued as new) never replaces a newer one.
 */
import type { Db } from './db';

export interface SealedCaseView {
  revision: number;
  sealed: string;
}

/** Each view the registry takes is announced on this channel (NOTIFY, at the commit), its payload the case number. */
export const caseViewChannel = 'case_views';

export async function recordCaseView(db: Db, caseNumber: string, view: SealedCaseView): Promise<void> {
  await db.query(
    `WITH taken AS (
       INSERT INTO case_views (case_number, revision, sealed) VALUES ($1, $2, $3)
       ON CONFLICT (case_number) DO UPDATE SET revision = EXCLUDED.revision, sealed = EXCLUDED.sealed, recorded_at = now()
         WHERE case_views.revision < EXCLUDED.revision
       RETURNING case_number)
     SELECT pg_notify('${caseViewChannel}', case_number) FROM taken`,
    [caseNumber, view.revision, view.sealed],
  );
}

export async function caseView(db: Db, caseNumber: string): Promise<SealedCaseView | undefined> {
  const { rows } = await db.query<{ revision: number; sealed: string }>(
    'SELECT revision, sealed FROM case_views WHERE case_number = $1',
    [caseNumber],
  );
  return rows[0] ? { revision: Number(rows[0].revision), sealed: rows[0].sealed } : undefined;
}
