import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../../apps/api/src/config';
import { createDatabase, type Db } from '../../apps/api/src/db/database';
import { migrateToLatest } from '../../apps/api/src/db/migrate';

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
 * drops it, unless `keep`. The business is loaded into it by apps/api/src/tools/bulk/load.ts.
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
