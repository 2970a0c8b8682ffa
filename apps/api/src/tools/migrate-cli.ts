import { ConfigError, loadConfig } from '../config';
import { loadDotEnv } from '../env-file';
import { createDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';

try {
  loadDotEnv();
  const config = loadConfig();
  const db = createDatabase(config.database);
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  await db.destroy();
} catch (err) {
  console.error(err instanceof ConfigError ? `Invalid configuration: ${err.message}` : err);
  process.exit(1);
}
