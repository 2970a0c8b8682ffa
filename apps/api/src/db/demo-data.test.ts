import { addDays, ORDER_STATUSES } from '@bodega/domain';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';
import { ean13 } from './demo/catalog';
import { Random } from './demo/random';
import { DemoRefusedError, loadDemoData, type DemoClock, type DemoSummary } from './demo-data';

let t: TestApp;
let summary: DemoSummary;
let clock: DemoClock;

beforeAll(async () => {
  t = await createTestApp();
  // The harness clock only offsets real time; setting it means offsetting to the target.
  clock = { set: (ms) => t.advance(ms - t.ctx.now().getTime()) };
  summary = await loadDemoData(t.ctx, clock, {
    size: 'small',
    seed: 7,
    force: false,
    now: new Date('2026-12-01T10:00:00Z'),
  });
}, 240_000);

afterAll(async () => {
  await t?.close();
});

const count = async (query: Promise<{ n: number | string }>) => Number((await query).n);

describe('npm run demo (small size, through the use-cases)', () => {
  it('builds a business: catalog with images, locations, staff, customers and two weeks of history', async () => {
    const c = summary.counts;
    expect(c.products).toBe(20);
    expect(c.productImages).toBe(20);
    expect(c.categories).toBe(12);
    expect(c.locations).toBe(3);
    expect(c.customers).toBe(11); // ten and the walk-in counter customer
    expect(c.users).toMatchObject({ admin: 1, warehouse_manager: 1, sales_staff: 2, customer: 1 });
    // One a day over the two weeks and today: 15, or 16 when the load runs just after midnight
    // (the history then ends yesterday evening and the last snapshot is today's).
    expect(c.snapshots).toBe((Date.parse(summary.to) - Date.parse(summary.from)) / 86_400_000 + 1);
    expect(c.snapshots).toBeGreaterThanOrEqual(15);
    expect(summary.credentials.map((x) => x.email)).toEqual(
      expect.arrayContaining(['almacen@demo.local', 'ventas@demo.local']),
    );
    const customer = summary.credentials.find((x) => x.who.startsWith('customer'))!;
    const login = await t.login(customer.email, customer.password);
    expect(login.user.role).toBe('customer');
    expect((await t.login('almacen@demo.local', 'demo-password-1')).user.role).toBe('warehouse_manager');
  });

  it('keeps the stock ledger: the sum of movements is on-hand at every level', async () => {
    expect(await t.ledgerMismatches()).toEqual([]);
    const bad = await t.ctx.db
      .selectFrom('stock_levels')
      .selectAll()
      .where((eb) => eb.or([eb('on_hand', '<', 0), eb('reserved', '<', 0), eb('reserved', '>', eb.ref('on_hand'))]))
      .execute();
    expect(bad).toEqual([]);
  });

  it('reserves exactly what open orders hold, per product and location', async () => {
    const open = await t.ctx.db
      .selectFrom('order_lines as l')
      .innerJoin('orders as o', 'o.id', 'l.order_id')
      .select(['l.product_id', 'o.location_id', (eb) => eb.fn.sum<number>('l.quantity').as('quantity')])
      .where('o.status', 'in', ['pending', 'confirmed', 'processing'])
      .groupBy(['l.product_id', 'o.location_id'])
      .execute();
    const expected = new Map(open.map((r) => [`${r.product_id}:${r.location_id}`, Number(r.quantity)]));
    const levels = await t.ctx.db
      .selectFrom('stock_levels')
      .select(['product_id', 'location_id', 'reserved'])
      .execute();
    const actual = new Map(
      levels.filter((l) => l.reserved !== 0).map((l) => [`${l.product_id}:${l.location_id}`, l.reserved]),
    );
    expect(actual).toEqual(expected);
    expect(expected.size).toBeGreaterThan(0);
  });

  it('has orders in every state, cash and credit, some discounted', async () => {
    const statuses = (await t.ctx.db.selectFrom('orders').select('status').distinct().execute()).map((r) => r.status);
    expect(statuses.sort()).toEqual([...ORDER_STATUSES].sort());
    const terms = (await t.ctx.db.selectFrom('orders').select('payment_terms').distinct().execute()).map(
      (r) => r.payment_terms,
    );
    expect(terms.sort()).toEqual(['cash', 'credit']);
    // A cash order is paid before it is delivered (or an admin overrode it, with a reason).
    const unpaidCash = await t.ctx.db
      .selectFrom('orders as o')
      .innerJoin('order_history as h', (j) => j.onRef('h.order_id', '=', 'o.id').on('h.to_status', '=', 'delivered'))
      .select(['o.number', 'h.reason'])
      .where('o.payment_terms', '=', 'cash')
      .where((eb) => eb(eb('o.paid_cents', '+', eb.ref('o.credited_cents')), '<', eb.ref('o.total_cents')))
      .execute();
    for (const o of unpaidCash) expect(o.reason).toBeTruthy();
  });

  it('dates the history over the past two weeks, not at load time', async () => {
    const first = await t.ctx.db
      .selectFrom('orders')
      .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
      .executeTakeFirstOrThrow();
    expect(String(first.first).slice(0, 10) <= addDays(summary.to, -12)).toBe(true);
    expect(Date.parse(String(first.last))).toBeLessThanOrEqual(Date.now());
    const days = await count(
      t.ctx.db
        .selectFrom('payments')
        .select((eb) => eb.fn.count<number>('received_at').distinct().as('n'))
        .executeTakeFirstOrThrow(),
    );
    expect(days).toBeGreaterThan(5);
    const snapshots = (await t.ctx.db.selectFrom('inventory_snapshots').select('day').orderBy('day').execute()).map(
      (r) => r.day,
    );
    const everyDay: string[] = [];
    for (let day = summary.from; day <= summary.to; day = addDays(day, 1)) everyDay.push(day);
    expect(snapshots).toEqual(everyDay);
  });

  it('keeps the receivables ledger: allocations of recorded payments are what debts show as paid', async () => {
    const allocated = await count(
      t.ctx.db
        .selectFrom('payment_allocations as a')
        .innerJoin('payments as p', 'p.id', 'a.payment_id')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('a.amount_cents'), eb.lit(0)).as('n'))
        .where('p.status', '=', 'recorded')
        .executeTakeFirstOrThrow(),
    );
    const paid = await count(
      t.ctx.db
        .selectFrom('debts')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('paid_cents'), eb.lit(0)).as('n'))
        .executeTakeFirstOrThrow(),
    );
    expect(allocated).toBe(paid);
    expect(paid).toBeGreaterThan(0);
    const negative = await t.ctx.db
      .selectFrom('debts')
      .select(['id', 'amount_cents', 'paid_cents', 'credited_cents'])
      .where((eb) =>
        eb.or([
          eb('paid_cents', '<', 0),
          eb('credited_cents', '<', 0),
          eb(eb('paid_cents', '+', eb.ref('credited_cents')), '>', eb.ref('amount_cents')),
        ]),
      )
      .execute();
    expect(negative).toEqual([]);
    // Each order's paid amount mirrors its debt's.
    const mismatched = await t.ctx.db
      .selectFrom('orders as o')
      .innerJoin('debts as d', 'd.order_id', 'o.id')
      .select(['o.number'])
      .where((eb) =>
        eb.or([
          eb('o.paid_cents', '<>', eb.ref('d.paid_cents')),
          eb('o.credited_cents', '<>', eb.ref('d.credited_cents')),
        ]),
      )
      .execute();
    expect(mismatched).toEqual([]);
  });

  it('has the cases every screen needs: voided and partial payments, overdue debts, both kinds of returns', async () => {
    expect(summary.counts.payments).toMatchObject({ voided: expect.any(Number), recorded: expect.any(Number) });
    expect(summary.counts.debts).toMatchObject({ partially_paid: expect.any(Number) });
    expect(summary.counts.overdueDebts).toBeGreaterThan(0);
    const conditions = (await t.ctx.db.selectFrom('return_lines').select('condition').distinct().execute()).map(
      (r) => r.condition,
    );
    expect(conditions.sort()).toEqual(['damaged', 'resellable']);
    const returned = await t.ctx.db.selectFrom('stock_movements').select('id').where('type', '=', 'return').execute();
    expect(returned.length).toBeGreaterThan(0);
  });

  it('draws images that went through the upload path: stored, re-encoded and thumbnailed on disk', async () => {
    const images = await t.ctx.db.selectFrom('product_images').selectAll().execute();
    expect(images).toHaveLength(20);
    const dir = join(t.ctx.config.uploadDir, 'products');
    for (const image of images) {
      expect(image.content_type).toBe('image/webp');
      expect(existsSync(join(dir, image.file_name))).toBe(true);
      expect(existsSync(join(dir, image.thumb_name))).toBe(true);
    }
  });

  it('gives products valid EAN-13 barcodes and realistic tax rates', async () => {
    const products = await t.ctx.db.selectFrom('products').select(['barcode', 'tax_rate_bp']).execute();
    for (const { barcode } of products) if (barcode) expect(ean13(barcode.slice(0, 12))).toBe(barcode);
    for (const { tax_rate_bp } of products) expect([0, 1000, 1600, 2100]).toContain(tax_rate_bp);
    expect(ean13('400638133393')).toBe('4006381333931');
  });

  it('refuses a second run on a database with orders, and writes nothing', async () => {
    const before = await t.ctx.db.selectFrom('orders').select('id').execute();
    await expect(loadDemoData(t.ctx, clock, { size: 'small', seed: 7, force: false })).rejects.toBeInstanceOf(
      DemoRefusedError,
    );
    expect(await t.ctx.db.selectFrom('orders').select('id').execute()).toHaveLength(before.length);
  });

  it('is deterministic: one seed, one sequence', () => {
    const a = new Random(42);
    const b = new Random(42);
    const draws = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(draws);
    expect(new Random(43).next()).not.toBe(draws[0]);
  });
});
