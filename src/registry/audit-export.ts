/**
 * The exported audit trail of one case and its verification. A third party needs only this file, Node.js and
 * `npm run audit:verify -- <file> [--head <hash>]`: the hash rule is written into the file itself.
 */
import type { CaseEvent } from '../domain/case';
import { GENESIS_HASH, hashEntry, type AuditEntry, type AuditSource } from './audit';

export const EXPORT_FORMAT = 'homeward-audit-trail/1';

export interface ExportedEntry {
  position: number;
  source: AuditSource;
  sequence: number;
  event: CaseEvent;
  previousHash: string;
  hash: string;
  recordedAt: string;
}

export interface AuditExport {
  format: typeof EXPORT_FORMAT;
  caseNumber: string;
  exportedAt: string;
  hashRule: string;
  genesisHash: string;
  entryCount: number;
  headHash: string;
  entries: ExportedEntry[];
}

export function exportTrail(caseNumber: string, entries: AuditEntry[], exportedAt = new Date()): AuditExport {
  return {
    format: EXPORT_FORMAT,
    caseNumber,
    exportedAt: exportedAt.toISOString(),
    hashRule:
      'hash = hex(sha256(previousHash + canonicalJson({ caseNumber, position, source, sequence, event }))), ' +
      'canonical JSON = keys sorted at every depth, no whitespace; the first entry chains from genesisHash',
    genesisHash: GENESIS_HASH,
    entryCount: entries.length,
    headHash: entries.at(-1)?.hash ?? GENESIS_HASH,
    entries: entries.map(({ position, source, sequence, event, previousHash, hash, recordedAt }) => ({
      position,
      source,
      sequence,
      event,
      previousHash,
      hash,
      recordedAt,
    })),
  };
}

export type FindingKind = 'altered' | 'removed' | 'inserted' | 'reordered' | 'head-mismatch' | 'malformed';

export interface Finding {
  kind: FindingKind;
  /** Chain position the finding is about, where there is one. */
  position?: number;
  /** Index of the entry in the file's `entries` array, where there is one. */
  index?: number;
  message: string;
}

const describe = (entry: ExportedEntry | undefined) =>
  entry
    ? `sequence ${entry.sequence} (${entry.source}), "${String(entry.event?.type)}" at ${String(entry.event?.at)}`
    : '';

/**
 * Checks an exported trail and names every altered, removed, inserted or reordered entry. `expectedHead` is the head
 * hash obtained independently (from the registry's API or a published list): without it, a trail rewritten from
 * start to end with fresh hashes is self-consistent and cannot be caught by any file-only check.
 */
