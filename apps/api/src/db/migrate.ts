import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from './migrations';

/**
 * Applies pending migrations. `schema` (PostgreSQL only) keeps Kysely's bookkeeping tables in
 * that schema; tests use one schema per file, and Kysely would otherwise find another
 * file's bookkeeping tables through the catalog.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  return migrate(db, schema, (migrator) => migrator.migrateToLatest());
}

/** Applies (or reverts) migrations up to `name` included: tests build a database of an older version. */
export async function migrateTo(db: Kysely<any>, name: string, schema?: string): Promise<string[]> {
  return migrate(db, schema, (migrator) => migrator.migrateTo(name));
}

async function migrate(
  db: Kysely<any>,
  schema: string | undefined,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await run(migrator);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
