import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { dbKind } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';

/**
 * Copies an installation's data from its SQLite file into PostgreSQL (`npm run db:copy`,
 * docs/deployment.md). The target gets the same migrations, then every table's rows in
 * foreign-key order with their ids, in one transaction; identity sequences continue after the
 * copied ids and the number sequences (orders, returns, purchase orders) after SQLite's
 * `counters`. SQLite-only tables are left behind: `counters` becomes those sequences, and the
 * FTS5 search index is not needed (PostgreSQL's trigram index is on `products` itself).
 */

export class CopyError extends Error {}

/** SQLite tables with no PostgreSQL counterpart to copy into. */
const SQLITE_ONLY = new Set(['counters', 'kysely_migration', 'kysely_migration_lock']);
/** Rows the migrations insert themselves: a freshly migrated target still counts as empty. */
const SEEDED_ROWS: Record<string, number> = { locations: 1 };
/** PostgreSQL's limit is 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

export type CopyOptions = {
  /** The SQLite database file to read (opened read-only; one consistent snapshot is copied). */
  sqliteFile: string;
  /** The PostgreSQL database to fill, migrated to the latest version first. */
  target: Kysely<any>;
  /** The target's schema when it is not the connection's default (tests use one per file). */
  schema?: string;
  /** Replace whatever the target holds; without it, a target with data is refused. */
  force?: boolean;
  /** Rows per INSERT (default 1000; fewer for wide tables). */
  batchSize?: number;
  log?: (line: string) => void;
};

export type CopyReport = {
  /** Per table, in the order copied: rows in SQLite and rows now in PostgreSQL (always equal). */
  tables: { table: string; source: number; target: number }[];
  /** Each sequence and the value its next use will return. */
  sequences: { sequence: string; next: number }[];
  ms: number;
};

type Column = { name: string; type: string; identity: boolean };
type TargetTable = { name: string; columns: Column[] };
type ForeignKey = { child: string; childColumn: string; parent: string; parentColumn: string };

