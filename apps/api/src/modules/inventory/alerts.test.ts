import type { DomainEvent } from '@bodega/contract';
import type { MovementType } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { inTransaction } from '../../platform/transaction';
import { applyStockChanges } from './stock-ledger';

let t: TestApp;
let mainId: number;
let wm: { id: number; token: string };
let sales: { token: string };
let customer: string;

beforeAll(async () => {
  t = await createTestApp();
  mainId = (await t.ctx.db.selectFrom('locations').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow())
    .id;
  wm = await t.createStaff('warehouse_manager');
  sales = await t.createStaff('sales_staff');
  customer = (await t.registerCustomer()).accessToken;
});
afterAll(() => t?.close());

const change = (productId: number, onHand: number, type: MovementType = 'adjustment') =>
  inTransaction(t.ctx, (work) =>
    applyStockChanges(work, [{ productId, locationId: mainId, onHand, movement: { type }, userId: null }]),
  );

const alertsOf = (productId: number) =>
  t.ctx.db.selectFrom('stock_alerts').selectAll().where('product_id', '=', productId).orderBy('id').execute();

const listAlerts = async (query: string, token = sales.token) => {
  const res = await t.request({ method: 'GET', url: `/api/v1/alerts?${query}`, token });
  expect(res.statusCode).toBe(200);
  return res.json();
};

const acknowledge = (id: number, token: string | null = wm.token) =>
  t.request({ method: 'POST', url: `/api/v1/alerts/${id}/acknowledge`, token: token ?? undefined });

type AlertEvent = Extract<DomainEvent, { name: 'alert.opened' | 'alert.resolved' }>;

function recordEvents() {
  const events: DomainEvent[] = [];
  const stop = t.ctx.events.subscribe((e) => events.push(e));
  return {
    alertEvents: () => events.filter((e): e is AlertEvent => e.name === 'alert.opened' || e.name === 'alert.resolved'),
    stop,
    events,
  };
}

describe('alerts follow availability', () => {
  it('open low_stock at the reorder point, escalate to out_of_stock at zero, resolve above it', async () => {
    const productId = await t.insertProduct({ sku: 'ALERT-1', name: 'Hinge', reorderPoint: 5 });
    const rec = recordEvents();
    await change(productId, 10, 'receipt');
    expect(await alertsOf(productId)).toEqual([]);

    await change(productId, -5);
    const [opened] = await alertsOf(productId);
    expect(opened).toMatchObject({ type: 'low_stock', status: 'open', available: 5, reorder_point: 5 });
    expect(rec.alertEvents()).toEqual([
      {
        name: 'alert.opened',
        payload: { id: opened!.id, productId, type: 'low_stock', status: 'open', available: 5, reorderPoint: 5 },
      },
    ]);

    await change(productId, -5);
    expect(await alertsOf(productId)).toEqual([
      expect.objectContaining({ id: opened!.id, type: 'out_of_stock', status: 'open', available: 0 }),
    ]);

    await change(productId, 6, 'receipt');
    expect(await alertsOf(productId)).toEqual([
      expect.objectContaining({ id: opened!.id, status: 'resolved', available: 6, resolved_at: expect.any(String) }),
    ]);
    expect(rec.alertEvents().map((e) => [e.name, e.payload.type])).toEqual([
      ['alert.opened', 'low_stock'],
      ['alert.opened', 'out_of_stock'],
      ['alert.resolved', 'out_of_stock'],
    ]);
    rec.stop();

    const listed = await listAlerts(`productId=${productId}`);
    expect(listed.items).toEqual([
      expect.objectContaining({
        id: opened!.id,
        productId,
        sku: 'ALERT-1',
        name: 'Hinge',
        type: 'out_of_stock',
        status: 'resolved',
        resolvedAt: expect.any(String),
      }),
    ]);
  });

  it('keeps an acknowledgement while stock stays low, and re-opens the alert when the product runs out', async () => {
    const productId = await t.insertProduct({ reorderPoint: 5 });
    await change(productId, 4, 'receipt');
    const [alert] = await alertsOf(productId);
    expect((await acknowledge(alert!.id)).statusCode).toBe(200);
    await change(productId, -4);
    await change(productId, 2, 'receipt'); // out of stock, then low again
    expect(await alertsOf(productId)).toEqual([
      expect.objectContaining({ id: alert!.id, type: 'low_stock', status: 'open', acknowledged_at: null }),
    ]);
    expect((await acknowledge(alert!.id)).statusCode).toBe(200);
    await change(productId, 1, 'receipt');
    expect((await alertsOf(productId))[0]).toMatchObject({ status: 'acknowledged', available: 3 });
  });

  it('keeps one unresolved alert per product while 30 concurrent changes race down', async () => {
    const productId = await t.insertProduct({ reorderPoint: 50 });
    await change(productId, 70, 'receipt');
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => change(productId, -2)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await alertsOf(productId)).toEqual([
      expect.objectContaining({ type: 'low_stock', status: 'open', available: 10, resolved_at: null }),
    ]);
  });

  it('keeps one unresolved alert while 30 concurrent changes cross zero and the reorder point', async () => {
    const productId = await t.insertProduct({ reorderPoint: 50 });
    await change(productId, 30, 'receipt');
    // Worst case all decrements first: 30 → 0 (out of stock), then back to 30.
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => change(productId, i % 2 ? 2 : -2, i % 2 ? 'receipt' : 'adjustment')),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const rows = await alertsOf(productId);
    const unresolved = rows.filter((a) => a.resolved_at === null);
    expect(unresolved).toEqual([expect.objectContaining({ type: 'low_stock', available: 30 })]);
    expect(await t.ledgerMismatches()).toEqual([]);
  });

  it('resolves whatever the order when concurrent changes leave the product above its reorder point', async () => {
    const productId = await t.insertProduct({ reorderPoint: 50 });
    await change(productId, 60, 'receipt');
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => change(productId, i % 2 ? 4 : -4, i % 2 ? 'receipt' : 'adjustment')),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    for (const alert of await alertsOf(productId)) expect(alert.status).toBe('resolved');
  });

  it('opens nothing and sends nothing when the change rolls back', async () => {
    const productId = await t.insertProduct({ reorderPoint: 5 });
    await change(productId, 8, 'receipt');
    const rec = recordEvents();
    await expect(
      inTransaction(t.ctx, async (work) => {
        await applyStockChanges(work, [
          { productId, locationId: mainId, onHand: -8, movement: { type: 'adjustment' }, userId: null },
        ]);
        throw new Error('the caller failed after the stock change');
      }),
    ).rejects.toThrow('the caller failed');
    rec.stop();
    expect(rec.events).toEqual([]);
    expect(await alertsOf(productId)).toEqual([]);
    const level = await t.ctx.db
      .selectFrom('stock_levels')
      .select('on_hand')
      .where('product_id', '=', productId)
      .executeTakeFirstOrThrow();
    expect(level.on_hand).toBe(8);
  });
});

