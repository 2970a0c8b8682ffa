import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../../config';
import { loadDotEnv } from '../../env-file';
import { BackupError, backupSqlite, postgresBackupHelp, pruneBackups } from './backup';

/* `npm run backup [-- --dir DIR] [--keep N]`: a consistent copy of the SQLite database, server running or not. */

const USAGE = `Usage: npm run backup -- [--dir DIR] [--keep N]

Copies the SQLite database configured as for npm start (DATA_DIR or DATABASE_URL) with
SQLite's online backup API, safe while Bodega runs, into DATA_DIR/backups/bodega-<time>.db,
and checks the copy. On PostgreSQL it prints the pg_dump command to use instead.

  --dir DIR   where to write the backup (default DATA_DIR/backups)
  --keep N    then delete all but the newest N backups in that directory`;

let args;
try {
  args = parseArgs({
    options: {
      dir: { type: 'string' },
      keep: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const keep = args.keep === undefined ? undefined : Number(args.keep);
if (keep !== undefined && (!Number.isSafeInteger(keep) || keep < 1)) {
  console.error(`--keep must be a whole number of at least 1, got ${JSON.stringify(args.keep)}`);
  process.exit(2);
}

let config: Config;
try {
  loadDotEnv();
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Invalid configuration: ${err.message.replaceAll('\n', '; ')}`);
  process.exit(1);
}
const dir = resolve(args.dir ?? join(config.dataDir, 'backups'));

if (config.database.kind === 'postgres') {
  // Nothing is done: exit non-zero so that a cron job set up for SQLite does not pass silently.
  console.error(postgresBackupHelp(dir));
  process.exit(2);
}
if (config.database.file === ':memory:') {
  console.error('The database is in memory: there is nothing to back up.');
  process.exit(1);
}

try {
  const result = await backupSqlite(config.database.file, dir);
  console.log(`Backed up ${config.database.file} to ${result.file} (${result.bytes} bytes, ${result.ms} ms, checked)`);
  if (keep !== undefined) {
    for (const file of pruneBackups(dir, keep)) console.log(`Deleted the old backup ${file}`);
  }
} catch (err) {
  console.error(err instanceof BackupError ? err.message : err);
  process.exit(1);
}
