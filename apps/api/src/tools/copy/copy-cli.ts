import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../../config';
import { loadDotEnv } from '../../env-file';
import { CopyError, copySqliteToPostgres } from './copy';
import { createDatabase } from '../../db/database';

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

let args;
try {
  args = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      schema: { type: 'string' },
      force: { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '1000' },
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
const batchSize = Number(args['batch-size']);
if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
  console.error(`--batch-size must be a whole number of at least 1, got ${JSON.stringify(args['batch-size'])}`);
  process.exit(2);
}
if (args.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(args.schema)) {
  console.error(`--schema must be a lower-case identifier, got ${JSON.stringify(args.schema)}`);
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

const sqliteFile = args.from
  ? resolve(args.from.replace(/^(sqlite|file):(\/\/)?/, ''))
  : config.database.kind === 'sqlite'
    ? config.database.file
    : join(config.dataDir, 'bodega.db');
const targetUrl = args.to ?? (config.database.kind === 'postgres' ? config.database.url : undefined);
if (!targetUrl || !/^postgres(ql)?:\/\//.test(targetUrl)) {
  console.error(`--to must be a postgres://… URL${targetUrl ? '' : ' (DATABASE_URL is not PostgreSQL)'}\n\n${USAGE}`);
  process.exit(2);
}
if (!existsSync(sqliteFile)) {
  console.error(`There is no SQLite database at ${sqliteFile}`);
  process.exit(1);
}

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

const target = createDatabase({ kind: 'postgres', url: targetUrl, poolSize: 2 }, { schema: args.schema });
console.log(`Copying ${sqliteFile} into ${shown(targetUrl)}${args.schema ? ` (schema ${args.schema})` : ''}…`);
try {
  const report = await copySqliteToPostgres({
    sqliteFile,
    target,
    schema: args.schema,
    force: args.force,
    batchSize,
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
  process.exitCode = 1;
} finally {
  await target.destroy();
}
