import SQLite from 'better-sqlite3';
import { CompiledQuery, sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import type { Config } from '../../config';
import { rebuildSalesSummary } from '../../modules/reports/rebuild-sales-summary';
import { dbKind, type Db } from '../../db/database';
import type { Business, Rows } from './business';

/** A migrated database to load into, and how it was opened (SQLite loads through a connection of its own). */
export type BulkTarget = { db: Db; database: Config['database'] };

/** What a progress bar hears: rows inserted so far, per table; then each later step as it starts. */
export type LoadProgress = {
  onRows?: (table: string, done: number, total: number) => void;
  onStep?: (step: 'indexes' | 'summaries' | 'statistics') => void;
};

/**
 * Plain multi-row INSERTs, one transaction per table, with the secondary indexes dropped for
 * the load and built again after it (the constraints' own indexes stay and keep checking).
 * Foreign keys are not checked during the load: the rows come from a generator that keeps
 * them, and `stockInvariants` checks the ledger afterwards (SQLite: a connection of its own,
 * without `foreign_keys`, its statements prepared once; PostgreSQL, as a superuser:
 * `session_replication_role = replica`). Every row of a table must have the same keys.
 */
export async function bulkLoad(target: BulkTarget, given: Rows, progress: LoadProgress = {}): Promise<void> {
  const { database, db } = target;
  const rows = await existingColumns(db, given);
  const tables = Object.keys(rows).filter((t) => rows[t]!.length > 0);
  if (database.kind === 'sqlite') return bulkLoadSqlite(database.file, tables, rows, progress);
  const indexes = await dropSecondaryIndexes(db, tables);
  const superuser =
    (await sql<{ s: boolean }>`select rolsuper as s from pg_roles where rolname = current_user`.execute(db)).rows[0]
      ?.s === true;
  try {
    for (const table of tables) {
      const list = rows[table]!;
      const columns = Object.keys(list[0]!);
      // Statements of a few thousand parameters: PostgreSQL parses and plans each one.
      const batch = Math.max(1, Math.min(500, Math.floor(8_000 / columns.length)));
      await db.transaction().execute(async (trx) => {
        if (superuser) {
          await trx.executeQuery(CompiledQuery.raw('set local session_replication_role = replica'));
          await trx.executeQuery(CompiledQuery.raw('set local synchronous_commit = off'));
        }
        for (let i = 0; i < list.length; i += batch) {
          const chunk = list.slice(i, i + batch);
          await trx.executeQuery(
            CompiledQuery.raw(insertText('postgres', table, columns, chunk.length), values(chunk, columns)),
          );
          progress.onRows?.(table, i + chunk.length, list.length);
        }
      });
    }
  } finally {
    progress.onStep?.('indexes');
    await db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw(`set local maintenance_work_mem = '512MB'`));
      for (const index of indexes) await trx.executeQuery(CompiledQuery.raw(index));
    });
  }
}

function bulkLoadSqlite(file: string, tables: string[], rows: Rows, progress: LoadProgress): void {
  const sqlite = new SQLite(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('busy_timeout = 5000');
    const indexes = sqlite
      .prepare(
        `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${tables.map(() => '?').join(',')})`,
      )
      .all(...tables) as { name: string; sql: string }[];
    for (const { name } of indexes) sqlite.exec(`drop index "${name}"`);
    try {
      for (const table of tables) {
        const list = rows[table]!;
        const columns = Object.keys(list[0]!);
        const batch = Math.max(1, Math.floor(4_000 / columns.length));
        const statements = new Map<number, SQLite.Statement>();
        sqlite.transaction(() => {
          for (let i = 0; i < list.length; i += batch) {
            const chunk = list.slice(i, i + batch);
            let statement = statements.get(chunk.length);
            if (!statement) {
              statement = sqlite.prepare(insertText('sqlite', table, columns, chunk.length));
              statements.set(chunk.length, statement);
            }
            statement.run(values(chunk, columns));
            progress.onRows?.(table, i + chunk.length, list.length);
          }
        })();
      }
    } finally {
      progress.onStep?.('indexes');
      sqlite.transaction(() => {
        for (const index of indexes) sqlite.exec(index.sql);
      })();
    }
  } finally {
    sqlite.close();
  }
}

/**
 * The rows with only the columns their table has now: the schema moves while the
 * generator keeps up (a column it does not know keeps its default; one it fills that a
 * migration removed is left out, with a note). PostgreSQL: the tables of the current schema
 * only (the tests keep one schema per test file in one database).
 */
