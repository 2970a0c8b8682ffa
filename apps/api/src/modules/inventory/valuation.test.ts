import { localDay } from '@bodega/domain';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { createDatabase } from '../../db/database';
import type { AppContext } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { createTestApp, TEST_DB, type TestApp } from '../../test/harness';
import { startSnapshotScheduler } from './snapshot-scheduler';
import { applyStockChanges } from './stock-ledger';
import { takeValueSnapshot } from './take-value-snapshot';

let t: TestApp;
let mainId: number;
let backId: number;
type Who = { id: number; email: string; password: string; token: string };
let wm: Who;
let sales: Who;
let admin: Who;
let customer: Who;

beforeAll(async () => {
  t = await createTestApp();
  const now = new Date().toISOString();
  mainId = (await t.ctx.db.selectFrom('locations').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow())
    .id;
  backId = (
    await t.ctx.db
      .insertInto('locations')
      .values({ code: 'BACK', name: 'Back room', active: 1, is_default: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  wm = await t.createStaff('warehouse_manager');
  sales = await t.createStaff('sales_staff');
  admin = await t.createStaff('admin');
  const c = await t.registerCustomer();
  customer = { id: c.user.id, email: c.user.email, password: c.password, token: c.accessToken };
});
afterAll(() => t?.close());

const stock = (productId: number, onHand: number, locationId = mainId) =>
  inTransaction(t.ctx, (work) =>
    applyStockChanges(work, [
      { productId, locationId, onHand, movement: { type: onHand > 0 ? 'receipt' : 'adjustment' }, userId: null },
    ]),
  );

const category = async (name: string, parentId: number | null = null) => {
  const now = new Date().toISOString();
  return (
    await t.ctx.db
      .insertInto('categories')
      .values({ name, parent_id: parentId, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
};

const product = async (costCents: number, categoryId: number | null, active = true) => {
  const id = await t.insertProduct({ costCents, active });
  await t.ctx.db.updateTable('products').set({ category_id: categoryId }).where('id', '=', id).execute();
  return id;
};

const get = (url: string, token = wm.token) => t.request({ method: 'GET', url: `/api/v1${url}`, token });
const snapshotNow = (token = wm.token) =>
  t.request({ method: 'POST', url: '/api/v1/inventory/value-history/snapshots', token });
const valuation = async () => (await get('/inventory/valuation')).json();

/** Moves the app clock forward to an instant (never back). */
function goTo(instant: string) {
  const delta = Date.parse(instant) - t.ctx.now().getTime();
  if (delta < 0) throw new Error(`the clock is already past ${instant}`);
  t.advance(delta);
}
/**
 * Noon UTC on a day no test has used yet (days after the real today). Access tokens expire as
 * the clock moves, so everyone signs in again.
 */
let dayOffset = 1;
async function nextFreshDay(): Promise<string> {
  const noon = new Date();
  noon.setUTCHours(12, 0, 0, 0);
  noon.setUTCDate(noon.getUTCDate() + dayOffset++);
  goTo(noon.toISOString());
  for (const who of [wm, sales, admin, customer]) who.token = (await t.login(who.email, who.password)).accessToken;
  return noon.toISOString().slice(0, 10);
}

const snapshotRows = (day: string) =>
  t.ctx.db.selectFrom('inventory_snapshots').selectAll().where('day', '=', day).execute();

describe('inventory valuation', () => {
  it('values on-hand stock at cost over every location, by category, archived products included', async () => {
    const before = await valuation();
    const tools = await category('Tools');
    const paint = await category('Paint');
    const a = await product(250, tools);
    const b = await product(100, tools);
    const archived = await product(1000, paint, false);
    const emptied = await product(999, paint);
    const loose = await product(50, null);
    await stock(a, 10);
    await stock(a, 5, backId);
    await stock(b, 3);
    await stock(archived, 2);
    await stock(emptied, 4);
    await stock(emptied, -4);
    await stock(loose, 4);

    const res = await get('/inventory/valuation');
    expect(res.statusCode).toBe(200);
    const after = res.json();
    const group = (id: number | null) =>
      after.byCategory.find((c: { categoryId: number | null }) => c.categoryId === id);
    expect(group(tools)).toEqual({
      categoryId: tools,
      categoryName: 'Tools',
      parentId: null,
      valueCents: 15 * 250 + 3 * 100,
      units: 18,
      products: 2,
    });
    expect(group(paint)).toMatchObject({ categoryName: 'Paint', valueCents: 2000, units: 2, products: 1 });
    const looseBefore = before.byCategory.find((c: { categoryId: number | null }) => c.categoryId === null);
    expect(group(null)).toMatchObject({
      categoryName: null,
      valueCents: (looseBefore?.valueCents ?? 0) + 200,
      units: (looseBefore?.units ?? 0) + 4,
    });
    expect(after).toMatchObject({
      currency: 'USD',
      totalValueCents: before.totalValueCents + 4050 + 2000 + 200,
      totalUnits: before.totalUnits + 24,
      totalProducts: before.totalProducts + 4,
    });
    const values = after.byCategory.map((c: { valueCents: number }) => c.valueCents);
    expect(values).toEqual([...values].sort((x, y) => y - x));
  });

  it('is for admins and warehouse managers', async () => {
    expect((await get('/inventory/valuation', admin.token)).statusCode).toBe(200);
    expect((await get('/inventory/valuation', sales.token)).statusCode).toBe(403);
    expect((await get('/inventory/valuation', customer.token)).statusCode).toBe(403);
  });
});

describe('value snapshots', () => {
  it("takes today's snapshot on demand once: 201, then 200 with the same snapshot, audited once", async () => {
    const day = await nextFreshDay();
    const current = await valuation();
    const first = await snapshotNow();
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      day,
      valueCents: current.totalValueCents,
      units: current.totalUnits,
      products: current.totalProducts,
      takenBy: wm.id,
      created: true,
    });
    const p = await product(10, null);
    await stock(p, 1);
    const second = await snapshotNow(admin.token);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ ...first.json(), created: false });

    const audit = (
      await t.request({
        method: 'GET',
        url: '/api/v1/audit-log?entity=inventory_snapshot',
        token: admin.token,
      })
    ).json();
    const entries = audit.items.filter((e: { after: { day: string } }) => e.after.day === day);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'inventory.snapshot_taken', actorId: wm.id, requestId: expect.any(String) }),
    ]);
  });

  it('makes exactly one row of 20 concurrent requests', async () => {
    const day = await nextFreshDay();
    const responses = await Promise.all(Array.from({ length: 20 }, () => snapshotNow()));
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes).toEqual([...Array(19).fill(200), 201]);
    expect(await snapshotRows(day)).toHaveLength(1);
    const bodies = responses.map((r) => ({ ...r.json(), created: undefined }));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
  });

  it.runIf(TEST_DB === 'postgres')('makes exactly one row when two servers on one database race', async () => {
    const day = await nextFreshDay();
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(t.ctx.db);
    const db = createDatabase(t.ctx.config.database, { schema: rows[0]!.schema });
    const second = await buildApp(t.ctx.config, { db, now: t.ctx.now, logger: false });
    await second.app.ready();
    try {
      const token = wm.token;
      const post = (app: typeof second.app) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/inventory/value-history/snapshots',
          headers: { authorization: `Bearer ${token}` },
        });
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 ? second.app : t.app)));
      expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(19);
      expect(await snapshotRows(day)).toHaveLength(1);
    } finally {
      await second.app.close();
    }
  });

  it('labels the snapshot with the day in the installation time zone', async () => {
    const utcDay = await nextFreshDay(); // 12:00 UTC is already tomorrow at UTC+14
    const patch = (timeZone: string) =>
      t.request({ method: 'PATCH', url: '/api/v1/settings', token: admin.token, payload: { timeZone } });
    expect((await patch('Pacific/Kiritimati')).statusCode).toBe(200);
    try {
      const res = await snapshotNow();
      expect(res.statusCode).toBe(201);
      expect(res.json().day).toBe(localDay(t.ctx.now(), 'Pacific/Kiritimati'));
      expect(res.json().day).not.toBe(utcDay);
    } finally {
      await patch('UTC');
    }
  });

  it('is for admins and warehouse managers', async () => {
    expect((await snapshotNow(sales.token)).statusCode).toBe(403);
    expect((await snapshotNow(customer.token)).statusCode).toBe(403);
    expect((await get('/inventory/value-history', sales.token)).statusCode).toBe(403);
  });
});

