/**
 * The desk's work queue, read from the registry: each case's queue facts as the case last published them (with its
 * view, src/registry/case-views.ts), kept in plain columns because they hold no personal data (stage, route country
 * codes, what is awaited from which kind of party, deadlines, escalation levels). One row per case and audience, so
 * the first page of any person's queue is an index scan on (audience, due_at) whatever the number of cases.
 * Temporal's visibility store cannot sort by a custom attribute on SQL backends and knows neither who a case waits
 * on nor who it is assigned to; the sealed views cannot be filtered without opening every one.
 */
import type { CaseStage, CaseState, PendingAction, WaitingOn } from '../domain/case';
import { reachableBy, type PartyScope } from './case-parties';
import type { Db } from './db';

export const audiences = ['desk', 'reviewer', 'all'] as const;
export type Audience = (typeof audiences)[number];

/** Who a coordinator's desk answers for: its own work and the outside parties it chases. */
const chasedByDesk: readonly WaitingOn[] = [
  'coordinator',
  'guardian',
  'child',
  'registry',
  'lab',
  'escort',
  'authority',
  // A departure waiting for the child's health summary: the desk chases the clinician.
  'clinician',
];

const inAudience = (audience: Audience, action: PendingAction) =>
  audience === 'all' ||
  (audience === 'reviewer' ? action.waitingOn === 'reviewer' : chasedByDesk.includes(action.waitingOn));

/** What the queue keeps of one pending action: references and times only. */
export interface QueuedAction {
  id: string;
  kind: string;
  waitingOn: WaitingOn;
  party?: string;
  since: string;
  dueAt: string;
  escalationLevel: number;
}

const queued = (action: PendingAction): QueuedAction => ({
  id: action.id,
  kind: action.kind,
  waitingOn: action.waitingOn,
  ...(action.party !== undefined ? { party: action.party } : {}),
  since: action.since,
  dueAt: action.dueAt,
  escalationLevel: action.escalationLevel,
});

/**
 * Records a case's queue facts from the state it published as `revision`; an older revision (a late batch of a run
 * that has since continued as new) changes nothing.
 */
export async function recordCaseQueue(db: Db, revision: number, state: CaseState): Promise<void> {
  await db.transaction((tx) => recordCaseQueueIn(tx, revision, state));
}

