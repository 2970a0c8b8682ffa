/**
 * A fresh database for one scenario: a new SQLite file in a new DATA_DIR, or a new PostgreSQL
 * database (created here, dropped at the end) plus a new DATA_DIR for uploads and secrets.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pgReader, sqliteReader, type Reader } from './invariants';

export type DbKind = 'sqlite' | 'postgres';

/** Where PostgreSQL is: a database to connect to while creating and dropping the scenario's own. */
export const PG_ADMIN_URL = process.env['STRESS_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type Target = {
  kind: DbKind;
  databaseUrl: string;
  dataDir: string;
  reader(): Promise<Reader>;
  cleanup(): Promise<void>;
};

export async function postgresAvailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return `PostgreSQL is not reachable at ${PG_ADMIN_URL} (${(err as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createTarget(kind: DbKind, label: string): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), `bodega-stress-${label}-`));
  if (kind === 'sqlite') {
    const file = join(dataDir, 'bodega.db');
    return {
      kind,
      dataDir,
      databaseUrl: `sqlite:${file}`,
      reader: async () => sqliteReader(file),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `bodega_stress_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind,
    dataDir,
    databaseUrl,
    reader: () => pgReader(databaseUrl),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
