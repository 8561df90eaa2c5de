/**
 * The audit trail: every case event, appended once, as a hash chain per case.
 * hash = sha256(previous hash + canonical JSON of the entry); the first entry of a case chains from GENESIS_HASH.
 * Entries carry no personal data: the workflow's events hold references, outcomes and country codes only.
 */
import type { CaseEvent } from '../domain/case';
import {
  asStored,
  chained,
  headOf,
  insertChained,
  insertEntry,
  isRepeat,
  lockCase,
  type AuditEntry,
  type AuditSource,
} from './audit-chain';
import { canonicalJson } from './canonical-json';
import type { Db } from './db';
import { AuditConflict, InvalidAuditSequence } from './errors';

export { GENESIS_HASH, hashEntry, type AuditEntry, type AuditEntryBody, type AuditSource } from './audit-chain';

interface AuditRow {
  case_number: string;
  position: number;
  source: AuditSource;
  sequence: number;
  event: string;
  previous_hash: string;
  hash: string;
  recorded_at: Date | string;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  caseNumber: row.case_number,
  position: Number(row.position),
  source: row.source,
  sequence: Number(row.sequence),
  event: JSON.parse(row.event) as CaseEvent,
  previousHash: row.previous_hash,
  hash: row.hash,
  recordedAt: new Date(row.recorded_at).toISOString(),
});

/**
 * Appends a case event once. A retry with the same (caseNumber, sequence) and the same event returns the stored hash
 * with `duplicate: true`; a different event under an existing sequence throws `AuditConflict` (a bug or
 * tampering). Appends may arrive out of sequence order: the chain records them in arrival order.
 */
export async function appendAuditEntry(
  db: Db,
  entry: { caseNumber: string; sequence: number; event: CaseEvent },
): Promise<{ hash: string; duplicate: boolean }> {
  const { hash, duplicate } = await appendEntry(db, { ...entry, source: 'workflow' });
  return { hash, duplicate };
}

export async function appendEntry(
  db: Db,
  request: { caseNumber: string; sequence: number | 'next'; event: CaseEvent; source: AuditSource },
): Promise<{ hash: string; duplicate: boolean; sequence: number }> {
  if (request.sequence !== 'next' && (!Number.isInteger(request.sequence) || request.sequence < 0)) {
    throw new InvalidAuditSequence(`audit sequence must be a non-negative integer, got ${request.sequence}`);
  }
  const event = asStored(request.event);
  return db.transaction(async (tx) => {
    await lockCase(tx, request.caseNumber);
    const sequence =
      request.sequence === 'next' ? await nextSequence(tx, request.caseNumber, request.source) : request.sequence;
    const entry = { ...request, sequence, event };
    const { rows: existing } = await tx.query<{ event: string; hash: string; position: number }>(
      'SELECT event, hash, position FROM audit_entries WHERE case_number = $1 AND source = $2 AND sequence = $3',
      [entry.caseNumber, entry.source, entry.sequence],
    );
    if (existing[0]) {
      if (isRepeat(existing[0].event, event, entry.source))
        return { hash: existing[0].hash, duplicate: true, sequence };
      throw new AuditConflict(
        entry.caseNumber,
        entry.sequence,
        `case ${entry.caseNumber} already has a different ${entry.source} event at sequence ${entry.sequence} (position ${existing[0].position}); an audit entry is never replaced`,
      );
    }
    return { hash: await insertEntry(tx, entry), duplicate: false, sequence };
  });
}

async function nextSequence(tx: Db, caseNumber: string, source: AuditSource): Promise<number> {
  const { rows } = await tx.query<{ next: number }>(
    'SELECT COALESCE(MAX(sequence) + 1, 0) AS next FROM audit_entries WHERE case_number = $1 AND source = $2',
    [caseNumber, source],
  );
  return Number(rows[0]?.next ?? 0);
}

/** What a batch of a case's workflow events came to. */
export interface WorkflowBatchOutcome {
  /** Events stored by this batch (a retried batch finds its events there already, and stores none of them again). */
  appended: CaseEvent[];
  /** Events whose sequence already holds a different event: for recordAuditConflict to keep beside it. */
  refused: { sequence: number; event: CaseEvent }[];
}

