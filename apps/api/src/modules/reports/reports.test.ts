import type {
  AgingReport,
  Dashboard,
  MovementsSummary,
  Order,
  PaymentsReport,
  Return,
  SalesByCategoryReport,
  SalesByStaffReport,
  SalesFigures,
  SalesReport,
  TopProductsReport,
  Valuation,
} from '@bodega/contract';
import { addDays, localDay, SALE_STATUSES } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import * as migration from '../../db/migrations/0005-reports';
import { rebuildSalesSummary } from './rebuild-sales-summary';

const NOW = '2026-06-15T12:00:00Z';
let t: TestApp;
let admin: string;
let wm: string;
let sales: string;
let salesId: number;
let customer: { token: string; customerId: number };
let shopCustomer: number;
let today: string;
let from: string;

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, token, ...(payload ? { payload } : {}) });
const get = async <T>(url: string, token = admin): Promise<T> => {
  const res = await api('GET', url, token);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
};
const move = async (token: string, orderId: number, to: string) =>
  expect((await api('POST', `/orders/${orderId}/transitions`, token, { to })).statusCode).toBe(200);
const place = async (token: string, payload: object) => {
  const res = await api('POST', '/orders', token, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Order>();
};
const salesTotals = async (range = `from=${from}&to=${today}`) =>
  (await get<SalesReport>(`/reports/sales?${range}`)).totals;

async function product(priceCents: number, taxRateBp: number, categoryId: number | null, costCents: number) {
  const id = await t.insertProduct({ priceCents });
  await t.ctx.db
    .updateTable('products')
    .set({ tax_rate_bp: taxRateBp, category_id: categoryId })
    .where('id', '=', id)
    .execute();
  const res = await api('POST', '/stock/receipts', wm, {
    lines: [{ productId: id, quantity: 100, unitCostCents: costCents }],
  });
  expect(res.statusCode).toBe(201);
  return id;
}

/** What the orders and order lines themselves say: confirmed in the range, not cancelled. */
async function salesFromOrders() {
  const db = t.ctx.db;
  const orders = await db
    .selectFrom('orders')
    .selectAll()
    .where('status', 'in', [...SALE_STATUSES])
    .where('confirmed_day', '>=', from)
    .where('confirmed_day', '<=', today)
    .execute();
  const ids = orders.map((o) => o.id);
  const lines = ids.length ? await db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).execute() : [];
  const returns = await db
    .selectFrom('returns')
    .select(['credit_cents', 'received_at'])
    .where('status', '=', 'received')
    .execute();
  const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
  const revenue = sum(orders, (o) => o.subtotal_cents - o.discount_cents);
  return {
    orders: orders.length,
    units: sum(lines, (l) => l.quantity),
    revenueCents: revenue,
    lineRevenueCents: sum(lines, (l) => l.subtotal_cents - l.discount_cents),
    taxCents: sum(orders, (o) => o.tax_cents),
    totalCents: sum(orders, (o) => o.total_cents),
    creditCents: sum(returns, (r) => r.credit_cents),
  };
}

const fixture = {} as {
  a: number;
  b: number;
  c: number;
  tools: number;
  food: number;
  delivered: Order;
  online: Order;
  cancelledAfterConfirm: Order;
  processing: Order;
  ret: Return;
  beforeCancel: SalesFigures;
  whileConfirmed: SalesFigures;
  beforeReturn: SalesFigures;
  afterReturn: SalesFigures;
  cashPayment: number;
  cardPayment: number;
};

