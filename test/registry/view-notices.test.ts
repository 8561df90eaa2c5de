/**
 * A request waiting for a case's answer is woken by the registry's notice of the case's next view
 * (src/api/view-notices.ts), on PGlite and on PostgreSQL, and again after PostgreSQL restarts.
 */
import { randomBytes } from 'node:crypto';
import { nextViewOf } from '../../src/api/view-notices';
import { recordCaseView } from '../../src/registry/case-views';
import { openPglite, openPostgres, type Db } from '../../src/registry/db';
import { createDatabase, startPostgres, type PostgresServer } from '../support/postgres';

const caseNumber = 'HW-2026-000777-K';

/** How long the wait took to settle, in milliseconds. */
async function settledAfter(wait: { settled: Promise<void> }): Promise<number> {
  const started = performance.now();
  await wait.settled;
  return performance.now() - started;
}

/** Starts a wait, then publishes views until one wakes it (the first one, once the listener is up). */
async function wokenByView(db: Db, revision: { next: number }): Promise<number> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const wait = nextViewOf(db, caseNumber, 3000);
    // Right after a restart the pool's first query may meet a connection the server closed: the next one opens anew.
    await recordCaseView(db, caseNumber, { revision: revision.next++, sealed: 'sealed' }).catch(() => undefined);
    const took = await settledAfter(wait);
    if (took < 1000) return took;
  }
  throw new Error('no view notice woke the wait');
}

describe.each([
  { name: 'PGlite', kind: 'pglite' as const },
  { name: 'PostgreSQL', kind: 'postgres' as const },
])('view notices on $name', ({ kind }) => {
  let server: PostgresServer | undefined;
  let db: Db;
  beforeAll(async () => {
    if (kind === 'postgres') {
      server = await startPostgres();
      db = await openPostgres(await createDatabase(server, `notices_${randomBytes(4).toString('hex')}`));
    } else db = await openPglite();
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  it('wakes a wait at the case’s next view, not at another case’s, and a stale view wakes nobody', async () => {
    const revision = { next: 1 };
    expect(await wokenByView(db, revision)).toBeLessThan(1000);

    const other = nextViewOf(db, caseNumber, 400);
    await recordCaseView(db, 'HW-2026-000778-M', { revision: 1, sealed: 'sealed' });
    // An older revision is not taken (a late batch), so it is not announced either.
    await recordCaseView(db, caseNumber, { revision: 1, sealed: 'stale' });
    expect(await settledAfter(other)).toBeGreaterThanOrEqual(300);

    const cancelled = nextViewOf(db, caseNumber, 5000);
    cancelled.cancel();
    expect(await settledAfter(cancelled)).toBeLessThan(100);
  });

  if (kind === 'postgres') {
    it('listens again after PostgreSQL restarts', async () => {
      const revision = { next: 100 };
      await wokenByView(db, revision);
      await server!.restart(500);
      expect(await wokenByView(db, revision)).toBeLessThan(1000);
    }, 60_000);
  }
});
