/**
 * The throwaway PostgreSQL the fault tests crash (test/support/postgres.ts) keeps every commit it acknowledged: rows
 * are inserted back to back while the server is stopped as by a crash, and after the restart every row whose commit
 * was acknowledged is there. With `synchronous_commit=off` (the setting before 2026-12-01) the last acknowledged
 * commits went with the crash: on the Temporal server's database, tasks it had accepted, which froze cases.
 */
import { Client } from 'pg';
import { startPostgres, type PostgresServer } from '../support/postgres';

describe('PostgreSQL crashed under writes', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps every commit it acknowledged before the crash', async () => {
    const before = new Client({ connectionString: server.url });
    await before.connect();
    before.on('error', () => undefined);
    await before.query('create table acknowledged (id integer primary key)');
    let lastAcknowledged = 0;
    let writing = true;
    const writes = (async () => {
      for (let id = 1; writing; id++) {
        try {
          await before.query('insert into acknowledged (id) values ($1)', [id]);
          lastAcknowledged = id;
        } catch {
          return;
        }
      }
    })();
    // Under way for a moment, then the crash lands in the middle of the writes.
    while (lastAcknowledged < 200) await new Promise((done) => setTimeout(done, 5));
    const crash = server.restart(0);
    await writes;
    writing = false;
    await crash;
    await before.end().catch(() => undefined);

    const after = new Client({ connectionString: server.url });
    await after.connect();
    try {
      const { rows } = await after.query<{ kept: number; highest: number | null }>(
        'select count(*)::int as kept, max(id) as highest from acknowledged',
      );
      expect(lastAcknowledged).toBeGreaterThan(200);
      expect(rows[0]!.highest).toBeGreaterThanOrEqual(lastAcknowledged);
      expect(rows[0]!.kept).toBe(rows[0]!.highest);
    } finally {
      await after.end();
    }
  }, 60_000);
});
