/**
 * Reports at 1,000,000 order lines, on SQLite and PostgreSQL, through the same query functions
 * the report routes call.
 *   npx tsx bench/reports-1m.ts [--lines 1000000] [--runs 20] [--only sqlite|postgres] [--keep]
 *
 * The data are bulk-loaded with multi-row INSERTs (the demo generator, `npm run demo -- --large`,
 * goes through the use-cases instead): 100,000 products, ~286,000 orders over 180 days,
 * 1,000,000 order lines, their confirmations (order_history), sale movements, returns, debts
 * and payments. The daily sales summaries are then built by `rebuildSalesSummary`, as the
 * use-cases would have kept them. Each report runs over the last 90 days; the median of 20
 * runs is printed. PostgreSQL: BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test); a fresh schema is created and dropped.
 */
import { priceOrder, type ReportGroup } from '@bodega/domain';
import { CompiledQuery, sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDatabase, type Db } from '../apps/api/src/db/database';
import { migrateToLatest } from '../apps/api/src/db/migrate';
import { reorderSuggestions } from '../apps/api/src/modules/inventory/reorder.queries';
import { inventoryValuation } from '../apps/api/src/modules/inventory/valuation.queries';
import { agingReport } from '../apps/api/src/modules/receivables/receivables.queries';
import { dashboard } from '../apps/api/src/modules/reports/dashboard.queries';
import { movementsSummary } from '../apps/api/src/modules/reports/movements.queries';
import { paymentsReport } from '../apps/api/src/modules/reports/payments.queries';
import { rebuildSalesSummary } from '../apps/api/src/modules/reports/rebuild-sales-summary';
import type { ReportRange } from '../apps/api/src/modules/reports/report-range';
import { salesByCategory, salesByStaff, salesReport, topProducts } from '../apps/api/src/modules/reports/sales.queries';
import type { AppContext } from '../apps/api/src/platform/context';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const LINES = arg('lines', 1_000_000);
const RUNS = arg('runs', 20);
const PRODUCTS = 100_000;
const POPULAR = 5_000;
const CATEGORIES = 12;
const CUSTOMERS = 2_000;
const CUSTOMER_USERS = 500;
const DAYS = 180;
const RANGE_DAYS = 90;
const CURRENCY = 'USD';
const PG_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAY_MS = 86_400_000;

// Deterministic data: the same business on every run and both databases.
let seed = 20261126;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const now = new Date();
const todayMs = Date.parse(now.toISOString().slice(0, 10));
const dayOf = (index: number) => new Date(todayMs - (DAYS - 1 - index) * DAY_MS).toISOString().slice(0, 10);
const at = (day: string, ms: number) => new Date(Date.parse(day) + ms).toISOString();
const TODAY = dayOf(DAYS - 1);

type Rows = Record<string, Record<string, unknown>[]>;

