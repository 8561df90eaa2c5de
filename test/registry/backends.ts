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
  const opened: Db[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close().catch(() => undefined)));
    await server?.stop();
  });
  const track = async (db: Promise<Db>) => {
    const ready = await db;
    opened.push(ready);
    return ready;
  };
  return [
    { name: 'PGlite', open: () => track(openPglite()) },
    {
      name: 'PostgreSQL',
      open: async () => {
        if (!server) throw new Error('the PostgreSQL server did not start');
        return track(createDatabase(server, `registry_${randomBytes(5).toString('hex')}`).then(openPostgres));
      },
    },
  ];
}
