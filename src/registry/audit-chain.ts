/**
 * The audit trail's chain: how an entry is hashed onto its case's head and stored. Every append goes through here
 * (audit.ts), under the case's lock, so positions never fork.
 * hash = sha256(previous hash + canonical JSON of the entry); the first entry of a case chains from GENESIS_HASH.
 */
import { createHash } from 'node:crypto';
import type { CaseEvent } from '../domain/case';
import { canonicalJson } from './canonical-json';
import type { Db } from './db';

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

const countryOf = (value: unknown): string | null =>
  typeof value === 'string' && /^[A-Z]{2}$/.test(value) ? value : null;

/** Round-trip through JSON so what is hashed is exactly what is stored and later exported. */
export const asStored = (event: CaseEvent): CaseEvent => JSON.parse(JSON.stringify(event)) as CaseEvent;

function sameButTime(storedJson: string, event: CaseEvent): boolean {
  const stored = JSON.parse(storedJson) as CaseEvent;
  return canonicalJson({ ...stored, at: '' }) === canonicalJson({ ...event, at: '' });
}

/**
 * The stored event is this one again. A workflow task the server refused (it timed out under load) may already have
 * written its events; the retried task computes them again with its own clock. The same event at another time is
 * that repeat: the first entry stands (bench/findings/README.md).
 */
export const isRepeat = (storedJson: string, event: CaseEvent, source: AuditSource) =>
  storedJson === canonicalJson(event) || (source === 'workflow' && sameButTime(storedJson, event));

/** One writer per case at a time, on PostgreSQL as on PGlite, so positions never fork. */
export async function lockCase(tx: Db, caseNumber: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(727002, hashtext($1))', [caseNumber]);
}

export interface ChainHead {
  position: number;
  hash: string;
}

/** The case's last entry, or the genesis of a case without one. The caller holds the case's lock. */
export async function headOf(tx: Db, caseNumber: string): Promise<ChainHead> {
  const { rows: heads } = await tx.query<{ position: number; hash: string }>(
    'SELECT position, hash FROM audit_entries WHERE case_number = $1 ORDER BY position DESC LIMIT 1',
    [caseNumber],
  );
  return heads[0] ? { position: Number(heads[0].position), hash: heads[0].hash } : { position: -1, hash: GENESIS_HASH };
}

export type NewEntry = { caseNumber: string; sequence: number; event: CaseEvent; source: AuditSource };

/** The entry chained after `head`, as the columns it is stored in. */
export function chained(head: ChainHead, entry: NewEntry) {
  const { event } = entry;
  const body: AuditEntryBody = {
    caseNumber: entry.caseNumber,
    position: head.position + 1,
    source: entry.source,
    sequence: entry.sequence,
    event,
  };
  return {
    ...body,
    eventType: event.type,
    occurredAt: new Date(event.at).toISOString(),
    stored: canonicalJson(event),
    routeFrom: countryOf(event.data?.from),
    routeTo: countryOf(event.data?.to),
    previousHash: head.hash,
    hash: hashEntry(head.hash, body),
  };
}

/** Stores chained entries in one statement, in their order. */
export async function insertChained(tx: Db, entries: ReturnType<typeof chained>[]): Promise<void> {
  const column = <T>(pick: (entry: ReturnType<typeof chained>) => T) => entries.map(pick);
  await tx.query(
    `INSERT INTO audit_entries (case_number, position, source, sequence, event_type, occurred_at, event, route_from, route_to, previous_hash, hash)
     SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::integer[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
    [
      column((entry) => entry.caseNumber),
      column((entry) => entry.position),
      column((entry) => entry.source),
      column((entry) => entry.sequence),
      column((entry) => entry.eventType),
      column((entry) => entry.occurredAt),
      column((entry) => entry.stored),
      column((entry) => entry.routeFrom),
      column((entry) => entry.routeTo),
      column((entry) => entry.previousHash),
      column((entry) => entry.hash),
    ],
  );
}

/** Chains a new entry to the case's head. The caller holds the case's lock. */
export async function insertEntry(tx: Db, entry: NewEntry): Promise<string> {
  const row = chained(await headOf(tx, entry.caseNumber), entry);
  await insertChained(tx, [row]);
  return row.hash;
}
