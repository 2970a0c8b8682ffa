import { addDays, localDay, ORDER_STATUSES } from '@bodega/domain';
import { sql } from 'kysely';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { ean13 } from './catalog';
import { Random } from '../random';
import { DemoRefusedError, loadDemoData, SIZES, type DemoClock, type DemoSize, type DemoSummary } from './demo-data';

/*
 * The demo's business depends on the day it is loaded (weekdays, month days, the hour, the
 * time zone), so it is loaded here at fixed moments, never at the day the suite runs: the full
 * small demo at a month's end, and a lighter one at the moments that have broken date code
 * before. Every load must have the cases the screens need and keep the invariants.
 */

type Loaded = {
  t: TestApp;
  clock: DemoClock;
  summary: DemoSummary;
  now: Date;
  timeZone: string;
  /** Days of history of the size loaded. */
  days: number;
  /** The application clock as the load left it. */
  clockAfter: Date;
};

/** A fresh Bodega with the demo loaded at `now`, the installation's time zone set first. */
async function loadAt(now: string, options: { size: DemoSize['name'] | DemoSize; seed: number; timeZone?: string }) {
  const t = await createTestApp();
  // The harness clock only offsets real time; setting it means offsetting to the target.
  const clock: DemoClock = { set: (ms) => t.advance(ms - t.ctx.now().getTime()) };
  const at = new Date(now);
  const timeZone = options.timeZone ?? 'UTC';
  if (timeZone !== 'UTC') {
    // The admin set the time zone some time before the demo was loaded.
    clock.set(at.getTime() - 60 * 86_400_000);
    const res = await t.request({
      method: 'PATCH',
      url: '/api/v1/settings',
      token: await t.adminToken(),
      payload: { timeZone },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const summary = await loadDemoData(t.ctx, clock, { size: options.size, seed: options.seed, force: false, now: at });
  const days = typeof options.size === 'string' ? SIZES[options.size].days : options.size.days;
  return { t, clock, summary, now: at, timeZone, days, clockAfter: t.ctx.now() } satisfies Loaded;
}

const count = async (query: Promise<{ n: number | string }>) => Number((await query).n);

/** What every load must hold, whatever its moment. */
function screensAndInvariants(loaded: () => Loaded) {
  it('keeps the stock ledger: the sum of movements is on-hand at every level', async () => {
    const { t } = loaded();
    expect(await t.ledgerMismatches()).toEqual([]);
    const bad = await t.ctx.db
      .selectFrom('stock_levels')
      .selectAll()
      .where((eb) => eb.or([eb('on_hand', '<', 0), eb('reserved', '<', 0), eb('reserved', '>', eb.ref('on_hand'))]))
      .execute();
    expect(bad).toEqual([]);
  });

  it('reserves exactly what open orders hold, per product and location', async () => {
    const { t } = loaded();
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
    const { t } = loaded();
    const statuses = (await t.ctx.db.selectFrom('orders').select('status').distinct().execute()).map((r) => r.status);
    expect(statuses.sort()).toEqual([...ORDER_STATUSES].sort());
    const terms = (await t.ctx.db.selectFrom('orders').select('payment_terms').distinct().execute()).map(
      (r) => r.payment_terms,
    );
    expect(terms.sort()).toEqual(['cash', 'credit']);
    const discounted = await t.ctx.db.selectFrom('orders').select('id').where('discount_cents', '>', 0).execute();
    expect(discounted.length).toBeGreaterThan(0);
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

  it('keeps the receivables ledger: allocations of recorded payments are what debts show as paid', async () => {
    const { t } = loaded();
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
    const { t, summary } = loaded();
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

  it('has open and acknowledged low-stock alerts', async () => {
    const { t } = loaded();
    const statuses = (await t.ctx.db.selectFrom('stock_alerts').select('status').distinct().execute()).map(
      (r) => r.status,
    );
    expect(statuses).toEqual(expect.arrayContaining(['open', 'acknowledged']));
  });

  it('ends the history at its moment: nothing after it, a snapshot for every day', async () => {
    const { t, summary, now, timeZone, days, clockAfter } = loaded();
    expect(clockAfter.getTime()).toBeLessThanOrEqual(now.getTime());
    const stamps: [string, string][] = [
      ['orders', 'created_at'],
      ['order_history', 'created_at'],
      ['stock_movements', 'created_at'],
      ['stock_alerts', 'opened_at'],
      ['payments', 'received_at'],
      ['payments', 'created_at'],
      ['debts', 'created_at'],
      ['returns', 'created_at'],
      ['inventory_snapshots', 'created_at'],
    ];
    for (const [table, column] of stamps) {
      const { rows } = await sql<{
        last: string | null;
      }>`select max(${sql.ref(column)}) as last from ${sql.table(table)}`.execute(t.ctx.db);
      const last = rows[0]?.last;
      expect(last, `${table}.${column}`).toBeTruthy();
      expect(Date.parse(String(last)), `${table}.${column}: ${String(last)}`).toBeLessThanOrEqual(now.getTime());
    }
    // The history ends half an hour before its moment, in the installation's time zone.
    const lastDay = localDay(new Date(now.getTime() - 30 * 60_000), timeZone);
    expect([lastDay, localDay(now, timeZone)]).toContain(summary.to);
    const snapshots = (await t.ctx.db.selectFrom('inventory_snapshots').select('day').orderBy('day').execute()).map(
      (r) => r.day,
    );
    const everyDay: string[] = [];
    for (let day = summary.from; day <= summary.to; day = addDays(day, 1)) everyDay.push(day);
    expect(snapshots).toEqual(everyDay);
    expect(summary.from).toBe(addDays(lastDay, -days));
  });
}

/** A lighter business for the other moments: the same story and use-cases, fewer of everything. */
const LIGHT: DemoSize = {
  ...SIZES.small,
  products: 12,
  images: 0,
  customers: 5,
  days: 8,
  targetLines: 70,
  shopProducts: 6,
  countPerMonth: 2,
};

describe('npm run demo (small size, through the use-cases), loaded at a month’s end', () => {
  let full: Loaded;

  beforeAll(async () => {
    full = await loadAt('2026-01-31T18:00:00Z', { size: 'small', seed: 7 });
  }, 240_000);

  afterAll(async () => {
    await full?.t.close();
  });

  screensAndInvariants(() => full);

  it('builds a business: catalog with images, locations, staff, customers and two weeks of history', async () => {
    const { t, summary } = full;
    const c = summary.counts;
    expect(c.products).toBe(20);
    expect(c.productImages).toBe(20);
    expect(c.categories).toBe(12);
    expect(c.locations).toBe(3);
    expect(c.customers).toBe(11); // ten and the walk-in counter customer
    expect(c.users).toMatchObject({ admin: 1, warehouse_manager: 1, sales_staff: 2, customer: 1 });
    // One a day over the two weeks and today.
    expect(c.snapshots).toBe(15);
    expect(summary).toMatchObject({ from: '2026-01-17', to: '2026-01-31' });
    expect(summary.credentials.map((x) => x.email)).toEqual(
      expect.arrayContaining(['almacen@demo.local', 'ventas@demo.local']),
    );
    const customer = summary.credentials.find((x) => x.who.startsWith('customer'))!;
    const login = await t.login(customer.email, customer.password);
    expect(login.user.role).toBe('customer');
    expect((await t.login('almacen@demo.local', 'demo-password-1')).user.role).toBe('warehouse_manager');
  });

  it('dates the history over the past two weeks, not at load time', async () => {
    const { t, summary } = full;
    const first = await t.ctx.db
      .selectFrom('orders')
      .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
      .executeTakeFirstOrThrow();
    expect(String(first.first).slice(0, 10) <= addDays(summary.to, -12)).toBe(true);
    expect(Date.parse(String(first.last))).toBeLessThanOrEqual(Date.parse('2026-01-31T18:00:00Z'));
    const days = await count(
      t.ctx.db
        .selectFrom('payments')
        .select((eb) => eb.fn.count<number>('received_at').distinct().as('n'))
        .executeTakeFirstOrThrow(),
    );
    expect(days).toBeGreaterThan(5);
  });

  it('draws images that went through the upload path: stored, re-encoded and thumbnailed on disk', async () => {
    const { t } = full;
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
    const { t } = full;
    const products = await t.ctx.db.selectFrom('products').select(['barcode', 'tax_rate_bp']).execute();
    for (const { barcode } of products) if (barcode) expect(ean13(barcode.slice(0, 12))).toBe(barcode);
    for (const { tax_rate_bp } of products) expect([0, 1000, 1600, 2100]).toContain(tax_rate_bp);
    expect(ean13('400638133393')).toBe('4006381333931');
  });

  it('refuses a second run on a database with orders, and writes nothing', async () => {
    const { t } = full;
    const before = await t.ctx.db.selectFrom('orders').select('id').execute();
    await expect(loadDemoData(full.t.ctx, full.clock, { size: 'small', seed: 7, force: false })).rejects.toBeInstanceOf(
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

/*
 * The same story at other moments: a leap day, both days Madrid changes its clocks (the
 * installation's time zone set first: the demo's default is UTC, which has none), and a load
 * just after local midnight, when the history ends the evening before.
 */
describe.each([
  { moment: 'on a leap day', now: '2028-02-29T12:00:00Z', timeZone: 'UTC', seed: 11 },
  {
    moment: 'on the day Madrid springs forward (a 23-hour day)',
    now: '2026-03-29T12:00:00+02:00',
    timeZone: 'Europe/Madrid',
    seed: 12,
  },
  {
    moment: 'just after midnight, the night after Madrid falls back (a 25-hour day)',
    now: '2026-10-26T00:10:00+01:00',
    timeZone: 'Europe/Madrid',
    seed: 13,
  },
])('npm run demo (a lighter size) loaded $moment', ({ now, timeZone, seed }) => {
  let loaded: Loaded;

  beforeAll(async () => {
    loaded = await loadAt(now, { size: LIGHT, seed, timeZone });
  }, 120_000);

  afterAll(async () => {
    await loaded?.t.close();
  });

  screensAndInvariants(() => loaded);
});
