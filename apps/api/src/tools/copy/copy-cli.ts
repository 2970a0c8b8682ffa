import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CopyError, copySqliteToPostgres } from './copy';
import { createDatabase } from '../../db/database';
import { CliError, runCli } from '../cli';

/* `npm run db:copy -- --to postgres://… [--from sqlite:./data/bodega.db] [--schema S] [--force]`. */

const USAGE = `Usage: npm run db:copy -- --to postgres://user:pass@host:5432/db [--from sqlite:<file>] [--schema NAME] [--force]

Copies an installation's data from its SQLite file into PostgreSQL: migrates the target to
the latest version, copies every table in one transaction (ids kept, sequences continued,
order/return/PO numbers carried on), then checks the row counts of every table.

  --from sqlite:<file>  the SQLite database (default: the one npm start would use,
                        DATABASE_URL if it is SQLite, else DATA_DIR/bodega.db)
  --to postgres://…     the PostgreSQL database (default: DATABASE_URL if it is PostgreSQL)
  --schema NAME         copy into this existing schema instead of the connection's default
                        (for tests: Bodega itself always uses the default schema)
  --force               replace everything the target already holds (otherwise refused)
  --batch-size N        rows per INSERT (default 1000)

Stop the server (or keep it from writing) while copying: writes made after the copy
started are not copied. See docs/deployment.md, "Moving from SQLite to PostgreSQL".`;

await runCli({
  usage: USAGE,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    schema: { type: 'string' },
    force: { type: 'boolean', default: false },
    'batch-size': { type: 'string', default: '1000' },
  },
  args: (values) => {
    const batchSize = Number(values['batch-size']);
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new CliError(
        `--batch-size must be a whole number of at least 1, got ${JSON.stringify(values['batch-size'])}`,
        2,
      );
    }
    if (values.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(values.schema)) {
      throw new CliError(`--schema must be a lower-case identifier, got ${JSON.stringify(values.schema)}`, 2);
    }
    return { from: values.from, to: values.to, schema: values.schema, force: values.force, batchSize };
  },
  run: async ({ args, config }) => {
    const sqliteFile = args.from
      ? resolve(args.from.replace(/^(sqlite|file):(\/\/)?/, ''))
      : config.database.kind === 'sqlite'
        ? config.database.file
        : join(config.dataDir, 'bodega.db');
    const targetUrl = args.to ?? (config.database.kind === 'postgres' ? config.database.url : undefined);
    if (!targetUrl || !/^postgres(ql)?:\/\//.test(targetUrl)) {
      throw new CliError(
        `--to must be a postgres://… URL${targetUrl ? '' : ' (DATABASE_URL is not PostgreSQL)'}\n\n${USAGE}`,
        2,
      );
    }
    if (!existsSync(sqliteFile)) throw new CliError(`There is no SQLite database at ${sqliteFile}`, 1);

    const target = createDatabase({ kind: 'postgres', url: targetUrl, poolSize: 2 }, { schema: args.schema });
    console.log(`Copying ${sqliteFile} into ${shown(targetUrl)}${args.schema ? ` (schema ${args.schema})` : ''}…`);
    try {
      const report = await copySqliteToPostgres({
        sqliteFile,
        target,
        schema: args.schema,
        force: args.force,
        batchSize: args.batchSize,
        log: (line) => console.log(`  ${line}`),
      });
      const rows = report.tables.reduce((sum, t) => sum + t.target, 0);
      console.log(
        `Copied ${rows} rows in ${report.tables.length} tables (${report.ms} ms); every table's row count matches.`,
      );
      for (const s of report.sequences.filter((s) => /_number_seq$/.test(s.sequence))) {
        console.log(`  ${s.sequence} continues at ${s.next}`);
      }
      console.log(
        '\nNext: set DATABASE_URL to that database (and JWT_SECRET, the same UPLOAD_DIR files) and start Bodega.',
      );
    } catch (err) {
      console.error(err instanceof CopyError ? `Not copied: ${err.message}` : err);
      return 1;
    } finally {
      await target.destroy();
    }
  },
});

/** The URL without its password, for messages. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL database';
  }
}
