import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CaseEvent } from '../../src/domain/case';
import { GENESIS_HASH, hashEntry, type AuditEntry } from '../../src/registry/audit';
import { exportTrail, verifyTrail, type AuditExport, type ExportedEntry } from '../../src/registry/audit-export';

const caseNumber = 'HW-2026-000123-K';
const types = [
  'case-registered',
  'record-check-completed',
  'identity-verified',
  'consent-complete',
  'transit-booked',
  'handover-confirmed',
];

/** A genuine trail of six entries, chained exactly as the registry chains them. */
function genuineTrail(): AuditExport {
  const entries: AuditEntry[] = [];
  let previousHash = GENESIS_HASH;
  types.forEach((type, position) => {
    const event: CaseEvent = {
      at: new Date(Date.UTC(2026, 10, 16, 9, position)).toISOString(),
      type,
      actor: { id: position === 2 ? 'rev-chen' : 'coord-ana', role: position === 2 ? 'reviewer' : 'coordinator' },
      stage: 'registered',
    };
    const body = { caseNumber, position, source: 'workflow' as const, sequence: position, event };
    const hash = hashEntry(previousHash, body);
    entries.push({ ...body, previousHash, hash, recordedAt: event.at });
    previousHash = hash;
  });
  return exportTrail(caseNumber, entries, new Date('2026-11-23T00:00:00Z'));
}

const copy = (trail: AuditExport): AuditExport => JSON.parse(JSON.stringify(trail)) as AuditExport;
const rehash = (trail: AuditExport, entry: ExportedEntry) =>
  hashEntry(entry.previousHash, {
    caseNumber: trail.caseNumber,
    position: entry.position,
    source: entry.source,
    sequence: entry.sequence,
    event: entry.event,
  });

describe('verifying an exported audit trail', () => {
  it('accepts the genuine trail, with and without the independently obtained head', () => {
    const trail = genuineTrail();
    expect(verifyTrail(trail)).toEqual({ ok: true, findings: [] });
    expect(verifyTrail(trail, trail.headHash)).toEqual({ ok: true, findings: [] });
  });

  it('names an altered entry', () => {
    const trail = copy(genuineTrail());
    trail.entries[2]!.event.actor.id = 'coord-ana';
    const { ok, findings } = verifyTrail(trail);
    expect(ok).toBe(false);
    expect(findings).toEqual([expect.objectContaining({ kind: 'altered', position: 2, index: 2 })]);
    expect(findings[0]!.message).toContain('identity-verified');
  });

  it('names an altered entry whose hash was recomputed to hide the change', () => {
    const trail = copy(genuineTrail());
    const entry = trail.entries[3]!;
    entry.event.at = '2026-11-01T00:00:00.000Z';
    entry.hash = rehash(trail, entry);
    expect(verifyTrail(trail).findings).toEqual([expect.objectContaining({ kind: 'altered', position: 3 })]);
  });

  it('names a removed entry, in the middle and at the end', () => {
    const middle = copy(genuineTrail());
    middle.entries.splice(1, 1);
    expect(verifyTrail(middle).findings).toEqual([expect.objectContaining({ kind: 'removed', position: 1 })]);
    expect(verifyTrail(middle).findings[0]!.message).toContain('case-registered');

    const end = copy(genuineTrail());
    end.entries.pop();
    expect(verifyTrail(end).findings).toEqual([expect.objectContaining({ kind: 'removed', position: 5 })]);
  });

  it('names an inserted entry, forged with a valid-looking hash, in the middle and at the end', () => {
    const genuine = genuineTrail();
    const middle = copy(genuine);
    const forged: ExportedEntry = {
      ...copy(genuine).entries[2]!,
      event: { ...genuine.entries[2]!.event, actor: { id: 'rev-x', role: 'reviewer' } },
    };
    forged.hash = rehash(middle, forged);
    middle.entries.splice(3, 0, forged);
    expect(verifyTrail(middle).findings).toEqual([
      expect.objectContaining({ kind: 'inserted', position: 2, index: 3 }),
    ]);

    const end = copy(genuine);
    const appended: ExportedEntry = {
      ...copy(genuine).entries[5]!,
      position: 6,
      sequence: 6,
      previousHash: genuine.headHash,
      event: { ...genuine.entries[5]!.event, type: 'case-closed', data: { outcome: 'reunited' } },
    };
    appended.hash = rehash(end, appended);
    end.entries.push(appended);
    expect(verifyTrail(end).findings).toEqual([expect.objectContaining({ kind: 'inserted', position: 6, index: 6 })]);
  });

  it('names reordered entries', () => {
    const trail = copy(genuineTrail());
    const [moved] = trail.entries.splice(1, 1);
    trail.entries.splice(4, 0, moved!);
    expect(verifyTrail(trail).findings).toEqual([
      expect.objectContaining({ kind: 'reordered', position: 1, index: 4 }),
    ]);
  });

  it('catches a trail rewritten end to end with fresh hashes only against the head the registry published', () => {
    const trail = copy(genuineTrail());
    const published = trail.headHash;
    trail.entries.splice(4, 1);
    let previousHash = GENESIS_HASH;
    trail.entries.forEach((entry, position) => {
      Object.assign(entry, { position, previousHash });
      entry.hash = rehash(trail, entry);
      previousHash = entry.hash;
    });
    Object.assign(trail, { entryCount: trail.entries.length, headHash: previousHash });
    expect(verifyTrail(trail).ok).toBe(true);
    expect(verifyTrail(trail, published).findings).toEqual([expect.objectContaining({ kind: 'head-mismatch' })]);
  });

  it('`npm run audit:verify` prints the findings and exits 1 for a tampered file, 0 for an intact one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homeward-audit-'));
    const intact = join(dir, 'intact.json');
    const tampered = join(dir, 'tampered.json');
    const trail = genuineTrail();
    writeFileSync(intact, JSON.stringify(trail, null, 2));
    const altered = copy(trail);
    altered.entries[4]!.event.type = 'transit-cancelled';
    altered.entries.splice(1, 1);
    writeFileSync(tampered, JSON.stringify(altered, null, 2));
    const run = (args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'scripts/audit-verify.ts', ...args]).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const good = await run([intact, '--head', trail.headHash]);
    expect(good).toEqual({ code: 0, stdout: expect.stringContaining('intact: case HW-2026-000123-K, 6 entries') });
    const bad = await run([tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('removed: position 1 was removed');
    expect(bad.stdout).toContain('altered: position 4');
  });
});
