/**
 * The audit trail: every case event, appended once, as a hash chain per case.
 * hash = sha256(previous hash + canonical JSON of the entry); the first entry of a case chains from GENESIS_HASH.
 * Entries carry no personal data: the workflow's events hold references, outcomes and country codes only.
 */
import { createHash } from 'node:crypto';
import type { CaseEvent } from '../domain/case';
import { canonicalJson } from './canonical-json';
import type { Db } from './db';
import { AuditConflict, InvalidAuditSequence } from './errors';

export const GENESIS_HASH = '0'.repeat(64);

/** Who appended an entry: the case workflow (sequence = index in the case's events) or the registry itself. */
export type AuditSource = 'workflow' | 'registry';

/** What is hashed: the entry's place in the chain and the event itself. */
export interface AuditEntryBody {
  caseNumber: string;
  position: number;
  source: AuditSource;
  sequence: number;
  event: CaseEvent;
}

export interface AuditEntry extends AuditEntryBody {
  previousHash: string;
  hash: string;
  recordedAt: string;
}

export function hashEntry(previousHash: string, body: AuditEntryBody): string {
  return createHash('sha256')
    .update(previousHash + canonicalJson(body))
    .digest('hex');
}

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

const countryOf = (value: unknown): string | null =>
  typeof value === 'string' && /^[A-Z]{2}$/.test(value) ? value : null;

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

/** Round-trip through JSON so what is hashed is exactly what is stored and later exported. */
const asStored = (event: CaseEvent): CaseEvent => JSON.parse(JSON.stringify(event)) as CaseEvent;

function sameButTime(storedJson: string, event: CaseEvent): boolean {
  const stored = JSON.parse(storedJson) as CaseEvent;
  return canonicalJson({ ...stored, at: '' }) === canonicalJson({ ...event, at: '' });
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
      // A workflow task the server refused (it timed out under load) may already have written its events; the
      // retried task computes them again with its own clock. The same event at another time is that repeat: the
      // first entry stands (bench/findings/README.md).
      const repeat =
        existing[0].event === canonicalJson(event) ||
        (entry.source === 'workflow' && sameButTime(existing[0].event, event));
      if (repeat) return { hash: existing[0].hash, duplicate: true, sequence };
      throw new AuditConflict(
        entry.caseNumber,
        entry.sequence,
        `case ${entry.caseNumber} already has a different ${entry.source} event at sequence ${entry.sequence} (position ${existing[0].position}); an audit entry is never replaced`,
      );
    }
    return { hash: await insertEntry(tx, entry), duplicate: false, sequence };
  });
}

/** One writer per case at a time, on PostgreSQL as on PGlite, so positions never fork. */
async function lockCase(tx: Db, caseNumber: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(727002, hashtext($1))', [caseNumber]);
}

async function nextSequence(tx: Db, caseNumber: string, source: AuditSource): Promise<number> {
  const { rows } = await tx.query<{ next: number }>(
    'SELECT COALESCE(MAX(sequence) + 1, 0) AS next FROM audit_entries WHERE case_number = $1 AND source = $2',
    [caseNumber, source],
  );
  return Number(rows[0]?.next ?? 0);
}

/** Chains a new entry to the case's head. The caller holds the case's lock. */
async function insertEntry(
  tx: Db,
  entry: { caseNumber: string; sequence: number; event: CaseEvent; source: AuditSource },
): Promise<string> {
  const { event } = entry;
  const { rows: heads } = await tx.query<{ position: number; hash: string }>(
    'SELECT position, hash FROM audit_entries WHERE case_number = $1 ORDER BY position DESC LIMIT 1',
    [entry.caseNumber],
  );
  const position = heads[0] ? Number(heads[0].position) + 1 : 0;
  const previousHash = heads[0]?.hash ?? GENESIS_HASH;
  const body: AuditEntryBody = {
    caseNumber: entry.caseNumber,
    position,
    source: entry.source,
    sequence: entry.sequence,
    event,
  };
  const hash = hashEntry(previousHash, body);
  await tx.query(
    `INSERT INTO audit_entries (case_number, position, source, sequence, event_type, occurred_at, event, route_from, route_to, previous_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.caseNumber,
      position,
      entry.source,
      entry.sequence,
      event.type,
      new Date(event.at).toISOString(),
      canonicalJson(event),
      countryOf(event.data?.from),
      countryOf(event.data?.to),
      previousHash,
      hash,
    ],
  );
  return hash;
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