/**
 * Appends consecutive workflow events of a case (sequences `fromSequence` on) in one transaction and one insert, in
 * order. `alongside` runs in the same transaction, after the events: the state the batch publishes is written with
 * them or not at all. Six statements whatever the batch's size, where one append per event took six each.
 */
export async function appendWorkflowBatch(
  db: Db,
  batch: { caseNumber: string; fromSequence: number; events: CaseEvent[] },
  alongside?: (tx: Db) => Promise<void>,
): Promise<WorkflowBatchOutcome> {
  const { caseNumber, fromSequence } = batch;
  if (!Number.isInteger(fromSequence) || fromSequence < 0) {
    throw new InvalidAuditSequence(`audit sequence must be a non-negative integer, got ${fromSequence}`);
  }
  const events = batch.events.map(asStored);
  return db.transaction(async (tx) => {
    const outcome: WorkflowBatchOutcome = { appended: [], refused: [] };
    if (events.length > 0) {
      await lockCase(tx, caseNumber);
      const { rows: standing } = await tx.query<{ sequence: number; event: string }>(
        `SELECT sequence, event FROM audit_entries
          WHERE case_number = $1 AND source = 'workflow' AND sequence >= $2 AND sequence < $3`,
        [caseNumber, fromSequence, fromSequence + events.length],
      );
      const stored = new Map(standing.map((row) => [Number(row.sequence), row.event]));
      let head = await headOf(tx, caseNumber);
      const rows: ReturnType<typeof chained>[] = [];
      for (const [offset, event] of events.entries()) {
        const sequence = fromSequence + offset;
        const there = stored.get(sequence);
        if (there !== undefined) {
          if (!isRepeat(there, event, 'workflow')) outcome.refused.push({ sequence, event });
          continue;
        }
        const row = chained(head, { caseNumber, sequence, event, source: 'workflow' });
        rows.push(row);
        head = row;
        outcome.appended.push(event);
      }
      if (rows.length > 0) await insertChained(tx, rows);
    }
    await alongside?.(tx);
    return outcome;
  });
}

/** The registry's own entries (e.g. a duplicate-check decision) take the next registry sequence of the case. */
export async function appendRegistryEntry(
  db: Db,
  caseNumber: string,
  event: CaseEvent,
): Promise<{ hash: string; sequence: number }> {
  const { hash, sequence } = await appendEntry(db, { caseNumber, sequence: 'next', event, source: 'registry' });
  return { hash, sequence };
}

/** The registry's note beside a workflow event it refused. */
export const auditConflictType = 'audit-conflict';

/**
 * Records a workflow event the registry refused (a different event already stands under its sequence) as the
 * registry's own entry beside it: the trail stays append-only, the entry that stands is kept, and what the case
 * sent is not lost. One note per (case, sequence): a retried activity finds the first.
 */
export async function recordAuditConflict(
  db: Db,
  refused: { caseNumber: string; sequence: number; event: CaseEvent },
): Promise<{ hash: string; duplicate: boolean }> {
  const { caseNumber, sequence } = refused;
  const event = asStored(refused.event);
  return db.transaction(async (tx) => {
    await lockCase(tx, caseNumber);
    const { rows: notes } = await tx.query<{ event: string; hash: string }>(
      "SELECT event, hash FROM audit_entries WHERE case_number = $1 AND source = 'registry' AND event_type = $2",
      [caseNumber, auditConflictType],
    );
    const earlier = notes.find((note) => (JSON.parse(note.event) as CaseEvent).data?.sequence === sequence);
    if (earlier) return { hash: earlier.hash, duplicate: true };
    const note: CaseEvent = {
      at: event.at,
      type: auditConflictType,
      actor: { id: 'registry', role: 'system' },
      stage: event.stage,
      // The refused event itself, as the case sent it (events carry no personal data).
      detail: canonicalJson(event),
      data: { sequence, refusedType: event.type },
    };
    const hash = await insertEntry(tx, {
      caseNumber,
      sequence: await nextSequence(tx, caseNumber, 'registry'),
      event: note,
      source: 'registry',
    });
    return { hash, duplicate: false };
  });
}

export async function auditTrail(db: Db, caseNumber: string): Promise<AuditEntry[]> {
  const { rows } = await db.query<AuditRow>('SELECT * FROM audit_entries WHERE case_number = $1 ORDER BY position', [
    caseNumber,
  ]);
  return rows.map(toEntry);
}
