/**
 * The registry's statements on PostgreSQL as named (prepared) statements: a connection parses and plans each
 * statement's text once, not at every call. A case costs the registry about fifteen statements (bench/RESULTS.md
 * section 9), most of them the same few texts.
 *
 * A statement that selects or returns `*` stays unnamed: a migration that adds a column would change what a prepared one
 * returns, which PostgreSQL refuses ("cached plan must not change result type") on every connection that holds it.
 * Should a column's type change under a named one, the names are renewed and a statement outside a transaction is
 * sent again at once; one inside fails its transaction, whose caller retries.
 */
import { createHash } from 'node:crypto';

interface Queryable {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** A data statement that names its columns. */
const preparable = /^\s*(select|insert|update|delete|with)\b/i;
const selectsStar = /\b(select|returning)\s+(\w+\.)?\*/i;
/** feature_not_supported, as PostgreSQL reports a prepared statement whose result type changed. */
const planChanged = (error: unknown) =>
  (error as { code?: string }).code === '0A000' && /cached plan must not change result type/.test(String(error));

export class PreparedStatements {
  private generation = 0;
  private readonly names = new Map<string, string>();

  private nameOf(sql: string): string {
    let name = this.names.get(sql);
    if (!name) {
      name = `hw${this.generation}_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
      this.names.set(sql, name);
    }
    return name;
  }

  async query(client: Queryable, sql: string, params: unknown[] | undefined, inTransaction: boolean) {
    if (!preparable.test(sql) || selectsStar.test(sql)) return client.query({ text: sql, values: params });
    try {
      return await client.query({ name: this.nameOf(sql), text: sql, values: params ?? [] });
    } catch (error) {
      if (!planChanged(error)) throw error;
      this.generation += 1;
      this.names.clear();
      if (inTransaction) throw error;
      return client.query({ name: this.nameOf(sql), text: sql, values: params ?? [] });
    }
  }
}