/** The whole business as rows, table by table, in insertion order. */
function business(): Rows {
  const stamp = now.toISOString();
  const rows: Rows = {};
  rows['categories'] = Array.from({ length: CATEGORIES }, (_, i) => ({
    id: i + 1,
    name: `Category ${i + 1}`,
    created_at: stamp,
    updated_at: stamp,
  }));
  const products = Array.from({ length: PRODUCTS }, (_, i) => {
    const price = int(100, 50_000);
    return {
      id: i + 1,
      sku: `SKU-${String(i + 1).padStart(6, '0')}`,
      name: `Product ${i + 1}`,
      category_id: (i % CATEGORIES) + 1,
      price_cents: price,
      cost_cents: Math.round(price * 0.6),
      tax_rate_bp: pick([0, 1000, 1600, 2100]),
      reorder_point: 10,
      reorder_quantity: 50,
      active: 1,
      created_at: stamp,
      updated_at: stamp,
    };
  });
  rows['products'] = products;
  const staff = [
    { id: 1, role: 'admin' },
    { id: 2, role: 'warehouse_manager' },
    { id: 3, role: 'sales_staff' },
    { id: 4, role: 'sales_staff' },
    { id: 5, role: 'sales_staff' },
  ];
  rows['customers'] = Array.from({ length: CUSTOMERS }, (_, i) => ({
    id: i + 1,
    code: `C${String(i + 1).padStart(5, '0')}`,
    name: `Customer ${i + 1}`,
    credit_limit_cents: 100_000_000,
    payment_terms_days: 30,
    active: 1,
    created_at: stamp,
    updated_at: stamp,
  }));
  rows['users'] = [
    ...staff.map((s) => ({ ...s, email: `staff${s.id}@bench.local`, customer_id: null })),
    ...Array.from({ length: CUSTOMER_USERS }, (_, i) => ({
      id: 100 + i,
      role: 'customer',
      email: `customer${i + 1}@bench.local`,
      customer_id: i + 1,
    })),
  ].map((u) => ({
    ...u,
    name: u.email.split('@')[0],
    password_hash: 'x',
    status: 'active',
    password_changed_at: stamp,
    created_at: stamp,
    updated_at: stamp,
  }));

  // Order sizes first, so orders spread evenly over the days.
  const sizes: number[] = [];
  for (let total = 0; total < LINES;) {
    const k = Math.min(int(1, 6), LINES - total);
    sizes.push(k);
    total += k;
  }
  const orders: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  const movements: Record<string, unknown>[] = [];
  const debts: Record<string, unknown>[] = [];
  const payments: Record<string, unknown>[] = [];
  const returns: Record<string, unknown>[] = [];
  const returnLines: Record<string, unknown>[] = [];
  const productOf = () =>
    random() < 0.7 ? 1 + Math.floor(POPULAR * random() ** 2) : 1 + Math.floor(PRODUCTS * random());
  let lineId = 0;
  sizes.forEach((k, i) => {
    const id = i + 1;
    const dayIndex = Math.floor((i * DAYS) / sizes.length);
    const day = dayOf(dayIndex);
    const age = DAYS - 1 - dayIndex;
    const createdAt = at(day, int(8, 20) * 3_600_000 + int(0, 3_599_999));
    const roll = random();
    const status =
      age <= 1
        ? pick(['pending', 'confirmed', 'processing', 'shipped'] as const)
        : age <= 4
          ? pick(['processing', 'shipped', 'delivered', 'delivered'] as const)
          : roll < 0.03
            ? 'cancelled'
            : roll < 0.06
              ? 'cancelled'
              : 'delivered';
    const confirmedBefore = status !== 'pending' && !(status === 'cancelled' && roll < 0.03);
    const confirmedDay = confirmedBefore ? (random() < 0.2 && age > 0 ? dayOf(dayIndex + 1) : day) : null;
    if (confirmedDay) {
      const confirmedAt = confirmedDay === day ? at(day, 21 * 3_600_000) : at(confirmedDay, 9 * 3_600_000);
      history.push({
        order_id: id,
        from_status: 'pending',
        to_status: 'confirmed',
        user_id: 3,
        created_at: confirmedAt,
      });
    }
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(productOf());
    const orderLines = [...chosen].map((productId) => ({
      product: products[productId - 1]!,
      quantity: pick([1, 1, 1, 2, 2, 3, 5]),
    }));
    const priced = priceOrder(
      orderLines.map((l) => ({
        unitPriceCents: l.product.price_cents,
        taxRateBp: l.product.tax_rate_bp,
        quantity: l.quantity,
      })),
      random() < 0.1 ? { type: 'percent', percentBp: 500 } : null,
      random() < 0.2 ? 500 : 0,
    );
    const online = random() < 0.4;
    const customerId = online ? int(1, CUSTOMER_USERS) : int(1, CUSTOMERS);
    orders.push({
      id,
      number: `ORD-${day.replaceAll('-', '')}-${String(id).padStart(6, '0')}`,
      customer_id: customerId,
      location_id: 1,
      status,
      payment_terms: 'credit',
      subtotal_cents: priced.subtotalCents,
      discount_cents: priced.discountCents,
      discount_reason: priced.discountCents ? 'loyal customer' : null,
      tax_cents: priced.taxCents,
      shipping_cents: priced.shippingCents,
      total_cents: priced.totalCents,
      created_by: online ? 99 + customerId : int(1, 5),
      confirmed_day: confirmedDay,
      created_at: createdAt,
      updated_at: createdAt,
    });
    const shippedAt =
      confirmedDay && (status === 'shipped' || status === 'delivered')
        ? at(confirmedDay, 20 * 3_600_000 + (i % 3_600_000))
        : null;
    const firstLine = lineId + 1;
    orderLines.forEach((l, j) => {
      const p = priced.lines[j]!;
      lineId += 1;
      lines.push({
        id: lineId,
        order_id: id,
        product_id: l.product.id,
        sku: l.product.sku,
        name: l.product.name,
        category_id: l.product.category_id,
        quantity: l.quantity,
        unit_price_cents: l.product.price_cents,
        unit_cost_cents: l.product.cost_cents,
        tax_rate_bp: l.product.tax_rate_bp,
        subtotal_cents: p.subtotalCents,
        discount_cents: p.discountCents,
        tax_cents: p.taxCents,
        total_cents: p.totalCents,
      });
      if (shippedAt) {
        movements.push({
          product_id: l.product.id,
          location_id: 1,
          type: 'sale',
          quantity: -l.quantity,
          on_hand_after: 100,
          unit_cost_cents: l.product.cost_cents,
          reference: `ORD-${id}`,
          user_id: 2,
          created_at: shippedAt,
        });
      }
    });
    if (status === 'delivered' && random() < 0.01 && confirmedDay) {
      const line = lines[firstLine - 1]!;
      const receivedDay = dayOf(Math.min(DAYS - 1, dayIndex + int(2, 10)));
      const rid = returns.length + 1;
      returns.push({
        id: rid,
        number: `RET-${String(rid).padStart(6, '0')}`,
        order_id: id,
        customer_id: customerId,
        status: 'received',
        reason: 'wrong size',
        credit_cents: line['total_cents'],
        opened_by: 3,
        received_by: 2,
        received_at: at(receivedDay, 15 * 3_600_000),
        created_at: at(receivedDay, 9 * 3_600_000),
        updated_at: at(receivedDay, 15 * 3_600_000),
      });
      returnLines.push({
        return_id: rid,
        order_line_id: line['id'],
        product_id: line['product_id'],
        quantity: line['quantity'],
        condition: 'resellable',
        credit_cents: line['total_cents'],
      });
      movements.push({
        product_id: line['product_id'],
        location_id: 1,
        type: 'return',
        quantity: line['quantity'],
        on_hand_after: 100,
        unit_cost_cents: line['unit_cost_cents'],
        reference: `RET-${rid}`,
        user_id: 2,
        created_at: at(receivedDay, 15 * 3_600_000),
      });
    }
    if (confirmedDay && status !== 'cancelled') {
      const dueIndex = Math.min(dayIndex + 30, DAYS + 29);
      const paid = age > 20 && random() < 0.9;
      debts.push({
        customer_id: customerId,
        order_id: id,
        amount_cents: priced.totalCents,
        paid_cents: paid ? priced.totalCents : 0,
        status: paid ? 'paid' : 'open',
        due_date:
          dueIndex < DAYS
            ? dayOf(dueIndex)
            : new Date(todayMs + (dueIndex - DAYS + 1) * DAY_MS).toISOString().slice(0, 10),
        created_by: 3,
        created_at: createdAt,
        updated_at: createdAt,
      });
      if (paid) {
        const voided = random() < 0.02;
        payments.push({
          customer_id: customerId,
          amount_cents: priced.totalCents,
          method: pick(['cash', 'cash', 'transfer', 'transfer', 'card', 'other'] as const),
          received_at: dayOf(Math.min(DAYS - 1, dayIndex + int(0, 20))),
          status: voided ? 'voided' : 'recorded',
          void_reason: voided ? 'bounced' : null,
          voided_at: voided ? stamp : null,
          voided_by: voided ? 1 : null,
          created_by: 3,
          created_at: createdAt,
        });
      }
    }
  });
  // Stock: every product received once at the start, popular ones weekly.
  const receipts: Record<string, unknown>[] = products.map((p) => ({
    product_id: p.id,
    location_id: 1,
    type: 'receipt',
    quantity: 200,
    on_hand_after: 200,
    unit_cost_cents: p.cost_cents,
    reference: null,
    user_id: 2,
    created_at: at(dayOf(0), 7 * 3_600_000),
  }));
  for (let d = 7; d < DAYS; d += 7) {
    for (let p = 1; p <= POPULAR; p++) {
      receipts.push({
        product_id: p,
        location_id: 1,
        type: 'receipt',
        quantity: 50,
        on_hand_after: 150,
        unit_cost_cents: products[p - 1]!.cost_cents,
        reference: null,
        user_id: 2,
        created_at: at(dayOf(d), 7 * 3_600_000),
      });
    }
  }
  rows['orders'] = orders;
  rows['order_lines'] = lines;
  rows['order_history'] = history;
  rows['returns'] = returns;
  rows['return_lines'] = returnLines;
  rows['stock_movements'] = [...receipts, ...movements];
  const levels = products.map((p) => ({
    product_id: p.id,
    location_id: 1,
    on_hand: int(0, 200),
    reserved: 0,
    updated_at: stamp,
  }));
  rows['stock_levels'] = levels;
  rows['stock_alerts'] = levels
    .filter((l) => l.on_hand <= 10)
    .map((l) => ({
      product_id: l.product_id,
      type: l.on_hand === 0 ? 'out_of_stock' : 'low_stock',
      status: 'open',
      available: l.on_hand,
      reorder_point: 10,
      opened_at: stamp,
    }));
  rows['inventory_snapshots'] = Array.from({ length: DAYS }, (_, d) => ({
    day: dayOf(d),
    value_cents: 1_000_000_000 + d * 1_000_000,
    units: 10_000_000,
    products: PRODUCTS,
    created_at: stamp,
  }));
  rows['debts'] = debts;
  rows['payments'] = payments;
  return rows;
}

