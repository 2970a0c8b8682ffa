/**
 * Product search at 100,000 products, on SQLite and PostgreSQL, through the same query
 * function GET /products calls. Run: npx tsx bench/search-100k.ts
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a fresh
 * database is created and dropped. The catalog and the loader are bench/lib's (catalog.ts, load.ts).
 */
import { listProductsQuery } from '@bodega/contract';
import { CompiledQuery, createQueryId, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { performance } from 'node:perf_hooks';
import { listProducts } from '../apps/api/src/modules/catalog/products.queries';
import { catalogEntries, nameFragment, type CatalogEntry } from '../apps/api/src/tools/bulk/catalog';
import { bulkLoad } from '../apps/api/src/tools/bulk/load';
import { scratchDatabase, type Scratch } from './lib/load';
import { seededRandom } from '../apps/api/src/tools/random';

const PRODUCTS = 100_000;
const SEARCHES = 200;
// Deterministic data: the same catalog on every run and both databases.
const rnd = seededRandom();
const pick = rnd.pick;

type Seeded = CatalogEntry;
const catalog = (): Seeded[] => catalogEntries(PRODUCTS, rnd);

async function seedProducts(target: Scratch, rows: Seeded[]): Promise<void> {
  const now = new Date().toISOString();
  await bulkLoad(target, {
    products: rows.map((r, i) => ({
      ...r,
      price_cents: 100 + (i % 50_000),
      cost_cents: 60 + (i % 30_000),
      active: 1,
      created_at: now,
      updated_at: now,
    })),
  });
}

/** What a user types: a fragment from the middle of a word, a SKU, a barcode, or two letters. */
function searches(rows: Seeded[]) {
  const fragment = () => nameFragment(rows, rnd);
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

async function run(label: string, target: Scratch, rows: Seeded[]) {
  const { db, kind } = target;
  let started = performance.now();
  await seedProducts(target, rows);
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
  for (const [kind, label] of [
    ['sqlite', 'SQLite (FTS5 trigram)'],
    ['postgres', 'PostgreSQL (GIN pg_trgm)'],
  ] as const) {
    const target = await scratchDatabase(kind);
    try {
      await run(label, target, rows);
    } finally {
      await target.close();
    }
  }
}

await main();
