/**
 * Reports at 1,000,000 order lines, on SQLite and PostgreSQL, through the same query functions
 * the report routes call.
 *   npx tsx bench/reports-1m.ts [--lines 1000000] [--runs 20] [--only sqlite|postgres] [--keep]
 *   npx tsx bench/reports-1m.ts --database <DATABASE_URL> [--runs 20]
 *
 * The data are apps/api/src/tools/bulk/business.ts's, bulk-loaded by apps/api/src/tools/bulk/load.ts
 * (shared with `npm run bench` and `npm run demo -- --large`) into a scratch database:
 * 100,000 products, ~286,000 orders over 180 days, 1,000,000 order lines, their
 * confirmations (order_history), the stock ledger (receipts, sales, returns) with levels equal
 * to it, returns, debts, payments with their allocations. The daily sales summaries are then
 * built by `rebuildSalesSummary`, as the use-cases would have kept them. Each report runs over
 * the last 90 days; the median of 20 runs is printed. PostgreSQL: BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test); a fresh database is created and dropped.
 * `--database` measures an existing database instead, as it is (a `postgres://` URL, or
 * `sqlite:<file>`; say, one `npm run demo -- --large` loaded): nothing is generated or written.
 */
import type { ReportGroup } from '@bodega/domain';
import { CompiledQuery, sql } from 'kysely';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { reorderSuggestions } from '../apps/api/src/modules/inventory/reorder.queries';
import { inventoryValuation } from '../apps/api/src/modules/inventory/valuation.queries';
import { agingReport } from '../apps/api/src/modules/receivables/receivables.queries';
import { dashboard } from '../apps/api/src/modules/reports/dashboard.queries';
import { movementsSummary } from '../apps/api/src/modules/reports/movements.queries';
import { paymentsReport } from '../apps/api/src/modules/reports/payments.queries';
import type { ReportRange } from '../apps/api/src/modules/reports/report-range';
import { salesByCategory, salesByStaff, salesReport, topProducts } from '../apps/api/src/modules/reports/sales.queries';
import type { AppContext } from '../apps/api/src/platform/context';
import { business, type Business } from '../apps/api/src/tools/bulk/business';
import { loadBusiness, type LoadTimings } from '../apps/api/src/tools/bulk/load';
import { createDatabase, dbKind, type Db } from '../apps/api/src/db/database';
import { scratchDatabase, type Scratch } from './lib/load';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const LINES = arg('lines', 1_000_000);
const RUNS = arg('runs', 20);
const PRODUCTS = 100_000;
const CUSTOMERS = 2_000;
const CUSTOMER_USERS = 500;
const DAYS = 180;
const RANGE_DAYS = 90;
const CURRENCY = 'USD';
const DAY_MS = 86_400_000;

const now = new Date();
const todayMs = Date.parse(now.toISOString().slice(0, 10));
const dayOf = (index: number) => new Date(todayMs - (DAYS - 1 - index) * DAY_MS).toISOString().slice(0, 10);
const TODAY = dayOf(DAYS - 1);

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { median: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1]! };
};

async function run(label: string, target: Scratch, data: Business) {
  // Sequences and number counters past the loaded rows, the summaries rebuilt, then what
  // autovacuum / SQLite's optimize would do for a live database.
  await measure(label, target.db, await loadBusiness(target, data));
}

