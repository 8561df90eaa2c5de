/**
 * What the API's metrics read of open cases at each scrape: how many are at each stage, how many are past a
 * deadline (by whom the earliest wait is on), and how many have an escalated wait (by its level). Read from the
 * case summaries and the desk's queue (src/registry/case-queue.ts), never from Temporal: each count is an index scan
 * over open, overdue or escalated cases only, whatever the number of closed ones.
 */
import type { Db } from './db';

export interface CaseFigures {
  openByStage: Array<{ stage: string; cases: number }>;
  overdueByWaitingOn: Array<{ waitingOn: string; cases: number }>;
  escalatedByLevel: Array<{ level: number; cases: number }>;
}

/** Each answerable from an index over the rows it counts (test/registry/case-figures.test.ts checks the plans). */
export const caseFigureQueries = {
  openByStage: `SELECT stage, count(*) AS cases FROM case_summaries WHERE stage <> 'closed' GROUP BY stage`,
  // The queue's `all` row of a case is its earliest pending action: the case is overdue when that one is.
  overdue: `SELECT waiting_on, count(*) AS cases FROM case_queue
             WHERE audience = 'all' AND due_at < now() GROUP BY waiting_on`,
  escalated: `SELECT escalation_level, count(*) AS cases FROM case_queue
               WHERE audience = 'all' AND escalation_level > 0 GROUP BY escalation_level`,
} as const;

export async function readCaseFigures(db: Db): Promise<CaseFigures> {
  const [stages, overdue, escalated] = await Promise.all([
    db.query<{ stage: string; cases: string }>(caseFigureQueries.openByStage),
    db.query<{ waiting_on: string; cases: string }>(caseFigureQueries.overdue),
    db.query<{ escalation_level: number; cases: string }>(caseFigureQueries.escalated),
  ]);
  return {
    openByStage: stages.rows.map((row) => ({ stage: row.stage, cases: Number(row.cases) })),
    overdueByWaitingOn: overdue.rows.map((row) => ({ waitingOn: row.waiting_on, cases: Number(row.cases) })),
    escalatedByLevel: escalated.rows.map((row) => ({ level: Number(row.escalation_level), cases: Number(row.cases) })),
  };
}
