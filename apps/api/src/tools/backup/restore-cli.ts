import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../../config';
import { loadDotEnv } from '../../env-file';
import { BackupError, postgresBackupHelp, restoreSqlite } from './backup';

/* `npm run restore -- <file>`: put a backup back in place of the SQLite database (server stopped). */

const USAGE = `Usage: npm run restore -- <backup file>

Replaces the SQLite database configured as for npm start (DATA_DIR or DATABASE_URL) with a
backup made by npm run backup. Stop Bodega first: the restore refuses while the database is
open. The backup is checked (pragma integrity_check, foreign keys, migrations) before anything
is replaced, and the current database is kept as DATA_DIR/backups/bodega-<time>-before-restore.db.
Start Bodega again afterwards. On PostgreSQL it prints the pg_restore command to use instead.`;

let parsed;
try {
  parsed = parseArgs({
    options: { help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (parsed.positionals.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}
const backupFile = parsed.positionals[0]!;

let config: Config;
try {
  loadDotEnv();
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Invalid configuration: ${err.message.replaceAll('\n', '; ')}`);
  process.exit(1);
}
const dir = join(config.dataDir, 'backups');

if (config.database.kind === 'postgres') {
  console.error(postgresBackupHelp(dir));
  process.exit(2);
}
if (config.database.file === ':memory:') {
  console.error('The database is in memory: there is nothing to restore into.');
  process.exit(1);
}

try {
  const result = await restoreSqlite(config.database.file, backupFile, dir);
  console.log(`Restored ${result.from} into ${result.restored} (${result.ms} ms, checked).`);
  if (result.previous) console.log(`The database as it was before is kept as ${result.previous}.`);
  console.log('Start Bodega again (e.g. systemctl start bodega).');
} catch (err) {
  console.error(err instanceof BackupError ? err.message : err);
  process.exit(1);
}
