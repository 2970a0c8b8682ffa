import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  sql,
  SqliteDialect,
  type Expression,
  type RawBuilder,
  type SqliteDatabase,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import type { DB } from './schema';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
export type DbKind = Config['database']['kind'];

// int8 (counts, sums of cents) and numeric (SUM over bigint) come back as numbers: every
// value Bodega stores fits well inside 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
// json/jsonb stay text, as on SQLite, so that one `parseJson` reads both.
pg.types.setTypeParser(pg.types.builtins.JSON, (v) => v);
pg.types.setTypeParser(pg.types.builtins.JSONB, (v) => v);
// timestamptz: the session runs in UTC, so "2026-11-26 18:22:04.123+00" becomes ISO 8601,
// "2026-11-26T18:22:04.123Z" (what Date#toISOString gives: milliseconds, 3 digits). Rewritten
// as text, without a Date: every row has a few, and a list page has a hundred (bench profile).
const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => {
  const m = UTC_TIMESTAMP.exec(v);
  if (m) return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  return new Date(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
});

export function createDatabase(database: Config['database'], options: { schema?: string } = {}): Db {
  if (database.kind === 'postgres') {
    const searchPath = options.schema ? ` -c search_path=${options.schema}` : '';
    const pool = new pg.Pool({
      connectionString: database.url,
      max: database.poolSize,
      options: `-c TimeZone=UTC${searchPath}`,
    });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => undefined);
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's own lower() folds only A–Z; searches use this one so that "ángel" finds "Ángel".
  sqlite.function('unicode_lower', { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? v.toLowerCase() : v,
  );
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
}

/**
 * Kysely asks better-sqlite3 to prepare every statement it runs; parsing and planning the
 * same SQL again is a good part of a small query's cost. This keeps the most recently used
 * statements by their SQL and hands them out again (a statement still being iterated by a
 * stream is never handed out twice: a fresh one is prepared instead).
 */
function reusingStatements(sqlite: SQLite.Database, size = 500): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (statement && !statement.busy) {
        statements.delete(text);
        statements.set(text, statement);
        return statement;
      }
      statement = sqlite.prepare(text);
      statements.set(text, statement);
      if (statements.size > size) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}

export function dbKind(db: Kysely<any>): DbKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : null;
}

export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** A unique constraint refused the write (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** `FOR UPDATE` where the database has it; SQLite transactions already hold the write lock. */
export function lockForUpdate<QB extends { forUpdate(): QB }>(db: Kysely<any>, qb: QB): QB {
  return dbKind(db) === 'postgres' ? qb.forUpdate() : qb;
}

/** `lower(expr)` for every alphabet: PostgreSQL's lower(), or unicode_lower() on SQLite (see createDatabase). */
export function lowerAll(db: Kysely<any>, expr: Expression<unknown>): RawBuilder<string> {
  return dbKind(db) === 'postgres' ? sql<string>`lower(${expr})` : sql<string>`unicode_lower(${expr})`;
}

/**
 * `expr LIKE '%text%'` with the user's text taken literally (its % _ \ escaped). The ESCAPE
 * clause is spelled out: SQLite has no default escape character.
 */
export function likeContains(expr: Expression<unknown>, text: string): RawBuilder<boolean> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${expr} like ${pattern} escape '\\'`;
}
