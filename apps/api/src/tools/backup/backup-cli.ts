import { join, resolve } from 'node:path';
import { CliError, runCli } from '../cli';
import { BackupError, backupSqlite, postgresBackupHelp, pruneBackups } from './backup';

/* `npm run backup [-- --dir DIR] [--keep N]`: a consistent copy of the SQLite database, server running or not. */

const USAGE = `Usage: npm run backup -- [--dir DIR] [--keep N]

Copies the SQLite database configured as for npm start (DATA_DIR or DATABASE_URL) with
SQLite's online backup API, safe while Bodega runs, into DATA_DIR/backups/bodega-<time>.db,
and checks the copy. On PostgreSQL it prints the pg_dump command to use instead.

  --dir DIR   where to write the backup (default DATA_DIR/backups)
  --keep N    then delete all but the newest N backups in that directory`;

await runCli({
  usage: USAGE,
  options: { dir: { type: 'string' }, keep: { type: 'string' } },
  args: (values) => {
    const keep = values.keep === undefined ? undefined : Number(values.keep);
    if (keep !== undefined && (!Number.isSafeInteger(keep) || keep < 1)) {
      throw new CliError(`--keep must be a whole number of at least 1, got ${JSON.stringify(values.keep)}`, 2);
    }
    return { dir: values.dir, keep };
  },
  run: async ({ args: { keep, ...args }, config }) => {
    const dir = resolve(args.dir ?? join(config.dataDir, 'backups'));

    if (config.database.kind === 'postgres') {
      // Nothing is done: exit non-zero so that a cron job set up for SQLite does not pass silently.
      throw new CliError(postgresBackupHelp(dir), 2);
    }
    if (config.database.file === ':memory:') {
      throw new CliError('The database is in memory: there is nothing to back up.', 1);
    }

    try {
      const result = await backupSqlite(config.database.file, dir);
      console.log(
        `Backed up ${config.database.file} to ${result.file} (${result.bytes} bytes, ${result.ms} ms, checked)`,
      );
      if (keep !== undefined) {
        for (const file of pruneBackups(dir, keep)) console.log(`Deleted the old backup ${file}`);
      }
    } catch (err) {
      console.error(err instanceof BackupError ? err.message : err);
      return 1;
    }
  },
});
