/**
 * What the registry benchmarks (dashboard, desk) share: how many cases they seed, the seeded draws that make a rerun
 * seed the same registry, batched inserts, and one measurement on PGlite and one on a throwaway PostgreSQL server.
 */
import { openPglite, openPostgres, type Db } from '../../src/registry/db';
import { createDatabase, startPostgres } from '../../test/support/postgres';

export { seededRandom } from '../../test/support/seeded-random';

/** The registry a benchmark seeds: 35,000 cases, or BENCH_CASES. */
export const benchCases = Number(process.env.BENCH_CASES ?? 35_000);

/** Inserts the rows in multi-row INSERTs of `batchSize` rows each. */
export async function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: unknown[][],
  batchSize = 500,
): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const placeholders = batch
      .map((_, row) => `(${columns.map((_, column) => `$${row * columns.length + column + 1}`).join(', ')})`)
      .join(', ');
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, batch.flat());
  }
}

/** The figures `measure` takes on a fresh PGlite registry (`npm run dev`'s), then on PostgreSQL (production's). */
export async function onBothRegistries<T>(measure: (label: string, db: Db) => Promise<T[]>): Promise<T[]> {
  const pglite = await openPglite();
  const figures = await measure('PGlite', pglite);
  await pglite.close();
  const server = await startPostgres();
  try {
    const db = await openPostgres(await createDatabase(server, 'bench'));
    figures.push(...(await measure('PostgreSQL', db)));
    await db.close();
  } finally {
    await server.stop();
  }
  return figures;
}
