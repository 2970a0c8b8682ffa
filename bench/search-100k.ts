/**
 * Product search at 100,000 products, on SQLite and PostgreSQL, through the same query
 * function GET /products calls. Run: npx tsx bench/search-100k.ts
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a fresh
 * schema is created and dropped.
 */
import { listProductsQuery } from '@bodega/contract';
import { CompiledQuery, createQueryId, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDatabase, type Db } from '../apps/api/src/db/database';
import { migrateToLatest } from '../apps/api/src/db/migrate';
import { listProducts } from '../apps/api/src/modules/catalog/products.queries';

const PRODUCTS = 100_000;
const SEARCHES = 200;
const PG_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

// Deterministic data: the same catalog on every run and both databases.
let seed = 20261126;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const words = (list: string) => list.split('|');
const KINDS = words(
  'Destornillador|Martillo|Tornillo hexagonal|Tuerca|Arandela|Llave inglesa|Alicate|Cinta métrica|Taladro percutor|Broca|Sierra circular|Lija al agua|Pintura látex|Rodillo|Pincel|Cable unipolar|Enchufe|Bombilla LED|Interruptor|Manguera|Grifo monocomando|Silicona|Pegamento epoxi|Candado|Bisagra|Clavo|Escalera|Guantes de nitrilo|Gafas de seguridad|Extensión eléctrica|Arroz largo fino|Aceite de oliva|Café molido|Yerba mate|Galletitas|Detergente|Jabón en polvo|Papel higiénico|Screwdriver|Claw hammer|Socket wrench|Drill bit set|Paint roller|Light bulb|Garden hose|Padlock|Wood glue|Masking tape',
);
const BRANDS = words(
  'Stanley|Bosch|Makita|Truper|Bahco|DeWalt|Tramontina|Philips|Osram|Sika|Loctite|Pretul|Irimo|Gamma|Biassoni|Tigre|Alba|Sinteplast|La Serenísima|Taragüí',
);
const TRAITS = words(
  'inoxidable|galvanizado|profesional|reforzado|compacto|heavy duty|cordless|magnético|antideslizante|blanco|negro|rojo|azul|industrial|premium|económico|x 12 unidades',
);
const SIZES = words('M6 x 40|M8 x 60|1/2"|3/8"|10 mm|25 m|5 kg|1 L|500 ml|18V|220V|60W|PH2|#8|4 L|1 kg|30 cm|2.5 mm²');

