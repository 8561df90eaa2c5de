/**
 * The figures the API's case gauges read at each scrape (src/registry/case-figures.ts), from the queue facts cases
 * publish (src/registry/case-queue.ts), on both registry backends: open cases by stage, closed ones left out; a case
 * overdue when its earliest wait is past its deadline; escalated by the highest level among its waits.
 */
import type { CaseStage, CaseState, PendingAction } from '../../src/domain/case';
import { caseFigureQueries, readCaseFigures } from '../../src/registry/case-figures';
import { recordCaseQueue } from '../../src/registry/case-queue';
import { registryBackends } from './backends';

const HOUR = 3_600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

const wait = (
  waitingOn: PendingAction['waitingOn'],
  dueInMs: number,
  escalationLevel = 0,
  id = `${waitingOn}-wait`,
): PendingAction => ({
  id,
  kind: `${waitingOn}-answer`,
  waitingOn,
  since: at(-24 * HOUR),
  dueAt: at(dueInMs),
  remindersSent: 0,
  escalationLevel,
});

/** What recordCaseQueue reads of a case's state; the rest of a state plays no part here. */
const caseAt = (caseNumber: string, stage: CaseStage, pending: PendingAction[]) =>
  ({
    caseNumber,
    stage,
    ...(stage === 'closed' ? { outcome: 'reunited' } : {}),
    coordinator: { id: 'coord-ana', role: 'coordinator' },
    route: { from: 'RU', to: 'UA' },
    pending,
  }) as unknown as CaseState;

const byKey = <T extends { cases: number }>(rows: T[], key: (row: T) => string) =>
  Object.fromEntries(rows.map((row) => [key(row), row.cases]));

describe.each(registryBackends())('case figures on $name', (backend) => {
  it('counts open cases by stage, overdue by whom the earliest wait is on, and escalated by level', async () => {
    const db = await backend.open();
    await recordCaseQueue(db, 1, caseAt('HW-A', 'identification', [wait('coordinator', -HOUR, 1)]));
    await recordCaseQueue(db, 1, caseAt('HW-B', 'consent', [wait('guardian', 48 * HOUR)]));
    // Its earliest wait (on the lab) is past its deadline and two levels up; the other is neither.
    await recordCaseQueue(
      db,
      1,
      caseAt('HW-C', 'consent', [wait('guardian', 48 * HOUR), wait('lab', -2 * HOUR, 2, 'lab-result')]),
    );
    await recordCaseQueue(db, 1, caseAt('HW-D', 'record-checks', []));
    await recordCaseQueue(db, 1, caseAt('HW-E', 'closed', [wait('coordinator', -HOUR, 3)]));

    const figures = await readCaseFigures(db);
    expect(byKey(figures.openByStage, (row) => row.stage)).toEqual({
      identification: 1,
      consent: 2,
      'record-checks': 1,
    });
    expect(byKey(figures.overdueByWaitingOn, (row) => row.waitingOn)).toEqual({ coordinator: 1, lab: 1 });
    expect(byKey(figures.escalatedByLevel, (row) => String(row.level))).toEqual({ '1': 1, '2': 1 });
  });

  it('follows a case as it publishes a newer revision, and ignores an older one', async () => {
    const db = await backend.open();
    await recordCaseQueue(db, 1, caseAt('HW-A', 'identification', [wait('coordinator', -HOUR, 1)]));
    await recordCaseQueue(db, 2, caseAt('HW-A', 'record-checks', [wait('registry', 24 * HOUR)]));
    // A late batch of an earlier run changes nothing.
    await recordCaseQueue(db, 1, caseAt('HW-A', 'identification', [wait('coordinator', -HOUR, 1)]));
    expect(await readCaseFigures(db)).toEqual({
      openByStage: [{ stage: 'record-checks', cases: 1 }],
      overdueByWaitingOn: [],
      escalatedByLevel: [],
    });
    await recordCaseQueue(db, 3, caseAt('HW-A', 'closed', []));
    expect(await readCaseFigures(db)).toEqual({ openByStage: [], overdueByWaitingOn: [], escalatedByLevel: [] });
  });

  it('reads each figure from an index over the rows it counts, never by a scan of every case', async () => {
    const db = await backend.open();
    // Closed cases stay in case_summaries for good, and its index for the count leaves them out; the queue holds open
    // cases only, and any of its indexes keeps the read to them.
    const expectedIndex: Record<string, RegExp> = {
      openByStage: /(Index (Only )?Scan using|Bitmap Index Scan on) case_summaries_open_by_stage\b/,
      overdue: /(Index (Only )?Scan using|Bitmap Index Scan on) case_queue_/,
      escalated: /(Index (Only )?Scan using|Bitmap Index Scan on) case_queue_/,
    };
    for (const [figure, sql] of Object.entries(caseFigureQueries)) {
      // With sequential scans priced out, a plan still holds one only where no index can answer the query.
      const plan = await db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect({ figure, plan }).toEqual({ figure, plan: expect.stringMatching(expectedIndex[figure]!) });
      expect({ figure, plan }).toEqual({ figure, plan: expect.not.stringMatching(/Seq Scan/) });
    }
  });
});
