/**
 * Runs a registry suite against both backends: in-memory PGlite and a real PostgreSQL server started for the file.
 * Each `open()` gives a fresh, migrated database.
 */
import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type Db } from '../../src/registry/db';
import { createDatabase, startPostgres, type PostgresServer } from '../support/postgres';

export interface Backend {
  name: string;
  open(): Promise<Db>;
}

export function registryBackends(): Backend[] {
  let server: PostgresServer | undefined;
  let pglite: Promise<Db> | undefined;
  const opened: Db[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    pglite = undefined;
    await Promise.all(opened.splice(0).map((db) => db.close().catch(() => undefined)));
    await server?.stop();
  });
  const track = async (db: Promise<Db>) => {
    const ready = await db;
    opened.push(ready);
    return ready;
  };
  return [
    {
      name: 'PGlite',
      // Starting PGlite costs seconds on a busy machine: one instance per file, emptied for each test.
      open: async () => {
        pglite ??= track(openPglite());
        const db = await pglite;
        await emptyTables(db);
        return db;
      },
    },
    {
      name: 'PostgreSQL',
      open: async () => {
        if (!server) throw new Error('the PostgreSQL server did not start');
        return track(createDatabase(server, `registry_${randomBytes(5).toString('hex')}`).then(openPostgres));
      },
    },
  ];
}

async function emptyTables(db: Db): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  if (rows.length) await db.exec(`TRUNCATE ${rows.map((row) => `"${row.name}"`).join(', ')}`);
}
