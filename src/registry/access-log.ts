/**
 * The access log: every read of a child's personal data (who, when, which case, what, for what purpose), appended
 * as a hash chain per case, verifiable like the audit trail. It lives beside the audit trail, never in it: the weekly
 * figures are counted from audit_entries alone. Codec decodes whose payloads name no case go to one chain of their own.
 * hash = sha256(previous hash + canonical JSON of the entry); the first entry of a chain chains from GENESIS_HASH.
 */
import { createHash } from 'node:crypto';
import { GENESIS_HASH } from './audit';
import { canonicalJson } from './canonical-json';
import type { Db } from './db';

/** What was read. */
export const accessKinds = [
  'case-details',
  'audit-export',
  'codec-decode',
  // Health information, by what was seen or done (src/api/health-information.ts).
  'health-status',
  'health-journey',
  'health-summary',
  'health-summary-write',
  'health-export',
  'health-report',
  'health-report-upload',
  'health-care-team',
] as const;
export type AccessKind = (typeof accessKinds)[number];

/** The chain of codec decodes that name no case. */
export const UNATTRIBUTED_CHAIN = 'unattributed';

export interface AccessRecord {
  /** The case read, or undefined for a decode whose payloads name none. */
  caseNumber?: string;
  actorId: string;
  actorRole: string;
  organisation?: string;
  kind: AccessKind;
  purpose: string;
  accessedAt: string;
}

export interface AccessEntry extends AccessRecord {
  chain: string;
  position: number;
  previousHash: string;
  hash: string;
}

/** What is hashed: the entry's place in its chain and everything recorded. */
export function hashAccess(previousHash: string, entry: Omit<AccessEntry, 'previousHash' | 'hash'>): string {
  return createHash('sha256')
    .update(previousHash + canonicalJson(entry))
    .digest('hex');
}

export const accessHashRule =
  'hash = hex(sha256(previousHash + canonicalJson({ chain, position, caseNumber, actorId, actorRole, organisation, kind, purpose, accessedAt }))), ' +
  'canonical JSON = keys sorted at every depth, no whitespace, absent members left out; the first entry chains from genesisHash';

interface AccessRow {
  chain: string;
  position: number;
  case_number: string | null;
  actor_id: string;
  actor_role: string;
  organisation: string | null;
  kind: AccessKind;
  purpose: string;
  accessed_at: string;
  previous_hash: string;
  hash: string;
}

const toEntry = (row: AccessRow): AccessEntry => ({
  chain: row.chain,
  position: Number(row.position),
  ...(row.case_number ? { caseNumber: row.case_number } : {}),
  actorId: row.actor_id,
  actorRole: row.actor_role,
  ...(row.organisation ? { organisation: row.organisation } : {}),
  kind: row.kind,
  purpose: row.purpose,
  accessedAt: row.accessed_at,
  previousHash: row.previous_hash,
  hash: row.hash,
});

/** Appends one read to its case's chain; the caller answers only once it is recorded. */
export async function recordAccess(db: Db, record: AccessRecord): Promise<AccessEntry> {
  const chain = record.caseNumber ?? UNATTRIBUTED_CHAIN;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727003, hashtext($1))', [chain]);
    const { rows: heads } = await tx.query<{ position: number; hash: string }>(
      'SELECT position, hash FROM access_log WHERE chain = $1 ORDER BY position DESC LIMIT 1',
      [chain],
    );
    const position = heads[0] ? Number(heads[0].position) + 1 : 0;
    const previousHash = heads[0]?.hash ?? GENESIS_HASH;
    const body = {
      chain,
      position,
      ...(record.caseNumber ? { caseNumber: record.caseNumber } : {}),
      actorId: record.actorId,
      actorRole: record.actorRole,
      ...(record.organisation ? { organisation: record.organisation } : {}),
      kind: record.kind,
      purpose: record.purpose,
      accessedAt: record.accessedAt,
    };
    const hash = hashAccess(previousHash, body);
    await tx.query(
      `INSERT INTO access_log (chain, position, case_number, actor_id, actor_role, organisation, kind, purpose, accessed_at, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        chain,
        position,
        record.caseNumber ?? null,
        record.actorId,
        record.actorRole,
        record.organisation ?? null,
        record.kind,
        record.purpose,
        record.accessedAt,
        previousHash,
        hash,
      ],
    );
    return { ...body, previousHash, hash };
  });
}

/** A case's access log in chain order (`UNATTRIBUTED_CHAIN` for decodes that named no case). */
export async function accessLog(db: Db, chain: string): Promise<AccessEntry[]> {
  const { rows } = await db.query<AccessRow>('SELECT * FROM access_log WHERE chain = $1 ORDER BY position', [chain]);
  return rows.map(toEntry);
}

/** The positions whose entry does not chain: altered, removed, inserted or reordered since it was written. */
export function brokenAccessLinks(entries: readonly AccessEntry[]): number[] {
  const broken: number[] = [];
  let previousHash = GENESIS_HASH;
  entries.forEach((entry, index) => {
    const { previousHash: claimed, hash, ...body } = entry;
    if (entry.position !== index || claimed !== previousHash || hashAccess(claimed, body) !== hash)
      broken.push(entry.position);
    previousHash = hash;
  });
  return broken;
}
