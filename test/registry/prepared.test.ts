/**
 * The registry's prepared statements on a real PostgreSQL server (src/registry/prepared.ts): a change to a table
 * under a statement a connection holds prepared does not break the queries that follow.
 */
import { randomBytes } from 'node:crypto';
import { openPostgres, type Db } from '../../src/registry/db';
import { createDatabase, startPostgres, type PostgresServer } from '../support/postgres';

describe('prepared statements on PostgreSQL', () => {
  let server: PostgresServer;
  let url: string;
  let db: Db;
  beforeAll(async () => {
    server = await startPostgres();
    url = await createDatabase(server, `prepared_${randomBytes(4).toString('hex')}`);
    db = await openPostgres(url);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  /** DDL from another connection, as a newer release's migration would run it. */
  async function migrate(sql: string): Promise<void> {
    const other = await openPostgres(url);
    try {
      await other.exec(sql);
    } finally {
      await other.close();
    }
  }

  it('answers after a column it selects changes type, outside a transaction and on the retried one', async () => {
    await db.exec('CREATE TABLE shelf (id integer PRIMARY KEY, label text)');
    await db.query('INSERT INTO shelf (id, label) VALUES ($1, $2)', [1, 'first']);
    const read = () => db.query<{ id: number; label: string }>('SELECT id, label FROM shelf WHERE id = $1', [1]);
    for (let call = 0; call < 3; call += 1) expect((await read()).rows).toEqual([{ id: 1, label: 'first' }]);

    await migrate('ALTER TABLE shelf ALTER COLUMN label TYPE varchar(40)');
    for (let call = 0; call < 12; call += 1) expect((await read()).rows).toEqual([{ id: 1, label: 'first' }]);

    const inTransaction = () => db.transaction((tx) => tx.query('SELECT id, label FROM shelf WHERE id = $1', [1]));
    await inTransaction();
    await migrate('ALTER TABLE shelf ALTER COLUMN label TYPE text');
    // The transaction that met the change fails (its statement ran inside it); the caller's retry answers.
    const first = await inTransaction().then(
      (result) => result.rows,
      () => 'failed',
    );
    expect([[{ id: 1, label: 'first' }], 'failed']).toContainEqual(first);
    expect((await inTransaction()).rows).toEqual([{ id: 1, label: 'first' }]);
  });

  it('leaves a statement that selects every column unprepared, so an added column is simply returned', async () => {
    await db.exec('CREATE TABLE drawer (id integer PRIMARY KEY)');
    await db.query('INSERT INTO drawer (id) VALUES ($1)', [1]);
    expect((await db.query('SELECT * FROM drawer WHERE id = $1', [1])).rows).toEqual([{ id: 1 }]);
    await migrate("ALTER TABLE drawer ADD COLUMN note text NOT NULL DEFAULT 'kept'");
    expect((await db.query('SELECT * FROM drawer WHERE id = $1', [1])).rows).toEqual([{ id: 1, note: 'kept' }]);
  });
});
