import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../../config';
import { createDatabase, type Db } from '../database';
import type { DB } from '../schema';

/**
 * The database the demo loads into. PostgreSQL: the server's own pool. SQLite: the server's
 * settings (WAL, foreign keys), tuned for one long bulk load — prepared statements kept and
 * reused (Kysely prepares every query again otherwise), no fsync, a larger page cache. The
 * SQL the use-cases run, and so the data written, is the same; only the transport is faster.
 * Not for serving: `synchronous = OFF` trades crash safety of the last commits for speed.
 */
export function openDemoDatabase(database: Config['database']): Db {
  if (database.kind === 'postgres') return createDatabase(database);
  if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  sqlite.pragma('temp_store = MEMORY');
  const statements = new Map<string, SQLite.Statement>();
  const reusing = {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) {
        // `in (?, ?, …)` lists make many texts; a full cache just starts over.
        if (statements.size >= 5000) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: reusing }) });
}