describe('acknowledging an alert', () => {
  it('records who and when, once, and is audited', async () => {
    const productId = await t.insertProduct({ reorderPoint: 3 });
    await change(productId, 2, 'receipt');
    const [alert] = await alertsOf(productId);

    const first = await acknowledge(alert!.id);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      id: alert!.id,
      status: 'acknowledged',
      acknowledgedBy: wm.id,
      acknowledgedAt: expect.any(String),
      resolvedAt: null,
    });

    t.advance(60_000);
    const again = await acknowledge(alert!.id, (await t.createStaff('admin')).token);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());

    const audit = (
      await t.request({
        method: 'GET',
        url: `/api/v1/audit-log?entity=stock_alert&entityId=${alert!.id}`,
        token: await t.adminToken(),
      })
    ).json();
    expect(audit.items).toEqual([
      expect.objectContaining({
        action: 'alert.acknowledged',
        actorId: wm.id,
        before: { status: 'open' },
        after: expect.objectContaining({ status: 'acknowledged', acknowledgedBy: wm.id }),
      }),
    ]);

    // An acknowledged alert still resolves itself when stock comes back.
    await change(productId, 10, 'receipt');
    expect((await alertsOf(productId))[0]).toMatchObject({ status: 'resolved', acknowledged_by: wm.id });
  });

  it('answers 409 alert_resolved for a resolved alert and 404 for an unknown one', async () => {
    const productId = await t.insertProduct({ reorderPoint: 3 });
    await change(productId, 1, 'receipt');
    await change(productId, 10, 'receipt');
    const [alert] = await alertsOf(productId);
    expect(alert!.status).toBe('resolved');
    const res = await acknowledge(alert!.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'alert_resolved', status: 409 });
    expect((await alertsOf(productId))[0]!.acknowledged_at).toBeNull();
    expect((await acknowledge(999_999)).statusCode).toBe(404);
  });

  it('is for admins and warehouse managers only', async () => {
    const productId = await t.insertProduct({ reorderPoint: 3 });
    await change(productId, 1, 'receipt');
    const [alert] = await alertsOf(productId);
    expect((await acknowledge(alert!.id, sales.token)).statusCode).toBe(403);
    expect((await acknowledge(alert!.id, customer)).statusCode).toBe(403);
    expect((await acknowledge(alert!.id, null)).statusCode).toBe(401);
    expect((await alertsOf(productId))[0]!.status).toBe('open');
  });
});

describe('listing alerts', () => {
  it('filters by status, type and product, newest first, one page at a time', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const productId = await t.insertProduct({ reorderPoint: 4 });
      await change(productId, i % 2 ? 2 : 1, 'receipt');
      if (i === 4) await change(productId, -1);
      ids.push((await alertsOf(productId))[0]!.id);
    }
    const outOfStock = await listAlerts('type=out_of_stock&status=open&limit=200');
    expect(outOfStock.items.map((a: { id: number }) => a.id)).toContain(ids[4]);
    for (const a of outOfStock.items) expect(a).toMatchObject({ type: 'out_of_stock', status: 'open' });

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number; status: string }[]; nextCursor: string | null } = await listAlerts(
        `status=open&type=low_stock&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(ids.slice(0, 4)));
    expect(seen).not.toContain(ids[4]);
  });

  it('is open to staff, not to customers or anonymous callers', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v1/alerts', token: wm.token })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/alerts', token: customer })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/alerts' })).statusCode).toBe(401);
    const bad = await t.request({ method: 'GET', url: '/api/v1/alerts?status=closed', token: sales.token });
    expect(bad.statusCode).toBe(400);
    const badCursor = await t.request({ method: 'GET', url: '/api/v1/alerts?cursor=nope', token: sales.token });
    expect(badCursor.statusCode).toBe(400);
  });
});
