import SQLite from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { migrations } from '../../db/migrations';

/**
 * Backups of the SQLite database (docs/deployment.md). `backupSqlite` uses SQLite's online
 * backup API, so it takes a consistent copy while the server keeps writing; `restoreSqlite`
 * checks the copy, refuses while a server has the file open, and writes it back through the
 * same API (so the database's -wal/-shm files stay coherent). PostgreSQL has pg_dump.
 */

export class BackupError extends Error {}

export const BACKUP_PREFIX = 'bodega-';

/** `bodega-20261126-182204.db` (UTC); `-2`, `-3`… when that name is taken. */
export function backupFileName(dir: string, now: Date, suffix = ''): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  const base = `${BACKUP_PREFIX}${stamp}${suffix}`;
  let name = `${base}.db`;
  for (let n = 2; existsSync(join(dir, name)); n++) name = `${base}-${n}.db`;
  return join(dir, name);
}

export type BackupResult = { file: string; bytes: number; ms: number };

/**
 * A consistent copy of the live database file into `dir`, taken while the server runs
 * (SQLite's online backup API restarts the copy if a write lands mid-way), then checked
 * with `pragma integrity_check`.
 */
export async function backupSqlite(
  databaseFile: string,
  dir: string,
  { now = new Date(), suffix = '' }: { now?: Date; suffix?: string } = {},
): Promise<BackupResult> {
  const started = performance.now();
  if (!existsSync(databaseFile)) throw new BackupError(`There is no database at ${databaseFile}`);
  mkdirSync(dir, { recursive: true });
  const file = backupFileName(dir, now, suffix);
  const source = new SQLite(databaseFile, { fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(file);
  } catch (err) {
    removeDatabase(file);
    throw new BackupError(`The backup of ${databaseFile} failed: ${(err as Error).message}`);
  } finally {
    source.close();
  }
  try {
    selfContained(file);
    verifySqliteBackup(file);
  } catch (err) {
    removeDatabase(file);
    throw err;
  }
  return { file, bytes: statSync(file).size, ms: Math.round(performance.now() - started) };
}

/**
 * Checks that a file is a sound Bodega database this version can run: SQLite's integrity
 * check passes, foreign keys hold, and it has no migration this version does not know.
 * Returns the migrations it has applied. Opens the file for writing (so that SQLite cleans up
 * after itself): give it our own files or copies, not a database a server has open.
 */
export function verifySqliteBackup(file: string): { migrations: string[] } {
  if (!existsSync(file)) throw new BackupError(`There is no file at ${file}`);
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { fileMustExist: true, timeout: 5000 });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as a SQLite database: ${(err as Error).message}`);
  }
  try {
    let problems: string[];
    try {
      problems = db
        .prepare('pragma integrity_check')
        .pluck()
        .all()
        .map((p) => String(p));
    } catch (err) {
      throw new BackupError(`${file} is not a usable SQLite database: ${(err as Error).message}`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BackupError(`${file} fails SQLite's integrity check: ${problems.slice(0, 5).join('; ')}`);
    }
    const orphans = db.prepare('pragma foreign_key_check').all();
    if (orphans.length) throw new BackupError(`${file} has ${orphans.length} rows whose foreign keys point nowhere`);
    const hasMigrations = db
      .prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`)
      .get();
    if (!hasMigrations) throw new BackupError(`${file} is not a Bodega database (it has no migration table)`);
    const applied = db
      .prepare('select name from kysely_migration order by name')
      .pluck()
      .all()
      .map((n) => String(n));
    const unknown = applied.filter((name) => !(name in migrations));
    if (unknown.length) {
      throw new BackupError(
        `${file} comes from a newer Bodega (migrations ${unknown.join(', ')} are unknown here): restore it with that version`,
      );
    }
    return { migrations: applied };
  } finally {
    db.close();
  }
}

/**
 * Whether another connection (a running server, another process) has the database open. A
 * WAL-mode connection holds a shared lock on the file for as long as it is open, so an
 * exclusive lock is refused while any other connection exists, in this process or another.
 */
export function sqliteInUse(databaseFile: string): boolean {
  if (!existsSync(databaseFile)) return false;
  const db = new SQLite(databaseFile, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('begin exclusive');
    db.exec('commit');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw err;
  } finally {
    db.close();
  }
}

export type RestoreResult = { restored: string; from: string; previous: string | undefined; ms: number };

/**
 * Replaces the database with a backup. Refuses while the database is in use (stop the server
 * first), checks the backup before touching anything, keeps the current database as
 * `bodega-<time>-before-restore.db` in `backupDir`, then copies the backup in through the
 * backup API and checks the result.
 */
export async function restoreSqlite(
  databaseFile: string,
  backupFile: string,
  backupDir: string,
  { now = new Date() }: { now?: Date } = {},
): Promise<RestoreResult> {
  const started = performance.now();
  const from = resolve(backupFile);
  if (from === resolve(databaseFile)) throw new BackupError('The backup is the database itself');
  if (!existsSync(from)) throw new BackupError(`There is no file at ${from}`);
  mkdirSync(dirname(resolve(databaseFile)), { recursive: true });
  // Work on a copy: the backup itself is never modified, and what is checked is what goes in.
  const staged = join(dirname(resolve(databaseFile)), `.restore-${process.pid}-${Date.now()}.db`);
  try {
    copyFileSync(from, staged);
    try {
      selfContained(staged);
    } catch (err) {
      throw new BackupError(`${from} is not a usable SQLite database: ${(err as Error).message}`);
    }
    verifySqliteBackup(staged);
    if (sqliteInUse(databaseFile)) {
      throw new BackupError(
        `${databaseFile} is in use: stop Bodega (e.g. systemctl stop bodega) and every other program that has it open, then restore again`,
      );
    }
    let previous: string | undefined;
    if (existsSync(databaseFile)) {
      previous = (await backupSqlite(databaseFile, backupDir, { now, suffix: '-before-restore' })).file;
    }
    const source = new SQLite(staged, { readonly: true, fileMustExist: true });
    try {
      await source.backup(databaseFile);
    } catch (err) {
      throw new BackupError(
        `Copying ${from} into ${databaseFile} failed: ${(err as Error).message}` +
          (previous ? `; the previous database is saved as ${previous}` : ''),
      );
    } finally {
      source.close();
    }
    verifySqliteBackup(databaseFile);
    return { restored: databaseFile, from, previous, ms: Math.round(performance.now() - started) };
  } finally {
    removeDatabase(staged);
  }
}

/** One file, no -wal/-shm beside it: a backup that can be copied anywhere on its own. */
function selfContained(file: string): void {
  const db = new SQLite(file, { fileMustExist: true, timeout: 5000 });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

/** Deletes all but the newest `keep` backups in `dir` (only files named like ours). */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!existsSync(dir)) return [];
  const ours = readdirSync(dir)
    .filter((name) => name.startsWith(BACKUP_PREFIX) && name.endsWith('.db') && !name.includes('-before-restore'))
    .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime || b.name.localeCompare(a.name));
  const removed = ours.slice(keep).map((f) => join(dir, f.name));
  for (const file of removed) rmSync(file, { force: true });
  return removed;
}

/** What to run on PostgreSQL, where Bodega leaves backups to pg_dump. */
export function postgresBackupHelp(backupDir: string): string {
  const dir = backupDir;
  const file = `${dir}/${BACKUP_PREFIX}$(date -u +%Y%m%d-%H%M%S).dump`;
  const example = `${dir}/${BACKUP_PREFIX}<time>.dump`;
  return [
    'On PostgreSQL, back up with pg_dump (the custom format is compressed and restores selectively):',
    '',
    `  mkdir -p ${dir}`,
    `  pg_dump --format=custom --no-owner --file="${file}" "$DATABASE_URL"`,
    '',
    'Restore into an empty database (stop the API servers first):',
    '',
    `  pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" ${example}`,
    '',
    'or, replacing what is there: add --clean --if-exists. See docs/deployment.md.',
  ].join('\n');
}