async function measure(label: string, db: Db, load?: LoadTimings) {
  const kind = dbKind(db);
  let started: number;
  const version = await db.executeQuery<{ v: string }>(
    CompiledQuery.raw(kind === 'postgres' ? 'select version() as v' : 'select sqlite_version() as v'),
  );
  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
  console.log(`\n## ${label}\n`);
  console.log(`${version.rows[0]!.v.split(' on ')[0]}, Node ${process.version}.\n`);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `${load ? 'Loaded' : 'Found'} ${(await count('order_lines')).toLocaleString('en')} order lines, ${(await count('orders')).toLocaleString('en')} orders, ` +
      `${(await count('stock_movements')).toLocaleString('en')} movements, ${(await count('payments')).toLocaleString('en')} payments, ` +
      `${(await count('debts')).toLocaleString('en')} debts, ${(await count('returns')).toLocaleString('en')} returns${load ? ` in ${s(load.loadMs)}` : ''}; ` +
      `summaries${load ? ` rebuilt in ${s(load.rebuildMs)}` : ''} (${(await count('sales_daily')).toLocaleString('en')} seller-day rows, ` +
      `${(await count('sales_daily_products')).toLocaleString('en')} product-day rows)` +
      (load ? `; ${kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE'} ${s(load.analyzeMs)}.` : '.'),
  );

  // The summaries agree with the orders themselves.
  const raw = await sql<{
    revenue: number;
    orders: number;
  }>`select sum(subtotal_cents - discount_cents) as revenue, count(*) as orders
    from orders where confirmed_day is not null and status <> 'cancelled'`.execute(db);
  const summed = await sql<{
    revenue: number;
    orders: number;
  }>`select sum(subtotal_cents - discount_cents) as revenue, sum(orders) as orders from sales_daily`.execute(db);
  const ok =
    Number(raw.rows[0]!.revenue) === Number(summed.rows[0]!.revenue) &&
    Number(raw.rows[0]!.orders) === Number(summed.rows[0]!.orders);
  console.log(`\nSummary check against the orders table: ${ok ? 'equal' : 'DIFFERENT'}.`);

  const range: ReportRange = { from: dayOf(DAYS - RANGE_DAYS), to: TODAY, timeZone: 'UTC' };
  const ctx = { db, config: { currency: CURRENCY } } as unknown as AppContext;
  const week: ReportGroup = 'week';
  const cases: [string, () => Promise<unknown>][] = [
    ['dashboard (admin: every section)', () => dashboard(db, 'admin', now, CURRENCY)],
    ['dashboard (warehouse manager)', () => dashboard(db, 'warehouse_manager', now, CURRENCY)],
    ['dashboard (sales staff)', () => dashboard(db, 'sales_staff', now, CURRENCY)],
    ['sales by day', () => salesReport(db, range, 'day', CURRENCY)],
    ['sales by week', () => salesReport(db, range, week, CURRENCY)],
    ['sales by month', () => salesReport(db, range, 'month', CURRENCY)],
    ['top products (10, by revenue)', () => topProducts(db, range, 10, 'revenue', CURRENCY)],
    ['top products (10, by units)', () => topProducts(db, range, 10, 'units', CURRENCY)],
    ['sales by category', () => salesByCategory(db, range, CURRENCY)],
    ['sales by staff', () => salesByStaff(db, range, CURRENCY)],
    ['movements summary', () => movementsSummary(db, range, CURRENCY)],
    ['payments by method and day', () => paymentsReport(db, range, 'day', CURRENCY)],
    ['inventory valuation (existing)', () => inventoryValuation(ctx)],
    ['receivables aging (existing)', () => agingReport(db, TODAY, CURRENCY)],
    ['reorder suggestions, first 50 (existing)', () => reorderSuggestions(db, { limit: 50 }, now)],
  ];
  const machineLoad = loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  console.log(
    `\nEach over ${range.from} … ${range.to} (${RANGE_DAYS} days); ${RUNS} runs after one warm-up; load average before: ${machineLoad}.\n`,
  );
  console.log('| report | median ms | p95 ms | max ms |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, fn] of cases) {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      started = performance.now();
      await fn();
      times.push(performance.now() - started);
    }
    const s = stats(times);
    console.log(`| ${name} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} |`);
  }
}

async function main() {
  console.log(`# bench/reports-1m.ts — ${TODAY}, ${cpus().length} vCPU ${cpus()[0]?.model ?? ''}`);
  const existing = process.argv.includes('--database') ? process.argv[process.argv.indexOf('--database') + 1] : '';
  if (existing) {
    const postgres = /^postgres(ql)?:\/\//.test(existing);
    const db = createDatabase(
      postgres
        ? { kind: 'postgres', url: existing, poolSize: 4 }
        : { kind: 'sqlite', file: existing.replace(/^(sqlite|file):/, '') },
    );
    try {
      await measure(`${postgres ? 'PostgreSQL' : 'SQLite'}, existing database`, db);
    } finally {
      await db.destroy();
    }
    return;
  }
  const started = performance.now();
  const data = business({ lines: LINES, products: PRODUCTS, customers: CUSTOMERS, customerUsers: CUSTOMER_USERS, now });
  console.log(`\nGenerated in ${Math.round(performance.now() - started)} ms.`);

  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  for (const [kind, label] of [
    ['sqlite', 'SQLite'],
    ['postgres', 'PostgreSQL'],
  ] as const) {
    if (only && only !== kind) continue;
    // --keep leaves the SQLite file and the PostgreSQL database for a closer look (EXPLAIN …).
    const target = await scratchDatabase(kind, { keep: process.argv.includes('--keep') });
    try {
      await run(label, target, data);
    } finally {
      await target.close();
    }
  }
}

await main();