export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyReport> {
  const started = performance.now();
  const { target, force = false, batchSize = 1000, log = () => undefined } = options;
  if (dbKind(target) !== 'postgres') throw new CopyError('The target must be a PostgreSQL database');

  let source: SQLite.Database;
  try {
    source = new SQLite(options.sqliteFile, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new CopyError(`Cannot open the SQLite database ${options.sqliteFile}: ${(err as Error).message}`);
  }
  try {
    // One read transaction: the copy is a consistent snapshot even if a server keeps writing.
    source.exec('begin');
    checkSourceMigrations(source, options.sqliteFile);

    const applied = await migrateToLatest(target, options.schema);
    if (applied.length) log(`Migrated the target: ${applied.join(', ')}`);

    const tables = await targetTables(target);
    const byName = new Map(tables.map((t) => [t.name, t]));
    const sourceTables = copiedSourceTables(source);
    const missing = tables.filter((t) => !sourceTables.has(t.name)).map((t) => t.name);
    const extra = [...sourceTables].filter((t) => !byName.has(t));
    if (missing.length || extra.length) {
      throw new CopyError(
        `The two databases have different tables` +
          (missing.length ? `; only PostgreSQL has ${missing.join(', ')}` : '') +
          (extra.length ? `; only SQLite has ${extra.join(', ')}` : ''),
      );
    }
    for (const table of tables) checkColumns(source, table);

    const existing = await rowCounts(target, tables);
    const occupied = tables.filter((t) => existing.get(t.name)! > (SEEDED_ROWS[t.name] ?? 0));
    if (occupied.length && !force) {
      throw new CopyError(
        `The target already holds data (${occupied.map((t) => `${t.name}: ${existing.get(t.name)} rows`).join(', ')}). ` +
          'Copy into an empty database, or pass --force to replace everything in it.',
      );
    }

    const foreignKeys = await targetForeignKeys(target);
    const order = foreignKeyOrder(tables, foreignKeys);
    const counters = source.prepare('select name, value from counters').all() as { name: string; value: number }[];
    const numberSequences = await targetNumberSequences(target);

    return await target
      .transaction()
      .execute(async (trx) => {
        // Also removes the rows the migrations seeded (the default location): the copy brings its own.
        await sql`truncate table ${sql.join(order.map((t) => sql.table(t.name)))} restart identity cascade`.execute(
          trx,
        );

        const report: CopyReport = { tables: [], sequences: [], ms: 0 };
        for (const table of order) {
          const selfKeys = foreignKeys.filter((k) => k.child === table.name && k.parent === table.name);
          const copied = await copyTable(source, trx, table, selfKeys, batchSize);
          const sourceCount = count(source, table.name);
          const targetCount = (await rowCounts(trx, [table])).get(table.name)!;
          if (copied !== sourceCount || targetCount !== sourceCount) {
            throw new CopyError(`${table.name}: SQLite has ${sourceCount} rows but PostgreSQL has ${targetCount}`);
          }
          report.tables.push({ table: table.name, source: sourceCount, target: targetCount });
          log(`${table.name}: ${targetCount} rows`);
        }

        for (const table of order) {
          for (const column of table.columns.filter((c) => c.identity)) {
            const { rows } = await sql<{ sequence: string; next: number }>`
            select pg_get_serial_sequence(${table.name}, ${column.name}) as sequence,
              setval(pg_get_serial_sequence(${table.name}, ${column.name}), coalesce(max(${sql.ref(column.name)}), 0) + 1, false) as next
            from ${sql.table(table.name)}`.execute(trx);
            report.sequences.push({ sequence: rows[0]!.sequence.replace(/^.*\./, ''), next: Number(rows[0]!.next) });
          }
        }

        // The human numbers: SQLite's counters row `order_number` is PostgreSQL's `order_number_seq`.
        for (const sequence of numberSequences) {
          const counter = counters.find((c) => `${c.name}_seq` === sequence);
          if (!counter) throw new CopyError(`SQLite has no counter for the sequence ${sequence}`);
          const value = Number(counter.value);
          await sql`select setval(${sequence}, ${Math.max(value, 1)}, ${value >= 1})`.execute(trx);
          report.sequences.push({ sequence, next: value + 1 });
        }
        const orphans = counters.filter((c) => !numberSequences.includes(`${c.name}_seq`));
        if (orphans.length) {
          throw new CopyError(`PostgreSQL has no sequence for the counters ${orphans.map((c) => c.name).join(', ')}`);
        }

        report.ms = Math.round(performance.now() - started);
        return report;
      })
      .then(async (report) => {
        // Fresh planner statistics for the new rows.
        for (const table of order) await sql`analyze ${sql.table(table.name)}`.execute(target);
        return report;
      });
  } finally {
    if (source.inTransaction) source.exec('rollback');
    source.close();
  }
}

/** The source must be at this version's latest migration, as the target will be. */
function checkSourceMigrations(source: SQLite.Database, file: string) {
  const hasTable = source.prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`);
  if (!hasTable.get()) throw new CopyError(`${file} is not a Bodega database (it has no migration table)`);
  const applied = new Set(
    source
      .prepare('select name from kysely_migration')
      .pluck()
      .all()
      .map((n) => String(n)),
  );
  const unknown = [...applied].filter((name) => !(name in migrations));
  if (unknown.length) {
    throw new CopyError(
      `${file} comes from a newer Bodega (unknown migrations ${unknown.join(', ')}): copy with that version`,
    );
  }
  const pending = Object.keys(migrations).filter((name) => !applied.has(name));
  if (pending.length) {
    throw new CopyError(
      `${file} is missing the migrations ${pending.join(', ')}: start this version of Bodega on it once ` +
        '(or run npm run db:migrate with DATABASE_URL=sqlite:<that file>), then copy',
    );
  }
}

/** Every SQLite table that holds data to copy: not SQLite's own, not FTS5 tables and their shadows. */
function copiedSourceTables(source: SQLite.Database): Set<string> {
  const all = source
    .prepare(`select name, sql from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'`)
    .all() as { name: string; sql: string | null }[];
  const virtual = all.filter((t) => /^create\s+virtual\s+table/i.test(t.sql ?? '')).map((t) => t.name);
  return new Set(
    all
      .map((t) => t.name)
      .filter((name) => !SQLITE_ONLY.has(name) && !virtual.some((v) => name === v || name.startsWith(`${v}_`))),
  );
}

function checkColumns(source: SQLite.Database, table: TargetTable) {
  const sourceColumns = (source.prepare(`pragma table_info(${quote(table.name)})`).all() as { name: string }[]).map(
    (c) => c.name,
  );
  const targetColumns = table.columns.map((c) => c.name);
  const onlyTarget = targetColumns.filter((c) => !sourceColumns.includes(c));
  const onlySource = sourceColumns.filter((c) => !targetColumns.includes(c));
  if (onlyTarget.length || onlySource.length) {
    throw new CopyError(
      `${table.name} has different columns` +
        (onlyTarget.length ? `; only PostgreSQL has ${onlyTarget.join(', ')}` : '') +
        (onlySource.length ? `; only SQLite has ${onlySource.join(', ')}` : ''),
    );
  }
}

async function targetTables(db: Kysely<any>): Promise<TargetTable[]> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string; is_identity: string }>`
    select c.table_name, c.column_name, c.data_type, c.is_identity
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.table_name not like 'kysely\\_%'
    order by c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, TargetTable>();
  for (const r of rows) {
    let table = tables.get(r.table_name);
    if (!table) tables.set(r.table_name, (table = { name: r.table_name, columns: [] }));
    table.columns.push({ name: r.column_name, type: r.data_type, identity: r.is_identity === 'YES' });
  }
  if (!tables.size) throw new CopyError('The target schema has no tables after migrating');
  return [...tables.values()];
}

async function targetForeignKeys(db: Kysely<any>): Promise<ForeignKey[]> {
  const { rows } = await sql<ForeignKey>`
    select cl.relname as child, ca.attname as "childColumn", pa.relname as parent, pa_att.attname as "parentColumn"
    from pg_constraint k
    join pg_namespace n on n.oid = k.connamespace
    join pg_class cl on cl.oid = k.conrelid
    join pg_class pa on pa.oid = k.confrelid
    cross join lateral unnest(k.conkey, k.confkey) as u(child_att, parent_att)
    join pg_attribute ca on ca.attrelid = k.conrelid and ca.attnum = u.child_att
    join pg_attribute pa_att on pa_att.attrelid = k.confrelid and pa_att.attnum = u.parent_att
    where k.contype = 'f' and n.nspname = current_schema()`.execute(db);
  return rows;
}

/** Sequences that no identity or serial column owns: the human-number counters. */
async function targetNumberSequences(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'S' and n.nspname = current_schema()
      and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))
    order by c.relname`.execute(db);
  return rows.map((r) => r.name);
}