beforeAll(async () => {
  t = await createTestApp();
  // From a fixed noon (UTC), so that today cannot turn into tomorrow while the file runs.
  t.advance(Date.parse(NOW) - t.ctx.now().getTime());
  admin = await t.adminToken();
  wm = (await t.createStaff('warehouse_manager')).token;
  const staff = await t.createStaff('sales_staff');
  sales = staff.token;
  salesId = staff.id;
  const c = await t.registerCustomer();
  customer = { token: c.accessToken, customerId: c.user.customerId! };
  today = localDay(t.ctx.now(), 'UTC');
  from = addDays(today, -29);

  const category = async (name: string) =>
    (await api('POST', '/categories', admin, { name })).json<{ id: number }>().id;
  fixture.tools = await category('Herramientas');
  fixture.food = await category('Almacén');
  fixture.a = await product(1999, 1600, fixture.tools, 900);
  fixture.b = await product(250, 0, fixture.food, 100);
  fixture.c = await product(1000, 1000, null, 500);
  shopCustomer = (
    await api('POST', '/customers', sales, {
      name: 'Ferretería Sur',
      creditLimitCents: 10_000_000,
      paymentTermsDays: 30,
    })
  ).json<{ id: number }>().id;

  // A credit order with a 10 % discount, delivered, then partly returned.
  fixture.delivered = await place(sales, {
    customerId: shopCustomer,
    paymentTerms: 'credit',
    discount: { type: 'percent', percent: 10, reason: 'cliente frecuente' },
    lines: [
      { productId: fixture.a, quantity: 3 },
      { productId: fixture.b, quantity: 2 },
    ],
  });
  await move(sales, fixture.delivered.id, 'confirmed');
  for (const to of ['processing', 'shipped', 'delivered']) await move(wm, fixture.delivered.id, to);

  // A customer's own cash order, confirmed by staff.
  fixture.online = await place(customer.token, {
    paymentTerms: 'cash',
    lines: [
      { productId: fixture.b, quantity: 4 },
      { productId: fixture.c, quantity: 1 },
    ],
  });
  await move(sales, fixture.online.id, 'confirmed');

  // Confirmed, then cancelled: it must vanish from sales.
  fixture.beforeCancel = await salesTotals();
  fixture.cancelledAfterConfirm = await place(admin, {
    customerId: shopCustomer,
    paymentTerms: 'credit',
    shippingCents: 500,
    lines: [{ productId: fixture.c, quantity: 2 }],
  });
  await move(admin, fixture.cancelledAfterConfirm.id, 'confirmed');
  fixture.whileConfirmed = await salesTotals();
  await move(admin, fixture.cancelledAfterConfirm.id, 'cancelled');

  // Never confirmed: pending, and pending then cancelled.
  await place(sales, {
    customerId: shopCustomer,
    paymentTerms: 'credit',
    lines: [{ productId: fixture.a, quantity: 1 }],
  });
  const dropped = await place(sales, {
    customerId: shopCustomer,
    paymentTerms: 'credit',
    lines: [{ productId: fixture.a, quantity: 1 }],
  });
  await move(sales, dropped.id, 'cancelled');

  // In the warehouse: a sale still being prepared.
  fixture.processing = await place(sales, {
    customerId: shopCustomer,
    paymentTerms: 'credit',
    lines: [{ productId: fixture.c, quantity: 5 }],
  });
  await move(sales, fixture.processing.id, 'confirmed');
  await move(wm, fixture.processing.id, 'processing');

  // One unit of A comes back (resellable), one of B damaged.
  fixture.beforeReturn = await salesTotals();
  const opened = await api('POST', `/orders/${fixture.delivered.id}/returns`, sales, {
    reason: 'no era la medida',
    lines: [
      { productId: fixture.a, quantity: 1, condition: 'resellable' },
      { productId: fixture.b, quantity: 1, condition: 'damaged' },
    ],
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const received = await api('POST', `/returns/${opened.json<Return>().id}/receive`, wm);
  expect(received.statusCode, received.body).toBe(200);
  fixture.ret = received.json<Return>();
  fixture.afterReturn = await salesTotals();

  // Payments: cash and card stand, a transfer is voided.
  const pay = async (customerId: number, amountCents: number, method: string) => {
    const res = await api('POST', '/payments', sales, { customerId, amountCents, method });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>().id;
  };
  fixture.cashPayment = await pay(shopCustomer, 1000, 'cash');
  const transfer = await pay(shopCustomer, 2000, 'transfer');
  expect((await api('POST', `/payments/${transfer}/void`, sales, { reason: 'rebotó' })).statusCode).toBe(200);
  fixture.cardPayment = await pay(customer.customerId, fixture.online.totalCents, 'card');
});
afterAll(() => t?.close());

describe('sales report', () => {
  it('adds up to the non-cancelled confirmed orders themselves', async () => {
    const report = await get<SalesReport>(`/reports/sales?from=${from}&to=${today}`);
    const truth = await salesFromOrders();
    expect(truth.orders).toBe(3);
    expect(report.totals).toMatchObject({
      orders: truth.orders,
      units: truth.units,
      revenueCents: truth.revenueCents,
      taxCents: truth.taxCents,
      totalCents: truth.totalCents,
      returnsCents: fixture.ret.creditCents - report.totals.returnsTaxCents,
      netTotalCents: truth.totalCents - truth.creditCents,
      averageOrderCents: Math.round(truth.revenueCents / truth.orders),
    });
    expect(truth.lineRevenueCents).toBe(truth.revenueCents);
    expect(report.totals.discountCents).toBe(fixture.delivered.discountCents);
    expect(report.items).toHaveLength(30);
    expect(report.items.at(-1)).toMatchObject({ period: today, orders: 3 });
    expect(report).toMatchObject({ from, to: today, timeZone: 'UTC', group: 'day' });
  });

  it('never counts a cancelled order, even one confirmed first', async () => {
    const { cancelledAfterConfirm: cancelled } = fixture;
    expect(fixture.whileConfirmed.orders).toBe(fixture.beforeCancel.orders + 1);
    expect(fixture.whileConfirmed.totalCents).toBe(fixture.beforeCancel.totalCents + cancelled.totalCents);
    const now = await salesTotals();
    expect(now.orders).toBe(3);
    expect(now.shippingCents).toBe(0);
    const staff = await get<SalesByStaffReport>(`/reports/sales-by-staff?from=${from}&to=${today}`);
    expect(staff.items.some((i) => i.role === 'admin')).toBe(false);
  });

  it('takes a received return off net sales by exactly its credit, on the day it is received', async () => {
    const { beforeReturn: before, afterReturn: after, ret } = fixture;
    expect(ret.creditCents).toBeGreaterThan(0);
    expect(after.revenueCents).toBe(before.revenueCents);
    expect(after.netTotalCents).toBe(before.netTotalCents - ret.creditCents);
    expect(after.returnsCents + after.returnsTaxCents).toBe(ret.creditCents);
    expect(after.netRevenueCents).toBe(before.netRevenueCents - after.returnsCents);
    expect(after).toMatchObject({ returns: 1, returnedUnits: 2 });
  });

  it('groups by ISO week (named by its Monday) and by month with the same totals', async () => {
    const wide = `from=${addDays(today, -60)}&to=${today}`;
    const day = await get<SalesReport>(`/reports/sales?${wide}&group=day`);
    const week = await get<SalesReport>(`/reports/sales?${wide}&group=week`);
    const month = await get<SalesReport>(`/reports/sales?${wide}&group=month`);
    expect(day.items).toHaveLength(61);
    expect(week.totals).toEqual(day.totals);
    expect(month.totals).toEqual(day.totals);
    for (const item of week.items) expect(new Date(`${item.period}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(week.items.length).toBeGreaterThanOrEqual(9);
    expect(month.items.every((i) => i.period.endsWith('-01'))).toBe(true);
    expect(month.items.at(-1)).toMatchObject({ period: `${today.slice(0, 8)}01`, orders: 3 });
  });

  it('refuses a backwards or over-long range', async () => {
    expect((await api('GET', `/reports/sales?from=${today}&to=${from}`, admin)).statusCode).toBe(400);
    expect((await api('GET', `/reports/sales?from=2000-01-01&to=${today}`, admin)).statusCode).toBe(400);
    expect((await api('GET', '/reports/sales?group=year', admin)).statusCode).toBe(400);
  });

  it('exports CSV with a totals row', async () => {
    const res = await api('GET', `/reports/sales?from=${from}&to=${today}&format=csv`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = res.body.trim().split('\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 3)).toEqual(['period', 'orders', 'units']);
    const total = rows.at(-1)!.split(',');
    expect(total[0]).toBe('TOTAL');
    const totals = await salesTotals();
    expect(Number(total[columns.indexOf('revenueCents')])).toBe(totals.revenueCents);
    expect(rows).toHaveLength(31);
  });
});

describe('product, category and staff breakdowns', () => {
  it('top products add up to the sales total, best first', async () => {
    const totals = await salesTotals();
    const all = await get<TopProductsReport>(`/reports/top-products?from=${from}&to=${today}&limit=200`);
    const sum = (k: 'units' | 'revenueCents' | 'returnsCents') => all.items.reduce((s, i) => s + i[k], 0);
    expect(sum('revenueCents')).toBe(totals.revenueCents);
    expect(sum('units')).toBe(totals.units);
    expect(sum('returnsCents')).toBe(totals.returnsCents);
    expect(all.totals).toMatchObject({
      revenueCents: totals.revenueCents,
      units: totals.units,
      returnsCents: totals.returnsCents,
      netRevenueCents: totals.netRevenueCents,
    });
    const net = all.items.map((i) => i.netRevenueCents);
    expect(net).toEqual([...net].sort((x, y) => y - x));
    expect(all.items.map((i) => i.productId).sort()).toEqual([fixture.a, fixture.b, fixture.c].sort());

    const one = await get<TopProductsReport>(`/reports/top-products?from=${from}&to=${today}&limit=1&sort=units`);
    expect(one.items).toHaveLength(1);
    expect(one.items[0]!).toMatchObject({ productId: fixture.c, netUnits: 6 });
    expect(one.totals).toEqual(all.totals);
  });

  it('categories add up to the sales total, uncategorised included', async () => {
    const totals = await salesTotals();
    const report = await get<SalesByCategoryReport>(`/reports/sales-by-category?from=${from}&to=${today}`);
    expect(report.items.map((i) => i.categoryId).sort()).toEqual([fixture.tools, fixture.food, null].sort());
    expect(report.items.find((i) => i.categoryId === fixture.tools)).toMatchObject({
      categoryName: 'Herramientas',
      units: 3,
      returnedUnits: 1,
    });
    expect(report.totals).toMatchObject({
      revenueCents: totals.revenueCents,
      units: totals.units,
      returnsCents: totals.returnsCents,
      netRevenueCents: totals.netRevenueCents,
    });
  });

  it("staff rows: who placed the order, customers' own orders as one online row", async () => {
    const totals = await salesTotals();
    const report = await get<SalesByStaffReport>(`/reports/sales-by-staff?from=${from}&to=${today}`);
    expect(report.items).toHaveLength(2);
    const online = report.items.find((i) => i.staffId === null)!;
    const staff = report.items.find((i) => i.staffId === salesId)!;
    expect(online).toMatchObject({ name: 'Online (customers)', orders: 1, totalCents: fixture.online.totalCents });
    expect(staff).toMatchObject({ role: 'sales_staff', orders: 2, returns: 1 });
    expect(report.totals).toEqual(totals);
  });
});

describe('payments and movements', () => {
  it('payments by method are the recorded (not voided) payments', async () => {
    const report = await get<PaymentsReport>(`/reports/payments?from=${from}&to=${today}`, admin);
    const recorded = await t.ctx.db.selectFrom('payments').selectAll().where('status', '=', 'recorded').execute();
    const byMethod = (m: string) => recorded.filter((p) => p.method === m).reduce((s, p) => s + p.amount_cents, 0);
    expect(report.byMethod).toEqual([
      { method: 'cash', payments: 1, amountCents: byMethod('cash') },
      { method: 'transfer', payments: 0, amountCents: 0 },
      { method: 'card', payments: 1, amountCents: fixture.online.totalCents },
      { method: 'other', payments: 0, amountCents: 0 },
    ]);
    expect(byMethod('cash')).toBe(1000);
    expect(report.totals).toEqual({ payments: 2, amountCents: 1000 + fixture.online.totalCents });
    expect(report.items).toEqual([
      { period: today, method: 'cash', payments: 1, amountCents: 1000 },
      { period: today, method: 'card', payments: 1, amountCents: fixture.online.totalCents },
    ]);
    const csv = await api('GET', `/reports/payments?from=${from}&to=${today}&format=csv&group=month`, sales);
    expect(csv.body.trim().split('\n').at(-1)).toBe(`TOTAL,,2,${1000 + fixture.online.totalCents}`);
  });

  it('movements per type equal the ledger rows', async () => {
    const report = await get<MovementsSummary>(`/reports/movements-summary?from=${from}&to=${today}`, wm);
    const ledger = await t.ctx.db.selectFrom('stock_movements').selectAll().execute();
    for (const item of report.items) {
      const rows = ledger.filter((m) => m.type === item.type);
      expect(item.movements, item.type).toBe(rows.length);
      expect(item.netUnits, item.type).toBe(rows.reduce((s, m) => s + m.quantity, 0));
      expect(item.valueInCents + item.valueOutCents, item.type).toBe(
        rows.reduce((s, m) => s + Math.abs(m.quantity) * (m.unit_cost_cents ?? 0), 0),
      );
    }
    const byType = Object.fromEntries(report.items.map((i) => [i.type, i]));
    expect(byType['receipt']).toMatchObject({
      movements: 3,
      unitsIn: 300,
      unitsOut: 0,
      valueInCents: 100 * (900 + 100 + 500),
    });
    expect(byType['sale']).toMatchObject({ unitsOut: 5, valueOutCents: 3 * 900 + 2 * 100 });
    expect(byType['return']).toMatchObject({ unitsIn: 1, valueInCents: 900 });
    expect(report.totals.netUnits).toBe(ledger.reduce((s, m) => s + m.quantity, 0));
  });
});

describe('dashboard', () => {
  it('shows each number the matching report gives for the same days', async () => {
    const board = await get<Dashboard>('/reports/dashboard');
    expect(board).toMatchObject({ today, timeZone: 'UTC' });
    const salesFor = (start: string) => get<SalesReport>(`/reports/sales?from=${start}&to=${today}`);
    expect(board.sales!.today).toEqual({ from: today, to: today, ...(await salesFor(today)).totals });
    expect(board.sales!.last7Days).toEqual({
      from: addDays(today, -6),
      to: today,
      ...(await salesFor(addDays(today, -6))).totals,
    });
    expect(board.sales!.last30Days).toEqual({ from, to: today, ...(await salesFor(from)).totals });
    expect(board.sales!.daily).toHaveLength(30);
    expect(board.sales!.daily.reduce((s, d) => s + d.netRevenueCents, 0)).toBe(board.sales!.last30Days.netRevenueCents);
    const top = await get<TopProductsReport>(`/reports/top-products?from=${from}&to=${today}&limit=5`);
    expect(board.sales!.topProducts).toEqual(top.items);

    const statuses = await t.ctx.db.selectFrom('orders').select('status').execute();
    for (const { status, count } of board.orders.byStatus) {
      expect(count, status).toBe(statuses.filter((s) => s.status === status).length);
    }
    expect(board.orders.byStatus.find((s) => s.status === 'cancelled')!.count).toBe(2);

    const valuation = await get<Valuation>('/reports/inventory-valuation');
    expect(valuation).toEqual(await get<Valuation>('/inventory/valuation'));
    const alerts = await get<{ items: { type: string; status: string }[] }>('/alerts?limit=200');
    const open = alerts.items.filter((a) => a.status !== 'resolved');
    const reorder = await get<{ items: unknown[] }>('/reports/reorder-suggestions?limit=200');
    expect(board.inventory).toMatchObject({
      valueCents: valuation.totalValueCents,
      units: valuation.totalUnits,
      lowStockCount: open.filter((a) => a.type === 'low_stock').length,
      outOfStockCount: open.filter((a) => a.type === 'out_of_stock').length,
      reorderCount: reorder.items.length,
      previousDay: addDays(today, -30),
      previousValueCents: null,
      changeCents: null,
    });

    const aging = await get<AgingReport>('/reports/receivables-aging');
    expect(board.receivables).toEqual({
      totalCents: aging.totals.totalCents,
      overdueCents: aging.totals.totalCents - aging.totals.currentCents,
      debtors: aging.customers.length,
    });
    expect(board.receivables!.totalCents).toBeGreaterThan(0);
  });

  it('compares inventory value with the snapshot of 30 days before', async () => {
    const board = await get<Dashboard>('/reports/dashboard', wm);
    await t.ctx.db
      .insertInto('inventory_snapshots')
      .values({ day: addDays(today, -35), value_cents: 1234, units: 1, products: 1 })
      .execute();
    const after = await get<Dashboard>('/reports/dashboard', wm);
    expect(after.inventory).toMatchObject({
      previousValueCents: 1234,
      changeCents: board.inventory!.valueCents - 1234,
    });
  });

  it('shows each role only its sections', async () => {
    const asSales = await get<Dashboard>('/reports/dashboard', sales);
    expect(asSales.inventory).toBeNull();
    expect(asSales.sales).not.toBeNull();
    expect(asSales.receivables).not.toBeNull();
    const asWarehouse = await get<Dashboard>('/reports/dashboard', wm);
    expect(asWarehouse.sales).toBeNull();
    expect(asWarehouse.receivables).toBeNull();
    expect(asWarehouse.inventory).not.toBeNull();
    expect(asWarehouse.orders.byStatus).toEqual(asSales.orders.byStatus);
  });
});

/** The summaries' non-empty rows (a cancelled sale leaves a row of zeros behind). */
async function summaries() {
  const db = t.ctx.db;
  return {
    sellers: (await db.selectFrom('sales_daily').selectAll().orderBy('day').orderBy('seller_id').execute()).filter(
      (r) => r.orders !== 0 || r.returns !== 0,
    ),
    products: (
      await db.selectFrom('sales_daily_products').selectAll().orderBy('day').orderBy('product_id').execute()
    ).filter((r) => r.lines !== 0 || r.returned_units !== 0),
    categories: (
      await db.selectFrom('sales_daily_categories').selectAll().orderBy('day').orderBy('category_id').execute()
    ).filter((r) => r.lines !== 0 || r.returned_units !== 0),
  };
}

describe('the daily summaries', () => {
  it('equal a rebuild from the orders and returns themselves, and what migration 0005 makes of them', async () => {
    const kept = await summaries();
    expect(kept.sellers.length).toBeGreaterThan(0);
    expect(kept.categories.map((c) => c.category_id).sort()).toEqual([0, fixture.tools, fixture.food].sort());
    await rebuildSalesSummary(t.ctx.db);
    expect(await summaries()).toEqual(kept);
    // Migration 0005 summarises the orders and returns an installation already has.
    await migration.down(t.ctx.db);
    await migration.up(t.ctx.db);
    expect(await summaries()).toEqual(kept);
  });

  it('keep past sales in the category the product had when the order was placed', async () => {
    const before = await get<SalesByCategoryReport>(`/reports/sales-by-category?from=${from}&to=${today}`);
    await t.ctx.db.updateTable('products').set({ category_id: fixture.food }).where('id', '=', fixture.a).execute();
    const after = await get<SalesByCategoryReport>(`/reports/sales-by-category?from=${from}&to=${today}`);
    expect(after).toEqual(before);
    await t.ctx.db.updateTable('products').set({ category_id: fixture.tools }).where('id', '=', fixture.a).execute();
  });

  it('stay exact under concurrent confirmations and cancellations', async () => {
    const before = await salesTotals();
    const orders = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        place(sales, {
          customerId: shopCustomer,
          paymentTerms: 'credit',
          lines: [
            { productId: fixture.b, quantity: 1 + (i % 3) },
            { productId: fixture.c, quantity: 1 },
          ],
        }),
      ),
    );
    const confirm = (o: Order) => api('POST', `/orders/${o.id}/transitions`, sales, { to: 'confirmed' });
    expect((await Promise.all(orders.map(confirm))).map((r) => r.statusCode)).toEqual(orders.map(() => 200));
    const cancelled = orders.slice(0, 5);
    const cancel = (o: Order) => api('POST', `/orders/${o.id}/transitions`, sales, { to: 'cancelled' });
    expect((await Promise.all(cancelled.map(cancel))).map((r) => r.statusCode)).toEqual(cancelled.map(() => 200));
    const kept = orders.slice(5);
    const after = await salesTotals();
    expect(after.orders).toBe(before.orders + kept.length);
    expect(after.totalCents).toBe(before.totalCents + kept.reduce((s, o) => s + o.totalCents, 0));
    const incremental = await summaries();
    await rebuildSalesSummary(t.ctx.db);
    expect(await summaries()).toEqual(incremental);
  });
});

describe('access', () => {
  const reports = [
    '/reports/dashboard',
    '/reports/sales',
    '/reports/top-products',
    '/reports/sales-by-category',
    '/reports/sales-by-staff',
    '/reports/movements-summary',
    '/reports/payments',
    '/reports/inventory-valuation',
  ];
  const status = async (url: string, token: string) => (await api('GET', url, token)).statusCode;

  it('customers may see no report', async () => {
    for (const url of reports) expect(await status(url, customer.token), url).toBe(403);
    expect((await api('GET', '/reports/sales', '')).statusCode).toBe(401);
  });

  it('warehouse managers see inventory reports, not sales or payments', async () => {
    for (const url of [
      '/reports/sales',
      '/reports/top-products',
      '/reports/sales-by-category',
      '/reports/sales-by-staff',
      '/reports/payments',
    ]) {
      expect(await status(url, wm), url).toBe(403);
    }
    for (const url of ['/reports/movements-summary', '/reports/inventory-valuation', '/reports/dashboard']) {
      expect(await status(url, wm), url).toBe(200);
    }
  });

  it('sales staff see sales and payments, not the stock movements', async () => {
    expect(await status('/reports/movements-summary', sales)).toBe(403);
    expect(await status('/reports/inventory-valuation', sales)).toBe(403);
    for (const url of [
      '/reports/sales',
      '/reports/top-products',
      '/reports/sales-by-category',
      '/reports/sales-by-staff',
      '/reports/payments',
    ]) {
      expect(await status(url, sales), url).toBe(200);
    }
  });

  it('every report exports CSV', async () => {
    for (const url of reports.filter((r) => r !== '/reports/dashboard')) {
      const res = await api('GET', `${url}?format=csv`, admin);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/csv/);
      expect(res.body.trim().split('\n').at(-1), url).toMatch(/TOTAL/);
    }
  });
});
