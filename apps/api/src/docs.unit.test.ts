import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const MIGRATIONS_DIR = new URL('./db/migrations/', import.meta.url);
const ENTITIES_DOC = new URL('../../../docs/entities.md', import.meta.url);

/** Kysely's bookkeeping tables: not ours to document table by table. */
const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Every migration source file, by name. */
function migrationSources(): { file: string; source: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}-.*\.ts$/.test(file))
    .sort()
    .map((file) => ({ file, source: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8') }));
}

/** Tables a migration creates: `createTable('x')`, and raw `create [virtual] table x` statements. */
function createdTables(source: string): string[] {
  const patterns = [
    /\.createTable\(\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]/g,
    /\bcreate\s+(?:virtual\s+)?table\s+(?:if\s+not\s+exists\s+)?["`]?([A-Za-z_][A-Za-z0-9_]*)/gi,
  ];
  const names = new Set<string>();
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) names.add(match[1]!);
  return [...names].filter((name) => !KYSELY_TABLES.has(name));
}

/** PostgreSQL sequences a migration creates with raw SQL. */
function createdSequences(source: string): string[] {
  return [...source.matchAll(/\bcreate\s+sequence\s+(?:if\s+not\s+exists\s+)?([A-Za-z_][A-Za-z0-9_]*)/gi)].map(
    (m) => m[1]!,
  );
}

/** The `### name` headings of docs/entities.md (backticks around the name allowed). */
function documentedTables(doc: string): Set<string> {
  return new Set([...doc.matchAll(/^###\s+`?([A-Za-z_][A-Za-z0-9_]*)`?\s*$/gm)].map((m) => m[1]!));
}

describe('docs/entities.md', () => {
  const migrations = migrationSources();
  const doc = readFileSync(ENTITIES_DOC, 'utf8');
  const headings = documentedTables(doc);

  it('finds the migrations and the tables they create', () => {
    expect(migrations.length).toBeGreaterThanOrEqual(4);
    const all = migrations.flatMap((m) => createdTables(m.source));
    expect(all).toEqual(expect.arrayContaining(['users', 'products', 'products_fts', 'counters', 'debts']));
  });

  it('has a "### name" heading for every table a migration creates', () => {
    const undocumented = migrations.flatMap(({ file, source }) =>
      createdTables(source)
        .filter((table) => !headings.has(table))
        .map((table) => `${table} (created in ${file})`),
    );
    expect(undocumented, 'add a "### <table>" section to docs/entities.md').toEqual([]);
  });

  it('mentions every sequence a migration creates', () => {
    const missing = migrations.flatMap(({ source }) => createdSequences(source)).filter((s) => !doc.includes(s));
    expect(missing, 'mention these sequences in docs/entities.md').toEqual([]);
  });

  it('recognises both ways of creating a table', () => {
    expect(createdTables(`db.schema.createTable('widgets').addColumn('id')`)).toEqual(['widgets']);
    expect(createdTables('await sql`create virtual table widgets_fts using fts5(name)`')).toEqual(['widgets_fts']);
    expect(createdTables(`db.schema.createTable('kysely_migration')`)).toEqual([]);
  });
});