describe('value history', () => {
  it('lists the days between from and to, oldest first', async () => {
    const rows = [
      ['2020-01-31', 300],
      ['2020-01-01', 100],
      ['2020-01-15', 200],
      ['2020-02-01', 400],
    ] as const;
    await t.ctx.db
      .insertInto('inventory_snapshots')
      .values(rows.map(([day, value]) => ({ day, value_cents: value, units: value / 100, products: 1 })))
      .execute();
    const res = await get('/inventory/value-history?from=2020-01-01&to=2020-01-31');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: '2020-01-01',
      to: '2020-01-31',
      items: [
        { day: '2020-01-01', valueCents: 100, units: 1, products: 1 },
        { day: '2020-01-15', valueCents: 200, units: 2, products: 1 },
        { day: '2020-01-31', valueCents: 300, units: 3, products: 1 },
      ],
    });
  });

  it('covers the last 90 days up to today by default', async () => {
    const day = await nextFreshDay();
    await snapshotNow();
    const res = (await get('/inventory/value-history')).json();
    expect(res.to).toBe(day);
    expect(res.items.at(-1).day).toBe(day);
    for (const item of res.items) expect(item.day >= res.from).toBe(true);
    expect(res.items.map((i: { day: string }) => i.day)).not.toContain('2020-01-15');
  });

  it('refuses a reversed or malformed range', async () => {
    expect((await get('/inventory/value-history?from=2020-02-01&to=2020-01-01')).statusCode).toBe(400);
    expect((await get('/inventory/value-history?from=2020-13-01')).statusCode).toBe(400);
    expect((await get('/inventory/value-history?from=yesterday')).statusCode).toBe(400);
  });
});

