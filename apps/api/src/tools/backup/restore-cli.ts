import { join } from 'node:path';
import { CliError, runCli } from '../cli';
import { BackupError, postgresBackupHelp, restoreSqlite } from './backup';

/* `npm run restore -- <file>`: put a backup back in place of the SQLite database (server stopped). */

const USAGE = `Usage: npm run restore -- <backup file>

Replaces the SQLite database configured as for npm start (DATA_DIR or DATABASE_URL) with a
backup made by npm run backup. Stop Bodega first: the restore refuses while the database is
open. The backup is checked (pragma integrity_check, foreign keys, migrations) before anything
is replaced, and the current database is kept as DATA_DIR/backups/bodega-<time>-before-restore.db.
Start Bodega again afterwards. On PostgreSQL it prints the pg_restore command to use instead.`;

await runCli({
  usage: USAGE,
  allowPositionals: true,
  args: (_values, positionals) => {
    if (positionals.length !== 1) throw new CliError(USAGE, 2);
    return { backupFile: positionals[0]! };
  },
  run: async ({ args: { backupFile }, config }) => {
    const dir = join(config.dataDir, 'backups');

    if (config.database.kind === 'postgres') throw new CliError(postgresBackupHelp(dir), 2);
    if (config.database.file === ':memory:') {
      throw new CliError('The database is in memory: there is nothing to restore into.', 1);
    }

    try {
      const result = await restoreSqlite(config.database.file, backupFile, dir);
      console.log(`Restored ${result.from} into ${result.restored} (${result.ms} ms, checked).`);
      if (result.previous) console.log(`The database as it was before is kept as ${result.previous}.`);
      console.log('Start Bodega again (e.g. systemctl start bodega).');
    } catch (err) {
      console.error(err instanceof BackupError ? err.message : err);
      return 1;
    }
  },
});