/** Parents before children (Kahn's algorithm, alphabetical among equals); a table's references to itself aside. */
export function foreignKeyOrder<T extends { name: string }>(tables: T[], keys: ForeignKey[]): T[] {
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const k of keys) if (k.child !== k.parent) parents.get(k.child)?.add(k.parent);
  const done = new Set<string>();
  const order: T[] = [];
  while (order.length < tables.length) {
    const ready = tables
      .filter((t) => !done.has(t.name) && [...parents.get(t.name)!].every((p) => done.has(p)))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (!ready.length) {
      const left = tables.filter((t) => !done.has(t.name)).map((t) => t.name);
      throw new CopyError(`The foreign keys between ${left.join(', ')} form a cycle`);
    }
    for (const t of ready) {
      done.add(t.name);
      order.push(t);
    }
  }
  return order;
}

async function rowCounts(db: Kysely<any>, tables: { name: string }[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of tables) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(t.name)}`.execute(db);
    counts.set(t.name, Number(rows[0]!.n));
  }
  return counts;
}

function count(source: SQLite.Database, table: string): number {
  return Number(
    source
      .prepare(`select count(*) from ${quote(table)}`)
      .pluck()
      .get(),
  );
}

async function copyTable(
  source: SQLite.Database,
  trx: Kysely<any>,
  table: TargetTable,
  selfKeys: ForeignKey[],
  batchSize: number,
): Promise<number> {
  const names = table.columns.map((c) => c.name);
  const convert = table.columns.map((c) => converter(table.name, c));
  const keyColumns = (source.prepare(`pragma table_info(${quote(table.name)})`).all() as { name: string; pk: number }[])
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => quote(c.name));
  const select = source
    .prepare(
      `select ${names.map(quote).join(', ')} from ${quote(table.name)}` +
        (keyColumns.length ? ` order by ${keyColumns.join(', ')}` : ''),
    )
    .raw();
  const size = Math.max(1, Math.min(batchSize, Math.floor(MAX_PARAMETERS / names.length)));

  const toRow = (values: unknown[]) => {
    const row: Record<string, unknown> = {};
    names.forEach((name, i) => (row[name] = convert[i]!(values[i])));
    return row;
  };
  let rows: Iterable<unknown[]> = select.iterate() as IterableIterator<unknown[]>;
  // A table that references itself (categories' parent) goes in parents-first order.
  if (selfKeys.length) rows = parentsFirst(table.name, names, [...rows], selfKeys);

  let copied = 0;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await trx.insertInto(table.name).values(batch).execute();
    copied += batch.length;
    batch = [];
  };
  for (const values of rows) {
    batch.push(toRow(values));
    if (batch.length >= size) await flush();
  }
  await flush();
  return copied;
}

function parentsFirst(table: string, names: string[], rows: unknown[][], keys: ForeignKey[]): unknown[][] {
  const refs = keys.map((k) => ({ child: names.indexOf(k.childColumn), parent: names.indexOf(k.parentColumn) }));
  const parentColumn = refs[0]!.parent;
  if (refs.some((r) => r.parent !== parentColumn || r.child < 0 || r.parent < 0)) {
    throw new CopyError(`${table}: unsupported self-reference`);
  }
  const byKey = new Map(rows.map((r) => [r[parentColumn], r]));
  const out: unknown[][] = [];
  const state = new Map<unknown[], 'visiting' | 'done'>();
  const visit = (row: unknown[]) => {
    const s = state.get(row);
    if (s === 'done') return;
    if (s === 'visiting') throw new CopyError(`${table}: rows reference each other in a cycle`);
    state.set(row, 'visiting');
    for (const r of refs) {
      const parent = row[r.child] === null ? undefined : byKey.get(row[r.child]);
      if (parent && parent !== row) visit(parent);
    }
    state.set(row, 'done');
    out.push(row);
  };
  rows.forEach(visit);
  return out;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** How one SQLite value becomes the target column's value. */
function converter(table: string, column: Column): (value: unknown) => unknown {
  const fail = (value: unknown, expected: string) => {
    throw new CopyError(`${table}.${column.name}: ${JSON.stringify(value)} is not ${expected}`);
  };
  switch (column.type) {
    case 'timestamp with time zone':
      // ISO 8601 text. Without an offset it is UTC, as everything Bodega writes.
      return (v) => {
        if (v === null) return null;
        if (typeof v !== 'string') return fail(v, 'an ISO 8601 timestamp');
        const m = ISO_TIME.exec(v.trim());
        if (!m) return fail(v, 'an ISO 8601 timestamp');
        const text = m[1] ? v.trim() : `${v.trim()}${v.includes(':') ? 'Z' : 'T00:00:00Z'}`;
        if (Number.isNaN(Date.parse(text.replace(' ', 'T')))) return fail(v, 'a valid timestamp');
        return text;
      };
    case 'jsonb':
    case 'json':
      // The JSON text goes over as is; PostgreSQL parses it into jsonb.
      return (v) => {
        if (v === null) return null;
        if (typeof v !== 'string') return fail(v, 'JSON text');
        try {
          JSON.parse(v);
        } catch {
          return fail(v, 'valid JSON');
        }
        return v;
      };
    case 'integer':
    case 'bigint':
    case 'smallint':
      // 0/1 flags stay integers, as the migrations declare them on both databases.
      return (v) => {
        if (v === null) return null;
        const n = typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
        if (typeof n !== 'number' || !Number.isSafeInteger(n)) return fail(v, 'a whole number');
        return n;
      };
    case 'text':
    case 'character varying':
      return (v) => {
        if (v === null) return null;
        if (typeof v === 'number' || typeof v === 'bigint') return String(v);
        if (typeof v !== 'string') return fail(v, 'text');
        if (v.includes('\u0000')) return fail(v, 'text PostgreSQL accepts (it has a NUL character)');
        return v;
      };
    default:
      return (v) => v;
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
