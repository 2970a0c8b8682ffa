import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { dbKind } from '../db/database';

/**
 * Tables a digest leaves out, each for a reason:
 * - `kysely_migration`, `kysely_migration_lock`: migration bookkeeping, not business data;
 * - `products_fts*` (SQLite): the search index's virtual table and its shadow tables, derived
 *   from `products` by triggers (a change there shows in `products` already).
 * Nothing else is left out: a refused request must not touch sessions, tokens or the audit log
 * either (login throttling counts in memory or in Redis, never in the database).
 */
const LEFT_OUT = /^(kysely_migration(_lock)?|products_fts.*)$/;

/** Every table of the database (this test app's schema on PostgreSQL) but those left out above. */
export async function businessTables(db: Kysely<any>): Promise<string[]> {
  const { rows } =
    dbKind(db) === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite\\_%' escape '\\'`.execute(db);
  return rows
    .map((r) => r.name)
    .filter((n) => !LEFT_OUT.test(n))
    .sort();
}

/** A row as JSON with its keys sorted, so the same values always give the same text. */
function canonical(row: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(row)
        .sort()
        .map((k) => [k, row[k]]),
    ),
  );
}

/** Every row of every business table, as canonical JSON text, in a total order (the text's). */
export async function databaseRows(db: Kysely<any>): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const table of await businessTables(db)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    all[table] = rows.map(canonical).sort();
  }
  return all;
}

/**
 * The sha256 of every row of every business table, per table (with its row count, for the
 * reader of a failure): an insert, a delete or an update of any column anywhere changes the
 * table's digest.
 */
export async function databaseDigest(db: Kysely<any>): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const [table, rows] of Object.entries(await databaseRows(db))) {
    const hash = createHash('sha256');
    for (const text of rows) hash.update(text).update('\n');
    digest[table] = `${rows.length}:${hash.digest('hex')}`;
  }
  return digest;
}