export function verifyTrail(trail: AuditExport, expectedHead?: string): { ok: boolean; findings: Finding[] } {
  const findings: Finding[] = [];
  if (trail?.format !== EXPORT_FORMAT || !Array.isArray(trail.entries)) {
    return { ok: false, findings: [{ kind: 'malformed', message: `not a ${EXPORT_FORMAT} file` }] };
  }
  const genesis = trail.genesisHash ?? GENESIS_HASH;
  const entries = trail.entries.map((entry, index) => ({ entry, index }));
  const selfConsistent = (entry: ExportedEntry, position = entry.position) =>
    hashEntry(entry.previousHash, {
      caseNumber: trail.caseNumber,
      position,
      source: entry.source,
      sequence: entry.sequence,
      event: entry.event,
    }) === entry.hash;

  const placed = entries.filter(({ entry, index }) => {
    if (Number.isInteger(entry?.position) && entry.position >= 0) return true;
    findings.push({ kind: 'inserted', index, message: `entry #${index} has no valid chain position: it was inserted` });
    return false;
  });

  // Reordered: an entry placed after one with a higher position.
  let highest = -1;
  for (const { entry, index } of placed) {
    if (entry.position < highest) {
      findings.push({
        kind: 'reordered',
        position: entry.position,
        index,
        message: `position ${entry.position} (${describe(entry)}) appears after position ${highest} in the file: entries were reordered`,
      });
    }
    highest = Math.max(highest, entry.position);
  }

  const byPosition = new Map<number, ExportedEntry[]>();
  for (const { entry } of placed) byPosition.set(entry.position, [...(byPosition.get(entry.position) ?? []), entry]);
  const chain = new Map<number, ExportedEntry>();
  const positions = [...byPosition.keys()].sort((a, b) => a - b);
  for (const position of positions) {
    const candidates = byPosition.get(position)!;
    const previous = position === 0 ? genesis : chain.get(position - 1)?.hash;
    const next = byPosition.get(position + 1) ?? [];
    const score = (entry: ExportedEntry) =>
      (selfConsistent(entry) ? 1 : 0) +
      (entry.previousHash === previous ? 1 : 0) +
      (next.some((successor) => successor.previousHash === entry.hash) ? 2 : 0);
    const ranked = [...candidates].sort((a, b) => score(b) - score(a));
    chain.set(position, ranked[0]!);
    for (const extra of ranked.slice(1)) {
      findings.push({
        kind: 'inserted',
        position,
        index: trail.entries.indexOf(extra),
        message: `a second entry claims position ${position} (${describe(extra)}): it was inserted`,
      });
    }
  }

  const last = positions.at(-1) ?? -1;
  const expectedCount = Number.isInteger(trail.entryCount) ? trail.entryCount : last + 1;
  for (let position = 0; position <= Math.max(last, expectedCount - 1); position += 1) {
    if (chain.has(position)) continue;
    const after = chain.get(position - 1);
    findings.push({
      kind: 'removed',
      position,
      message:
        position > last
          ? `position ${position} was removed: the file lists ${expectedCount} entries but the trail ends at position ${last}`
          : `position ${position} was removed${after ? ` (it followed ${describe(after)})` : ''}`,
    });
  }
  for (const position of positions.filter((position) => position >= expectedCount)) {
    findings.push({
      kind: 'inserted',
      position,
      index: trail.entries.indexOf(chain.get(position)!),
      message: `position ${position} (${describe(chain.get(position))}) lies beyond the ${expectedCount} entries the trail holds: it was inserted`,
    });
  }

  for (const position of positions) {
    const entry = chain.get(position)!;
    const index = trail.entries.indexOf(entry);
    if (!selfConsistent(entry)) {
      const renumberedFrom = [-3, -2, -1, 1, 2, 3]
        .map((shift) => position + shift)
        .find((original) => original >= 0 && selfConsistent(entry, original));
      findings.push({
        kind: 'altered',
        position,
        index,
        message:
          renumberedFrom === undefined
            ? `position ${position} (${describe(entry)}) was altered: its content does not match its hash`
            : `position ${position} (${describe(entry)}) was renumbered from position ${renumberedFrom}`,
      });
      continue;
    }
    const previous = position === 0 ? { hash: genesis } : chain.get(position - 1);
    if (previous && entry.previousHash !== previous.hash) {
      findings.push({
        kind: 'altered',
        position: position - 1,
        index: position === 0 ? undefined : trail.entries.indexOf(chain.get(position - 1)!),
        message:
          position === 0
            ? `position 0 (${describe(entry)}) does not start from the genesis hash: entries before it were removed`
            : `position ${position - 1} (${describe(chain.get(position - 1))}) was altered and re-hashed: position ${position} vouches for a different hash`,
      });
    }
  }

  const head = chain.get(last)?.hash ?? genesis;
  if (trail.headHash !== undefined && trail.headHash !== head && last + 1 === expectedCount) {
    findings.push({
      kind: 'head-mismatch',
      message: `the trail's last hash ${head.slice(0, 12)}… differs from the head ${String(trail.headHash).slice(0, 12)}… written in the file`,
    });
  }
  if (expectedHead !== undefined && expectedHead !== head) {
    findings.push({
      kind: 'head-mismatch',
      message: `the trail's last hash ${head.slice(0, 12)}… differs from the independently obtained head ${expectedHead.slice(0, 12)}…: the trail was rewritten, truncated or extended`,
    });
  }
  return { ok: findings.length === 0, findings };
}
