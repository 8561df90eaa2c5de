/** The access log on both backends: appended as a chain per case, tampering found, never counted in the figures. */
import { accessLog, brokenAccessLinks, recordAccess, UNATTRIBUTED_CHAIN } from '../../src/registry/access-log';
import { appendAuditEntry, GENESIS_HASH } from '../../src/registry/audit';
import { weeklyDashboard, weeklyTotals } from '../../src/registry/dashboard';
import { registryBackends } from './backends';

const caseNumber = 'HW-2026-000123-K';
const read = (minute: number, kind: 'case-details' | 'audit-export' | 'codec-decode' = 'case-details') => ({
  caseNumber,
  actorId: 'coord-ana',
  actorRole: 'coordinator',
  organisation: 'neutral-desk',
  kind,
  purpose: 'case work',
  accessedAt: new Date(Date.UTC(2026, 10, 16, 9, minute)).toISOString(),
});

describe.each(registryBackends())('access log on $name', (backend) => {
  it('chains each read to the one before it, per case', async () => {
    const db = await backend.open();
    const first = await recordAccess(db, read(0));
    const second = await recordAccess(db, read(1, 'audit-export'));
    await recordAccess(db, { ...read(2, 'codec-decode'), caseNumber: undefined });
    expect(first).toMatchObject({ chain: caseNumber, position: 0, previousHash: GENESIS_HASH });
    expect(second).toMatchObject({ position: 1, previousHash: first.hash });
    const entries = await accessLog(db, caseNumber);
    expect(entries.map((entry) => entry.kind)).toEqual(['case-details', 'audit-export']);
    expect(entries[0]).toEqual(first);
    expect(brokenAccessLinks(entries)).toEqual([]);
    const unattributed = await accessLog(db, UNATTRIBUTED_CHAIN);
    expect(unattributed).toHaveLength(1);
    expect(unattributed[0]!.caseNumber).toBeUndefined();
  });

  it('keeps positions unforked when reads arrive at once', async () => {
    const db = await backend.open();
    await Promise.all(Array.from({ length: 12 }, (_, minute) => recordAccess(db, read(minute))));
    const entries = await accessLog(db, caseNumber);
    expect(entries.map((entry) => entry.position)).toEqual([...Array(12).keys()]);
    expect(brokenAccessLinks(entries)).toEqual([]);
  });

  it('names every entry altered or removed after it was written', async () => {
    const db = await backend.open();
    for (let minute = 0; minute < 4; minute += 1) await recordAccess(db, read(minute));
    await db.query(`UPDATE access_log SET actor_id = 'someone-else' WHERE position = 1`);
    expect(brokenAccessLinks(await accessLog(db, caseNumber))).toEqual([1]);
    await db.query(`DELETE FROM access_log WHERE position = 2`);
    expect(brokenAccessLinks(await accessLog(db, caseNumber))).toEqual([1, 3]);
  });

  it('is never counted in the weekly figures', async () => {
    const db = await backend.open();
    await appendAuditEntry(db, {
      caseNumber,
      sequence: 0,
      event: {
        at: '2026-11-16T09:00:00.000Z',
        type: 'case-registered',
        actor: { id: 'coord-ana', role: 'coordinator' },
        stage: 'registered',
        data: { from: 'RU' },
      },
    });
    const before = [await weeklyTotals(db, '2026-W47'), await weeklyDashboard(db, '2026-W47')];
    for (let minute = 0; minute < 10; minute += 1) await recordAccess(db, read(minute));
    expect([await weeklyTotals(db, '2026-W47'), await weeklyDashboard(db, '2026-W47')]).toEqual(before);
  });
});