/** recordCaseQueue inside a transaction the caller holds (with the audit batch that published the state). */
export async function recordCaseQueueIn(tx: Db, revision: number, state: CaseState): Promise<void> {
  const pending = [...state.pending].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const open = state.stage !== 'closed';
  const { rows: summaries } = await tx.query<{ case_number: string }>(
    `INSERT INTO case_summaries (case_number, revision, stage, outcome, coordinator_id, route_from, route_to, next_due_at, escalation_level)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (case_number) DO UPDATE SET revision = EXCLUDED.revision, stage = EXCLUDED.stage,
       outcome = EXCLUDED.outcome, coordinator_id = EXCLUDED.coordinator_id, route_from = EXCLUDED.route_from,
       route_to = EXCLUDED.route_to, next_due_at = EXCLUDED.next_due_at, escalation_level = EXCLUDED.escalation_level,
       updated_at = now()
       WHERE case_summaries.revision < EXCLUDED.revision
     RETURNING case_number`,
    [
      state.caseNumber,
      revision,
      state.stage,
      state.outcome ?? null,
      state.coordinator.id,
      state.route.from,
      state.route.to ?? null,
      open && pending[0] ? pending[0].dueAt : null,
      Math.max(0, ...pending.map((action) => action.escalationLevel)),
    ],
  );
  if (!summaries[0]) return;
  await tx.query('DELETE FROM case_queue WHERE case_number = $1', [state.caseNumber]);
  if (!open) return;
  const { caseNumber, stage, route } = state;
  const rows = audiences.flatMap((audience) => {
    const actions = pending.filter((action) => inAudience(audience, action));
    if (!actions[0]) return [];
    const { dueAt, waitingOn } = actions[0];
    const all = `,${[...new Set(actions.map((action) => action.waitingOn))].join(',')},`;
    const level = Math.max(...actions.map((action) => action.escalationLevel));
    const queuedActions = JSON.stringify(actions.map(queued));
    return [[caseNumber, audience, stage, dueAt, waitingOn, all, level, route.from, route.to ?? null, queuedActions]];
  });
  if (rows.length === 0) return;
  // Every audience's row in one statement.
  const values = rows.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`);
  await tx.query(
    `INSERT INTO case_queue (case_number, audience, stage, due_at, waiting_on, waiting_on_all, escalation_level, route_from, route_to, actions)
     VALUES ${values.join(', ')}`,
    rows.flat(),
  );
}

/** Views published before the queue existed, for a one-off backfill: in case-number order after `after`. */
export async function viewsWithoutSummary(
  db: Db,
  after: string,
  limit: number,
): Promise<Array<{ caseNumber: string; sealed: string; revision: number }>> {
  const { rows } = await db.query<{ case_number: string; sealed: string; revision: number }>(
    `SELECT v.case_number, v.sealed, v.revision FROM case_views v
      WHERE v.case_number > $1 AND NOT EXISTS (SELECT 1 FROM case_summaries s WHERE s.case_number = v.case_number)
      ORDER BY v.case_number LIMIT $2`,
    [after, limit],
  );
  return rows.map((row) => ({ caseNumber: row.case_number, sealed: row.sealed, revision: Number(row.revision) }));
}

export interface QueueFilter {
  audience: Audience;
  stage?: CaseStage;
  waitingOn?: WaitingOn;
  escalated?: boolean;
  from?: string;
  to?: string;
  /** An actor ID: only cases assigned to them. */
  assignedTo?: string;
  unassigned?: boolean;
  /** Only the cases this organisation may reach. */
  party?: PartyScope;
}

export interface QueueRow {
  caseNumber: string;
  stage: CaseStage;
  dueAt: string;
  waitingOn: WaitingOn;
  escalationLevel: number;
  routeFrom: string | null;
  routeTo: string | null;
  actions: QueuedAction[];
  assignedTo: string | null;
  organisationReference: string | null;
}

interface QueueDbRow {
  case_number: string;
  stage: CaseStage;
  due_at: Date | string;
  waiting_on: WaitingOn;
  escalation_level: number;
  route_from: string | null;
  route_to: string | null;
  actions: string;
  assigned_to: string | null;
  organisation_reference: string | null;
}

function whereOf(filter: QueueFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.audience];
  const clauses = ['q.audience = $1'];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    clauses.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.stage) add('q.stage = ?', filter.stage);
  if (filter.waitingOn) add("q.waiting_on_all LIKE '%,' || ? || ',%'", filter.waitingOn);
  if (filter.escalated === true) clauses.push('q.escalation_level > 0');
  if (filter.escalated === false) clauses.push('q.escalation_level = 0');
  if (filter.from) add('q.route_from = ?', filter.from);
  if (filter.to) add('q.route_to = ?', filter.to);
  if (filter.assignedTo) add('a.assigned_to = ?', filter.assignedTo);
  if (filter.unassigned) clauses.push('a.assigned_to IS NULL');
  if (filter.party)
    clauses.push(
      reachableBy(filter.party, (value) => {
        params.push(value);
        return `$${params.length}`;
      }),
    );
  return { sql: clauses.join(' AND '), params };
}

const toRow = (row: QueueDbRow): QueueRow => ({
  caseNumber: row.case_number,
  stage: row.stage,
  dueAt: new Date(row.due_at).toISOString(),
  waitingOn: row.waiting_on,
  escalationLevel: Number(row.escalation_level),
  routeFrom: row.route_from,
  routeTo: row.route_to,
  actions: JSON.parse(row.actions) as QueuedAction[],
  assignedTo: row.assigned_to,
  organisationReference: row.organisation_reference,
});

/** One page of a queue, earliest deadline first (so overdue first, the longest overdue at the top), and its size. */
export async function queuePage(
  db: Db,
  filter: QueueFilter,
  page: { number: number; size: number },
): Promise<{ rows: QueueRow[]; total: number }> {
  const { sql, params } = whereOf(filter);
  const joins =
    'FROM case_queue q LEFT JOIN case_assignments a ON a.case_number = q.case_number LEFT JOIN cases c ON c.case_number = q.case_number';
  const [{ rows }, { rows: counted }] = await Promise.all([
    db.query<QueueDbRow>(
      `SELECT q.*, a.assigned_to, c.organisation_reference ${joins}
        WHERE ${sql} ORDER BY q.due_at, q.case_number LIMIT ${page.size} OFFSET ${(page.number - 1) * page.size}`,
      params,
    ),
    db.query<{ total: number | string }>(`SELECT count(*) AS total ${joins} WHERE ${sql}`, params),
  ]);
  return { rows: rows.map(toRow), total: Number(counted[0]?.total ?? 0) };
}

export interface CaseSummary {
  caseNumber: string;
  organisationReference: string;
  stage: CaseStage | null;
  outcome: string | null;
  coordinatorId: string;
  routeFrom: string | null;
  routeTo: string | null;
  nextDueAt: string | null;
  escalationLevel: number;
  assignedTo: string | null;
}

/** Cases whose number contains the text, or whose organisation reference is it: open or closed, waiting or not. */
export async function searchCases(db: Db, text: string, limit: number, party?: PartyScope): Promise<CaseSummary[]> {
  const params: unknown[] = [text.toUpperCase().replace(/[%_\\]/g, ''), text, limit];
  const reachable = party
    ? ` AND ${reachableBy(party, (value) => {
        params.push(value);
        return `$${params.length}`;
      })}`
    : '';
  const { rows } = await db.query<{
    case_number: string;
    organisation_reference: string;
    registered_by: string;
    stage: CaseStage | null;
    outcome: string | null;
    coordinator_id: string | null;
    route_from: string | null;
    origin_country: string;
    route_to: string | null;
    next_due_at: Date | string | null;
    escalation_level: number | null;
    assigned_to: string | null;
  }>(
    `SELECT c.case_number, c.organisation_reference, c.registered_by, c.origin_country, s.stage, s.outcome, s.coordinator_id,
            s.route_from, s.route_to, s.next_due_at, s.escalation_level, a.assigned_to
       FROM cases c
       LEFT JOIN case_summaries s ON s.case_number = c.case_number
       LEFT JOIN case_assignments a ON a.case_number = c.case_number
      WHERE (c.case_number LIKE '%' || $1 || '%' OR c.organisation_reference = $2)${reachable}
      ORDER BY c.case_number DESC LIMIT $3`,
    params,
  );
  return rows.map((row) => ({
    caseNumber: row.case_number,
    organisationReference: row.organisation_reference,
    stage: row.stage,
    outcome: row.outcome,
    coordinatorId: row.coordinator_id ?? row.registered_by,
    routeFrom: row.route_from ?? row.origin_country,
    routeTo: row.route_to,
    nextDueAt: row.next_due_at ? new Date(row.next_due_at).toISOString() : null,
    escalationLevel: Number(row.escalation_level ?? 0),
    assignedTo: row.assigned_to,
  }));
}

export async function caseSummary(
  db: Db,
  caseNumber: string,
): Promise<{ stage: CaseStage; coordinatorId: string } | undefined> {
  const { rows } = await db.query<{ stage: CaseStage; coordinator_id: string }>(
    'SELECT stage, coordinator_id FROM case_summaries WHERE case_number = $1',
    [caseNumber],
  );
  return rows[0] ? { stage: rows[0].stage, coordinatorId: rows[0].coordinator_id } : undefined;
}