async function load(db: Db, rows: Rows): Promise<void> {
  for (const [table, list] of Object.entries(rows)) {
    if (list.length === 0) continue;
    const batch = Math.floor(30_000 / Object.keys(list[0]!).length);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < list.length; i += batch) {
        await trx
          .insertInto(table as 'orders')
          .values(list.slice(i, i + batch) as never)
          .execute();
      }
    });
  }
}

const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { median: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1]! };
};

async function run(label: string, db: Db, kind: 'sqlite' | 'postgres', rows: Rows) {
  let started = performance.now();
  await load(db, rows);
  const loadMs = performance.now() - started;
  if (kind === 'postgres') {
    // Identity columns were given explicit ids: move the sequences past them.
    for (const table of ['categories', 'products', 'customers', 'users', 'orders', 'order_lines', 'returns']) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
        db,
      );
    }
  }
  started = performance.now();
  await rebuildSalesSummary(db);
  const rebuildMs = performance.now() - started;
  started = performance.now();
  // What autovacuum / SQLite's optimize would do for a live database.
  await db.executeQuery(CompiledQuery.raw(kind === 'postgres' ? 'vacuum analyze' : 'analyze'));
  const analyzeMs = performance.now() - started;
  const version = await db.executeQuery<{ v: string }>(
    CompiledQuery.raw(kind === 'postgres' ? 'select version() as v' : 'select sqlite_version() as v'),
  );
  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
  console.log(`\n## ${label}\n`);
  console.log(`${version.rows[0]!.v.split(' on ')[0]}, Node ${process.version}.\n`);
  console.log(
    `Loaded ${(await count('order_lines')).toLocaleString('en')} order lines, ${(await count('orders')).toLocaleString('en')} orders, ` +
      `${(await count('stock_movements')).toLocaleString('en')} movements, ${(await count('payments')).toLocaleString('en')} payments, ` +
      `${(await count('debts')).toLocaleString('en')} debts, ${(await count('returns')).toLocaleString('en')} returns in ${(loadMs / 1000).toFixed(1)} s; ` +
      `summaries rebuilt in ${(rebuildMs / 1000).toFixed(1)} s (${(await count('sales_daily')).toLocaleString('en')} seller-day rows, ` +
      `${(await count('sales_daily_products')).toLocaleString('en')} product-day rows); ${kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE'} ${(analyzeMs / 1000).toFixed(1)} s.`,
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
  console.log(`\nEach over ${range.from} … ${range.to} (${RANGE_DAYS} days); ${RUNS} runs after one warm-up.\n`);
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
  const started = performance.now();
  const rows = business();
  console.log(`\nGenerated in ${Math.round(performance.now() - started)} ms.`);

  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  if (only !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'bodega-bench-'));
    const sqlite = createDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
    try {
      await migrateToLatest(sqlite);
      await run('SQLite', sqlite, 'sqlite', rows);
    } finally {
      await sqlite.destroy();
      // --keep leaves the SQLite file and the PostgreSQL schema for a closer look (EXPLAIN …).
      if (process.argv.includes('--keep')) console.log(`\nKept ${join(dir, 'bench.db')}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
  if (only === 'sqlite') return;

  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create extension if not exists pg_trgm with schema public`);
  await admin.query(`create schema ${schema}`);
  const postgres = createDatabase({ kind: 'postgres', url: PG_URL, poolSize: 4 }, { schema });
  try {
    await migrateToLatest(postgres, schema);
    await run('PostgreSQL', postgres, 'postgres', rows);
  } finally {
    await postgres.destroy();
    if (process.argv.includes('--keep')) console.log(`\nKept schema ${schema}`);
    else await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

await main();