describe('the snapshot scheduler', () => {
  const logger = () => {
    const lines: { level: string; args: unknown[] }[] = [];
    const log =
      (level: string) =>
      (...args: unknown[]) =>
        lines.push({ level, args });
    return { lines, log: { ...t.ctx.log, info: log('info'), error: log('error') } as unknown as FastifyBaseLogger };
  };
  const waitFor = async (check: () => Promise<boolean> | boolean) => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
  };

  it("takes the day's snapshot on its own, and stops when the app closes", async () => {
    const day = await nextFreshDay();
    const { lines, log } = logger();
    const server = Fastify();
    startSnapshotScheduler({ ...t.ctx, log }, server, { enabled: true, firstRunDelayMs: 0, intervalMs: 20 });
    await server.ready();
    await waitFor(async () => (await snapshotRows(day)).length > 0);
    expect(await snapshotRows(day)).toEqual([expect.objectContaining({ taken_by: null })]);
    await server.close();
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);

    const later = await nextFreshDay();
    await new Promise((r) => setTimeout(r, 100));
    expect(await snapshotRows(later)).toEqual([]);
  });

  it('logs a failing tick instead of crashing, and keeps trying', async () => {
    const broken = createDatabase({ kind: 'sqlite', file: ':memory:' });
    await broken.destroy();
    const { lines, log } = logger();
    const server = Fastify();
    const ctx: AppContext = { ...t.ctx, db: broken, log };
    startSnapshotScheduler(ctx, server, { enabled: true, firstRunDelayMs: 0, intervalMs: 20 });
    await server.ready();
    await waitFor(() => lines.filter((l) => l.level === 'error').length >= 2);
    await server.close();
    expect(lines.filter((l) => l.level === 'error').length).toBeGreaterThanOrEqual(2);
  });

  it('records a scheduled snapshot with no actor, once, however many ticks race', async () => {
    const day = await nextFreshDay();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => takeValueSnapshot(t.ctx, { actor: null, meta: null })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await snapshotRows(day)).toEqual([expect.objectContaining({ taken_by: null })]);
    const audit = (
      await t.request({ method: 'GET', url: '/api/v1/audit-log?entity=inventory_snapshot', token: admin.token })
    ).json();
    expect(audit.items.filter((e: { after: { day: string } }) => e.after.day === day)).toEqual([
      expect.objectContaining({ action: 'inventory.snapshot_taken', actorId: null }),
    ]);
  });
});
