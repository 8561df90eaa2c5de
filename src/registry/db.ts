/**
 * The registry database: embedded PGlite by default, PostgreSQL through DATABASE_URL. Both speak the same SQL and
 * run the same migrations at start.
 */
import { mkdirSync } from 'node:fs';
import { migrations } from './migrations';

export interface Db {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction; `work` receives a Db bound to it. */
  transaction<T>(work: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotice` with the payload of each NOTIFY on `channel` (an identifier) until the returned stop is called
   * or the Db closes. On PostgreSQL a lost connection is opened again; notices sent meanwhile are lost, so a listener
   * must not rely on them alone.
   */
  listen?(channel: string, onNotice: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const retryListeningMs = 1000;

export async function openPglite(dir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dir) mkdirSync(dir, { recursive: true });
  const pglite = dir ? await PGlite.create(dir) : await PGlite.create();
  const db: Db = {
    query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await pglite.query<Row>(sql, params)).rows }),
    exec: async (sql) => void (await pglite.exec(sql)),
    transaction: (work) =>
      pglite.transaction((tx) =>
        work({
          query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await tx.query<Row>(sql, params)).rows }),
          exec: async (sql) => void (await tx.exec(sql)),
          transaction: () => Promise.reject(new Error('nested transactions are not supported')),
          close: () => Promise.resolve(),
        }),
      ),
    listen: (channel, onNotice) => pglite.listen(channel, onNotice),
    close: () => pglite.close(),
  };
  await migrate(db);
  return db;
}

export async function openPostgres(url: string): Promise<Db> {
  const { Client, Pool } = await import('pg');
  const pool = new Pool({ connectionString: url, max: 10 });
  const listeners = new Set<() => Promise<void>>();
  /** A connection of its own per channel, outside the pool: LISTEN holds it. */
  async function listen(channel: string, onNotice: (payload: string) => void): Promise<() => Promise<void>> {
    let stopped = false;
    let client: InstanceType<typeof Client> | undefined;
    let retry: NodeJS.Timeout | undefined;
    const connect = async () => {
      retry = undefined;
      const next = new Client({ connectionString: url });
      next.on('error', () => undefined);
      next.on('notification', (notice) => {
        if (notice.channel === channel) onNotice(notice.payload ?? '');
      });
      next.on('end', () => {
        if (!stopped && client === next) retry ??= setTimeout(() => void connect(), retryListeningMs);
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${channel}`);
        client = next;
        if (stopped) await next.end();
      } catch {
        await next.end().catch(() => undefined);
        if (!stopped) retry ??= setTimeout(() => void connect(), retryListeningMs);
      }
    };
    await connect();
    const stop = async () => {
      stopped = true;
      listeners.delete(stop);
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    };
    listeners.add(stop);
    return stop;
  }
  // An idle connection the server closed (PostgreSQL restarted): the pool drops it and connects anew on the next query.
  // Without a listener the pool's 'error' event ends the process.
  pool.on('error', () => undefined);
  const db: Db = {
    query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await pool.query(sql, params)).rows as Row[] }),
    exec: async (sql) => void (await pool.query(sql)),
    transaction: async (work) => {
      const client = await pool.connect();
      let failure: Error | undefined;
      // A checked-out client reports a lost connection as an 'error' event: unheard, it would end the process. The
      // query in flight fails with it too, so the transaction fails as it should.
      const lost = (error: Error) => (failure ??= error);
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(sql: string, params?: unknown[]) => ({
            rows: (await client.query(sql, params)).rows as Row[],
          }),
          exec: async (sql) => void (await client.query(sql)),
          transaction: () => Promise.reject(new Error('nested transactions are not supported')),
          close: () => Promise.resolve(),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        // On a connection that broke, ROLLBACK fails too: the caller hears why the transaction failed, not that.
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        // A client that failed mid-transaction is destroyed rather than handed to the next caller.
        client.off('error', lost);
        client.release(failure);
      }
    },
    listen,
    close: async () => {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
  await migrate(db);
  return db;
}

export function openRegistryDb(options: { databaseUrl?: string; dataDir: string }): Promise<Db> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(`${options.dataDir}/registry`);
}

/** Applies each migration once, in order, under an advisory lock so concurrent starts do not race. */
export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727001)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const [index, sql] of migrations.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
  });
}
