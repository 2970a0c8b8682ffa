import SQLite from 'better-sqlite3';
import { CompiledQuery, sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Config } from '../../apps/api/src/config';
import { createDatabase, dbKind, type Db } from '../../apps/api/src/db/database';
import { migrateToLatest } from '../../apps/api/src/db/migrate';
import { rebuildSalesSummary } from '../../apps/api/src/modules/reports/rebuild-sales-summary';
import type { Business, Rows } from './business';

export type Kind = 'sqlite' | 'postgres';
export const PG_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Scratch = {
  kind: Kind;
  database: Config['database'];
  /** DATABASE_URL for an API server on this database. */
  url: string;
  /** A fresh directory (the SQLite file lives in it): DATA_DIR for a server. */
  dir: string;
  db: Db;
  close(): Promise<void>;
};

/**
 * A fresh, migrated database: a SQLite file in a new directory, or a new PostgreSQL database
 * next to BENCH_DATABASE_URL's (default postgres://postgres@127.0.0.1:5432/test) — a database
 * rather than a schema, so that a separate server process needs nothing but its URL. `close`
 * drops it, unless `keep`.
 */
export async function scratchDatabase(kind: Kind, { poolSize = 4, keep = false } = {}): Promise<Scratch> {
  const dir = mkdtempSync(join(tmpdir(), 'bodega-bench-'));
  if (kind === 'sqlite') {
    const file = join(dir, 'bodega.db');
    const database = { kind, file } as const;
    const db = createDatabase(database);
    await migrateToLatest(db);
    return {
      kind,
      database,
      url: `sqlite:${file}`,
      dir,
      db,
      async close() {
        await db.destroy();
        if (keep) console.log(`Kept ${file}`);
        else rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const database = { kind, url: url.toString(), poolSize } as const;
  const db = createDatabase(database);
  await migrateToLatest(db);
  return {
    kind,
    database,
    url: database.url,
    dir,
    db,
    async close() {
      await db.destroy();
      if (keep) console.log(`Kept database ${name}`);
      else await admin(`drop database ${name} with (force)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Plain multi-row INSERTs, one transaction per table, with the secondary indexes dropped for
 * the load and built again after it (the constraints' own indexes stay and keep checking).
 * Foreign keys are not checked during the load: the rows come from a generator that keeps
 * them, and `stockInvariants` checks the ledger afterwards (SQLite: a connection of its own,
 * without `foreign_keys`, its statements prepared once; PostgreSQL, as a superuser:
 * `session_replication_role = replica`). Every row of a table must have the same keys.
 */
export async function bulkLoad(target: Pick<Scratch, 'db' | 'database'>, given: Rows): Promise<void> {
  const { database, db } = target;
  const rows = await existingColumns(db, given);
  const tables = Object.keys(rows).filter((t) => rows[t]!.length > 0);
  if (database.kind === 'sqlite') return bulkLoadSqlite(database.file, tables, rows);
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
        }
      });
    }
  } finally {
    await db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw(`set local maintenance_work_mem = '512MB'`));
      for (const index of indexes) await trx.executeQuery(CompiledQuery.raw(index));
    });
  }
}

function bulkLoadSqlite(file: string, tables: string[], rows: Rows): void {
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
          }
        })();
      }
    } finally {
      sqlite.transaction(() => {
        for (const index of indexes) sqlite.exec(index.sql);
      })();
    }
  } finally {
    sqlite.close();
  }
}

/**
 * The rows with only the columns their table has now: the schema moves while the benchmark's
 * generator keeps up (a column it does not know keeps its default; one it fills that a
 * migration removed is left out, with a note).
 */
async function existingColumns(db: Db, rows: Rows): Promise<Rows> {
  const out: Rows = {};
  const tables = await db.introspection.getTables();
  for (const [table, list] of Object.entries(rows)) {
    const known = new Set(tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? []);
    const keys = list.length ? Object.keys(list[0]!) : [];
    const dropped = keys.filter((k) => !known.has(k));
    if (!dropped.length) {
      out[table] = list;
      continue;
    }
    console.warn(`bench loader: ${table} has no column ${dropped.join(', ')} (left out)`);
    out[table] = list.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => known.has(k))));
  }
  return out;
}

const values = (chunk: Record<string, unknown>[], columns: string[]) => {
  const params: unknown[] = [];
  for (const row of chunk) for (const c of columns) params.push(row[c] ?? null);
  return params;
};

function insertText(kind: Kind, table: string, columns: string[], count: number): string {
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
export async function loadBusiness(target: Pick<Scratch, 'db' | 'database'>, b: Business): Promise<LoadTimings> {
  const { db } = target;
  let started = performance.now();
  await bulkLoad(target, b.rows);
  await advanceSequences(db, b.rows);
  await setCounters(db, b.counters);
  const loadMs = performance.now() - started;
  started = performance.now();
  await rebuildSalesSummary(db);
  const rebuildMs = performance.now() - started;
  started = performance.now();
  await analyze(db);
  return { loadMs, rebuildMs, analyzeMs: performance.now() - started };
}

export async function analyze(db: Db): Promise<void> {
  await db.executeQuery(CompiledQuery.raw(dbKind(db) === 'postgres' ? 'vacuum analyze' : 'analyze'));
}