async function existingColumns(db: Db, rows: Rows): Promise<Rows> {
  const out: Rows = {};
  const schema =
    dbKind(db) === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s
      : undefined;
  const tables = (await db.introspection.getTables()).filter((t) => !schema || t.schema === schema);
  for (const [table, list] of Object.entries(rows)) {
    const known = new Set(tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? []);
    const keys = list.length ? Object.keys(list[0]!) : [];
    const dropped = keys.filter((k) => !known.has(k));
    if (!dropped.length) {
      out[table] = list;
      continue;
    }
    console.warn(`bulk loader: ${table} has no column ${dropped.join(', ')} (left out)`);
    out[table] = list.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => known.has(k))));
  }
  return out;
}

const values = (chunk: Record<string, unknown>[], columns: string[]) => {
  const params: unknown[] = [];
  for (const row of chunk) for (const c of columns) params.push(row[c] ?? null);
  return params;
};

function insertText(kind: Config['database']['kind'], table: string, columns: string[], count: number): string {
  const width = columns.length;
  const tuples = Array.from({ length: count }, (_, r) =>
    kind === 'postgres'
      ? `(${columns.map((_, c) => `$${r * width + c + 1}`).join(',')})`
      : `(${columns.map(() => '?').join(',')})`,
  );
  return `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}`;
}

/** PostgreSQL: drops the indexes that belong to no constraint; returns the statements that build them again. */
async function dropSecondaryIndexes(db: Db, tables: string[]): Promise<string[]> {
  const found = await sql<{ name: string; ddl: string }>`select i.indexname as name, i.indexdef as ddl from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
      and not exists (select 1 from pg_constraint c
        where c.conname = i.indexname and c.connamespace = current_schema()::regnamespace)`.execute(db);
  for (const { name } of found.rows) await sql`drop index ${sql.id(name)}`.execute(db);
  return found.rows.map((r) => r.ddl);
}

/** Identity columns given explicit ids: moves their sequences past them (PostgreSQL). */
async function advanceSequences(db: Db, rows: Rows): Promise<void> {
  if (dbKind(db) !== 'postgres') return;
  for (const [table, list] of Object.entries(rows)) {
    if (!list.length || !('id' in list[0]!)) continue;
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
      db,
    );
  }
}

/** The order and return number counters, past the loaded history. */
async function setCounters(db: Db, counters: Business['counters']): Promise<void> {
  for (const [name, value] of Object.entries(counters)) {
    if (dbKind(db) === 'postgres')
      await sql`select setval(${`${name}_seq`}, ${Math.max(value, 1)}, ${value > 0})`.execute(db);
    else await db.updateTable('counters').set({ value }).where('name', '=', name).execute();
  }
}

export type LoadTimings = { loadMs: number; rebuildMs: number; analyzeMs: number };

/**
 * Loads a generated business, then what the use-cases would have kept alongside: sequences
 * and number counters past the loaded rows, the daily sales summaries (rebuilt by the API's
 * own `rebuildSalesSummary`), and the statistics autovacuum / SQLite's optimize would gather.
 */
export async function loadBusiness(target: BulkTarget, b: Business, progress: LoadProgress = {}): Promise<LoadTimings> {
  const { db } = target;
  let started = performance.now();
  await bulkLoad(target, b.rows, progress);
  await advanceSequences(db, b.rows);
  await setCounters(db, b.counters);
  const loadMs = performance.now() - started;
  progress.onStep?.('summaries');
  started = performance.now();
  await rebuildSalesSummary(db);
  const rebuildMs = performance.now() - started;
  progress.onStep?.('statistics');
  started = performance.now();
  await analyze(db, [...Object.keys(b.rows), 'sales_daily', 'sales_daily_products', 'sales_daily_categories']);
  return { loadMs, rebuildMs, analyzeMs: performance.now() - started };
}

/**
 * Planner statistics: SQLite's ANALYZE; PostgreSQL's VACUUM ANALYZE, of the given tables
 * when named (in the current schema), else of the whole database.
 */
export async function analyze(db: Db, tables?: string[]): Promise<void> {
  if (dbKind(db) !== 'postgres') {
    await db.executeQuery(CompiledQuery.raw('analyze'));
    return;
  }
  const list = tables?.length ? ` ${tables.map((t) => `"${t}"`).join(', ')}` : '';
  await db.executeQuery(CompiledQuery.raw(`vacuum analyze${list}`));
}
