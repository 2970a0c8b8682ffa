import type { Dashboard, Order, SalesReport } from '@bodega/contract';
import { addDays, localDay } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness';
import { DemoRefusedError, loadDemoData, SIZES, type DemoClock, type DemoSummary } from './demo-data';

/** The large demo's path (bulk generator, loader, checks) at a size a test can afford. */
const TINY = { ...SIZES.large, products: 200, customers: 50, targetLines: 2_000, images: 2, shopProducts: 20 };

const LOADED_AT = new Date('2026-02-28T15:00:00Z');

let t: TestApp;
let summary: DemoSummary;
let clock: DemoClock;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  clock = { set: (ms) => t.advance(ms - t.ctx.now().getTime()) };
  // At a fixed moment, so that "today" (the last snapshot, the dashboard's 30 days) cannot
  // change under the test, whatever the day or hour it runs.
  summary = await loadDemoData(t.ctx, clock, { size: TINY, seed: 3, force: false, now: LOADED_AT });
  admin = await t.adminToken();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const get = async <T>(url: string, token = admin): Promise<T> => {
  const res = await t.request({ method: 'GET', url: `/api/v1${url}`, token });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
};
const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

describe('npm run demo -- --large (bulk-loaded, at a tiny size)', () => {
  it('loads the business it reports, and its own invariant check passes', () => {
    expect(summary.checks.map((c) => c.name)).toEqual(['stock', 'receivables', 'sales summaries']);
    for (const c of summary.checks) expect(c.ok, `${c.name}: ${c.detail}`).toBe(true);
    const c = summary.counts;
    expect(c.products).toBe(200);
    expect(c.customers).toBe(50);
    expect(c.orderLines).toBe(2_000);
    expect(c.categories).toBe(12);
    expect(c.locations).toBe(3);
    expect(c.productImages).toBe(2);
    expect(c.users).toEqual({ admin: 1, warehouse_manager: 1, sales_staff: 2, customer: 13 });
    expect(c.snapshots).toBe(TINY.days);
  });

  it('keeps stock levels equal to the ledger, at every location, and reserves what open orders hold', async () => {
    expect(await t.ledgerMismatches()).toEqual([]);
    const byLocation = await t.ctx.db
      .selectFrom('stock_levels')
      .select(['location_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('on_hand', '>', 0)
      .groupBy('location_id')
      .execute();
    expect(byLocation).toHaveLength(3);
    const open = await t.ctx.db
      .selectFrom('order_lines as l')
      .innerJoin('orders as o', 'o.id', 'l.order_id')
      .select(['l.product_id', 'o.location_id', (eb) => eb.fn.sum<number>('l.quantity').as('quantity')])
      .where('o.status', 'in', ['pending', 'confirmed', 'processing'])
      .groupBy(['l.product_id', 'o.location_id'])
      .execute();
    const levels = await t.ctx.db.selectFrom('stock_levels').selectAll().execute();
    const reserved = new Map(
      levels.filter((l) => l.reserved).map((l) => [`${l.product_id}:${l.location_id}`, l.reserved]),
    );
    expect(reserved).toEqual(new Map(open.map((r) => [`${r.product_id}:${r.location_id}`, Number(r.quantity)])));
    expect(levels.filter((l) => l.reserved > l.on_hand || l.on_hand < 0)).toEqual([]);
  });

  it('gives every confirmed order its debt, paid as its allocations say', async () => {
    const confirmed = await t.ctx.db
      .selectFrom('order_history')
      .select('order_id')
      .distinct()
      .where('to_status', '=', 'confirmed')
      .execute();
    const debts = await t.ctx.db.selectFrom('debts').select(['order_id', 'paid_cents', 'status']).execute();
    expect(new Set(debts.map((d) => d.order_id))).toEqual(new Set(confirmed.map((c) => c.order_id)));
    const allocated = await t.ctx.db
      .selectFrom('payment_allocations as a')
      .innerJoin('payments as p', 'p.id', 'a.payment_id')
      .select((eb) => eb.fn.sum<number>('a.amount_cents').as('n'))
      .where('p.status', '=', 'recorded')
      .executeTakeFirstOrThrow();
    expect(Number(allocated.n)).toBe(sum(debts, (d) => d.paid_cents));
    expect([...new Set(debts.map((d) => d.status))]).toEqual(expect.arrayContaining(['paid', 'open', 'cancelled']));
  });

  it('reports, through the API, the totals of the loaded orders', async () => {
    const today = localDay(t.ctx.now(), 'UTC');
    const orders = await t.ctx.db.selectFrom('orders').selectAll().execute();
    const sold = orders.filter((o) => o.confirmed_day && o.status !== 'cancelled');
    const report = await get<SalesReport>(`/reports/sales?from=${summary.from}&to=${today}&group=month`);
    expect(report.totals).toMatchObject({
      orders: sold.length,
      revenueCents: sum(sold, (o) => o.subtotal_cents - o.discount_cents),
      totalCents: sum(sold, (o) => o.total_cents),
    });
    const credits = await t.ctx.db
      .selectFrom('returns')
      .select('credit_cents')
      .where('status', '=', 'received')
      .execute();
    expect(credits.length).toBeGreaterThan(0);
    expect(report.totals.returnsCents + report.totals.returnsTaxCents).toBe(sum(credits, (r) => r.credit_cents));

    const dashboard = await get<Dashboard>('/reports/dashboard');
    const month = sold.filter((o) => o.confirmed_day! >= addDays(today, -29));
    expect(dashboard.sales!.last30Days).toMatchObject({
      orders: month.length,
      revenueCents: sum(month, (o) => o.subtotal_cents - o.discount_cents),
    });
    const byStatus = Object.fromEntries(dashboard.orders.byStatus.map((s) => [s.status, s.count]));
    for (const status of new Set(orders.map((o) => o.status)))
      expect(byStatus[status]).toBe(orders.filter((o) => o.status === status).length);
    const stock = await t.ctx.db
      .selectFrom('stock_levels as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.on_hand', 'p.cost_cents'])
      .execute();
    const value = sum(stock, (l) => l.on_hand * l.cost_cents);
    expect(dashboard.inventory!.valueCents).toBe(value);
    // The last daily snapshot is the ledger replayed to today: the value the levels hold now.
    const last = await t.ctx.db
      .selectFrom('inventory_snapshots')
      .selectAll()
      .orderBy('day', 'desc')
      .executeTakeFirstOrThrow();
    expect({ day: last.day, value: last.value_cents }).toEqual({ day: today, value });
    const debts = await t.ctx.db
      .selectFrom('debts')
      .select(['amount_cents', 'paid_cents', 'credited_cents'])
      .where('status', 'in', ['open', 'partially_paid'])
      .execute();
    expect(dashboard.receivables!.totalCents).toBe(sum(debts, (d) => d.amount_cents - d.paid_cents - d.credited_cents));
    const alerts = await t.ctx.db.selectFrom('stock_alerts').select('type').where('resolved_at', 'is', null).execute();
    expect(dashboard.inventory!.lowStockCount + dashboard.inventory!.outOfStockCount).toBe(alerts.length);
  });

  it('prints sign-ins that work: the admin, the staff and a customer who sees their own orders', async () => {
    const who = Object.fromEntries(summary.credentials.map((c) => [c.who.split(' ')[0], c]));
    expect(who['admin']).toEqual({ who: 'admin', email: ADMIN.email, password: ADMIN.password });
    expect((await t.login(who['warehouse_manager']!.email, who['warehouse_manager']!.password)).user.role).toBe(
      'warehouse_manager',
    );
    const customer = who['customer']!;
    expect(customer.email).toMatch(/@demo\.local$/);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-refresh-token-transport': 'body' },
      payload: { email: customer.email, password: customer.password },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { accessToken, user } = res.json<{ accessToken: string; user: { role: string; customerId: number } }>();
    expect(user.role).toBe('customer');
    const own = await get<{ name: string }>('/customers/me', accessToken);
    expect(customer.who).toContain(own.name);
    const mine = await get<{ items: Order[] }>('/orders?limit=100', accessToken);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((o) => o.customerId === user.customerId)).toBe(true);
  });

  it("speaks the shop's language: the demo's categories, and customers with Spanish and English names", async () => {
    const categories = (await t.ctx.db.selectFrom('categories').select('name').execute()).map((c) => c.name);
    expect(categories).toEqual(
      expect.arrayContaining(['Ferretería', 'Almacén', 'Herramientas manuales', 'Power Tools']),
    );
    const customers = await t.ctx.db.selectFrom('customers').select('name').execute();
    expect(customers.filter((c) => /^Customer \d+$/.test(c.name))).toEqual([]);
    expect(new Set(customers.map((c) => c.name)).size).toBeGreaterThan(40);
    const lines = await t.ctx.db
      .selectFrom('order_lines as l')
      .innerJoin('products as p', 'p.id', 'l.product_id')
      .select(['l.name as line', 'p.name as product', 'l.sku as lineSku', 'p.sku as sku'])
      .execute();
    expect(lines.filter((l) => l.line !== l.product || l.lineSku !== l.sku)).toEqual([]);
  });

  it('refuses to load on top of a business, even with --force, and writes nothing', async () => {
    const before = await t.ctx.db.selectFrom('orders').select('id').execute();
    for (const force of [false, true]) {
      await expect(loadDemoData(t.ctx, clock, { size: TINY, seed: 3, force })).rejects.toBeInstanceOf(DemoRefusedError);
    }
    expect(await t.ctx.db.selectFrom('orders').select('id').execute()).toHaveLength(before.length);
  });
});