function ean13(n: number): string {
  const body = `779${String(n).padStart(9, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

type Seeded = { sku: string; barcode: string | null; name: string };
function catalog(): Seeded[] {
  return Array.from({ length: PRODUCTS }, (_, i) => {
    const kind = pick(KINDS);
    const brand = pick(BRANDS);
    const parts = [kind, brand, random() < 0.6 ? pick(TRAITS) : '', random() < 0.7 ? pick(SIZES) : ''];
    const prefix = kind
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 3)
      .toUpperCase();
    return {
      sku: `${prefix}-${brand.slice(0, 2).toUpperCase()}${(i + 1).toString(36).toUpperCase().padStart(5, '0')}`,
      barcode: random() < 0.9 ? ean13(i + 1) : null,
      name: parts.filter(Boolean).join(' '),
    };
  });
}

async function seedProducts(db: Db, rows: Seeded[]): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto('products')
        .values(
          rows.slice(i, i + 1000).map((r, j) => ({
            ...r,
            price_cents: 100 + ((i + j) % 50_000),
            cost_cents: 60 + ((i + j) % 30_000),
            active: 1,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
}

/** What a user types: a fragment from the middle of a word, a SKU, a barcode, or two letters. */
function searches(rows: Seeded[]) {
  const fragment = () => {
    const words = pick(rows)
      .name.split(' ')
      .filter((w) => w.length >= 5);
    const word = words.length ? pick(words) : 'tornillo';
    const length = 3 + Math.floor(random() * 4);
    const start = Math.floor(random() * Math.max(1, word.length - length + 1));
    return word.slice(start, start + length).toLowerCase();
  };
  const withBarcode = rows.filter((r) => r.barcode);
  return {
    'name fragment': Array.from({ length: SEARCHES }, fragment),
    sku: Array.from({ length: SEARCHES }, () => pick(rows).sku),
    barcode: Array.from({ length: SEARCHES }, () => pick(withBarcode).barcode!),
    '2 characters': Array.from({ length: SEARCHES }, () => pick(rows).name.slice(0, 2).toLowerCase()),
    // Worst cases: nothing matches, so nothing stops a scan early.
    'no match, 3+ characters': Array.from({ length: SEARCHES }, (_, i) => `zq${i}x`),
    'no match, 2 characters': Array.from({ length: SEARCHES }, (_, i) => ['qz', 'xj', 'wq', 'zx', 'jj'][i % 5]!),
  };
}

/** Remembers the last query sent, so that EXPLAIN runs exactly what the search ran. */
function recorder() {
  const nodes: RootOperationNode[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      nodes.push(node);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { plugin, nodes };
}

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
};

async function run(label: string, db: Db, kind: 'sqlite' | 'postgres', rows: Seeded[]) {
  let started = performance.now();
  await seedProducts(db, rows);
  await db.executeQuery(CompiledQuery.raw(kind === 'postgres' ? 'analyze products' : 'analyze'));
  const version = await db.executeQuery<{ v: string }>(
    CompiledQuery.raw(kind === 'postgres' ? 'select version() as v' : 'select sqlite_version() as v'),
  );
  console.log(
    `\n## ${label}: ${PRODUCTS.toLocaleString('en')} products seeded in ${Math.round(performance.now() - started)} ms`,
  );
  console.log(`\n${version.rows[0]!.v.split(' on ')[0]}, Node ${process.version}; times include the images lookup.`);

  console.log('\n| search | median ms | p95 ms | max ms | avg hits |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, terms] of Object.entries(searches(rows))) {
    const times: number[] = [];
    let hits = 0;
    for (const q of terms) {
      const query = listProductsQuery.parse({ q, limit: '50' });
      started = performance.now();
      const page = await listProducts(db, query, 'staff');
      times.push(performance.now() - started);
      hits += page.items.length;
    }
    const s = stats(times);
    console.log(
      `| ${name} | ${s.median.toFixed(2)} | ${s.p95.toFixed(2)} | ${s.max.toFixed(2)} | ${(hits / terms.length).toFixed(1)} |`,
    );
  }

  for (const q of ['tornil', rows[4242]!.sku, rows[4242]!.barcode!.slice(3, 10), 'de']) {
    const { plugin, nodes } = recorder();
    const traced = db.withPlugin(plugin);
    await listProducts(traced, listProductsQuery.parse({ q, limit: '50' }), 'staff');
    const explain = kind === 'postgres' ? 'explain (analyze, costs off, timing off)' : 'explain query plan';
    console.log(`\n### ${explain.split(' (')[0]!.toUpperCase()}, q=${JSON.stringify(q)}`);
    for (const node of nodes) {
      const compiled = traced.getExecutor().compileQuery(node, createQueryId());
      if (compiled.sql.includes('product_images')) continue;
      const plan = await db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(`${explain} ${compiled.sql}`, [...compiled.parameters]),
      );
      console.log(`\n    ${compiled.sql}\n    -- ${JSON.stringify(compiled.parameters)}`);
      for (const line of plan.rows)
        console.log(`    ${String(kind === 'postgres' ? line['QUERY PLAN'] : line['detail'])}`);
    }
  }
}

async function main() {
  const rows = catalog();

  const dir = mkdtempSync(join(tmpdir(), 'bodega-bench-'));
  const sqlite = createDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
  try {
    await migrateToLatest(sqlite);
    await run('SQLite (FTS5 trigram)', sqlite, 'sqlite', rows);
  } finally {
    await sqlite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }

  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create extension if not exists pg_trgm with schema public`);
  await admin.query(`create schema ${schema}`);
  const postgres = createDatabase({ kind: 'postgres', url: PG_URL, poolSize: 4 }, { schema });
  try {
    await migrateToLatest(postgres, schema);
    await run('PostgreSQL (GIN pg_trgm)', postgres, 'postgres', rows);
  } finally {
    await postgres.destroy();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

await main();
