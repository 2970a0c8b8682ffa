import { Migrator, type Kysely } from 'kysely';
import { migrations } from './migrations';

/**
 * Applies pending migrations. `schema` (PostgreSQL only) keeps Kysely's bookkeeping tables in
 * that schema; tests use one schema per file, and Kysely would otherwise find another
 * file's bookkeeping tables through the catalog.
 */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
