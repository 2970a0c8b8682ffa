import type { DomainEvent, Order } from '@bodega/contract';
import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness';
import { expireDueOrders } from './expire-orders';
import { startExpiryScheduler } from './expiry-scheduler';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A signed-in user; access tokens last 15 minutes, so each is renewed after the clock moves. */
type Who = { email: string; password: string; customerId: number | null; token: string; at: number };

let t: TestApp;
let clock = 0;
let admin: Who;
let wm: Who;
let sales: Who;

const advance = (ms: number) => {
  t.advance(ms);
  clock++;
};
async function tokenOf(who: Who): Promise<string> {
  if (who.at !== clock) Object.assign(who, { token: (await t.login(who.email, who.password)).accessToken, at: clock });
  return who.token;
}
const staff = async (role: 'warehouse_manager' | 'sales_staff'): Promise<Who> => ({
  ...(await t.createStaff(role)),
  customerId: null,
  at: clock,
});
async function newCustomer(): Promise<Who> {
  const c = await t.registerCustomer();
  return { email: c.user.email, password: c.password, customerId: c.user.customerId, token: c.accessToken, at: clock };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = { ...ADMIN, customerId: null, token: await t.adminToken(), at: clock };
  wm = await staff('warehouse_manager');
  sales = await staff('sales_staff');
});
afterAll(() => t?.close());
// Every test starts from the default settings, whatever the one before changed.
afterEach(async () => {
  await t.ctx.db.deleteFrom('settings').execute();
});

async function stocked(quantity: number) {
  const id = await t.insertProduct({ priceCents: 1000 });
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/stock/receipts',
    token: await tokenOf(wm),
    payload: { lines: [{ productId: id, quantity, unitCostCents: 400 }] },
  });
  expect(res.statusCode).toBe(201);
  return id;
}
const place = async (who: Who, productId: number, quantity: number, extra: object = {}) =>
  t.request({
    method: 'POST',
    url: '/api/v1/orders',
    token: await tokenOf(who),
    payload: { paymentTerms: 'cash', lines: [{ productId, quantity }], ...extra },
  });
const getOrder = async (who: Who, id: number) =>
  (await t.request({ method: 'GET', url: `/api/v1/orders/${id}`, token: await tokenOf(who) })).json<Order>();
const move = async (who: Who, id: number, to: string) =>
  t.request({ method: 'POST', url: `/api/v1/orders/${id}/transitions`, token: await tokenOf(who), payload: { to } });
const level = async (productId: number) =>
  t.ctx.db
    .selectFrom('stock_levels')
    .select(['on_hand', 'reserved'])
    .where('product_id', '=', productId)
    .executeTakeFirstOrThrow();
const movements = async (productId: number) =>
  t.ctx.db.selectFrom('stock_movements').select(['type', 'quantity']).where('product_id', '=', productId).execute();
const auditOf = async (orderId: number) =>
  (
    await t.request({
      method: 'GET',
      url: `/api/v1/audit-log?entity=order&entityId=${orderId}`,
      token: await tokenOf(admin),
    })
  ).json<{ items: { action: string; actorId: number | null; reason: string | null }[] }>().items;
const setSettings = async (payload: object) => {
  const res = await t.request({ method: 'PATCH', url: '/api/v1/settings', token: await tokenOf(admin), payload });
  expect(res.statusCode).toBe(200);
};
const recordEvents = () => {
  const events: DomainEvent[] = [];
  const stop = t.ctx.events.subscribe((e) => events.push(e));
  return { events, stop };
};
const expiredEntry = { from: 'pending', to: 'cancelled', userId: null, reason: 'expired', note: 'expired' };

describe('a customer holding stock with unpaid orders', () => {
  it('loses the reservation when the order expires at its lifetime, and the next buyer gets the stock', async () => {
    const p = await stocked(5);
    const squatter = await newCustomer();
    const buyer = await newCustomer();

    const res = await place(squatter, p, 5);
    expect(res.statusCode).toBe(201);
    const held = res.json<Order>();
    expect(held.status).toBe('pending');
    expect(Date.parse(held.expiresAt!) - Date.parse(held.createdAt)).toBe(DAY);
    expect((await place(buyer, p, 1)).json().code).toBe('insufficient_stock');

    // A minute before the deadline nothing happens.
    advance(DAY - MINUTE);
    await expireDueOrders(t.ctx);
    expect((await getOrder(squatter, held.id)).status).toBe('pending');
    expect(await level(p)).toEqual({ on_hand: 5, reserved: 5 });

    advance(MINUTE);
    const { events, stop } = recordEvents();
    expect(await expireDueOrders(t.ctx)).toBeGreaterThanOrEqual(1);
    stop();

    const expired = await getOrder(squatter, held.id);
    expect(expired).toMatchObject({ status: 'cancelled', expiresAt: null, nextStatuses: [] });
    expect(expired.history.at(-1)).toMatchObject(expiredEntry);
    expect(await level(p)).toEqual({ on_hand: 5, reserved: 0 });
    // Releasing a reservation moves no stock on hand: the ledger is untouched and still adds up.
    expect(await movements(p)).toEqual([{ type: 'receipt', quantity: 5 }]);
    expect(await t.ledgerMismatches()).toEqual([]);
    expect(await auditOf(held.id)).toContainEqual(
      expect.objectContaining({ action: 'order.cancelled', actorId: null, reason: 'expired' }),
    );
    // The same events as a cancellation, after the commit.
    expect(events).toContainEqual({
      name: 'order.updated',
      payload: expect.objectContaining({ id: held.id, status: 'cancelled' }),
    });
    expect(events).toContainEqual({
      name: 'stock.changed',
      payload: expect.objectContaining({ productId: p, reserved: 0, available: 5 }),
    });

    const bought = await place(buyer, p, 5);
    expect(bought.statusCode).toBe(201);
    expect(await level(p)).toEqual({ on_hand: 5, reserved: 5 });
  });

  it('cannot confirm an order past its deadline even before the sweep: 409 order_expired, stock released', async () => {
    const p = await stocked(3);
    const c = await newCustomer();
    const order = (await place(c, p, 3)).json<Order>();
    advance(DAY);

    const res = await move(sales, order.id, 'confirmed');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('order_expired');
    const after = await getOrder(sales, order.id);
    expect(after.status).toBe('cancelled');
    expect(after.history.filter((h) => h.to === 'cancelled')).toEqual([expect.objectContaining(expiredEntry)]);
    expect(await level(p)).toEqual({ on_hand: 3, reserved: 0 });
    const debts = await t.ctx.db.selectFrom('debts').select('id').where('order_id', '=', order.id).execute();
    expect(debts).toEqual([]);

    // Nor can the customer cancel it again, and a later sweep leaves it alone.
    expect((await move(c, order.id, 'cancelled')).statusCode).toBe(409);
    await expireDueOrders(t.ctx);
    expect((await getOrder(sales, order.id)).history).toHaveLength(2);
    expect(await level(p)).toEqual({ on_hand: 3, reserved: 0 });
  });

  it('never expires orders placed by staff, nor confirmed ones', async () => {
    const p = await stocked(10);
    const c = await newCustomer();
    const byStaff = await place(sales, p, 2, { customerId: c.customerId });
    expect(byStaff.statusCode).toBe(201);
    expect(byStaff.json<Order>().expiresAt).toBeNull();
    const own = (await place(c, p, 3)).json<Order>();
    expect(own.expiresAt).not.toBeNull();
    const confirmed = await move(sales, own.id, 'confirmed');
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<Order>().expiresAt).toBeNull();

    advance(30 * DAY);
    await expireDueOrders(t.ctx);
    expect((await getOrder(sales, byStaff.json<Order>().id)).status).toBe('pending');
    expect((await getOrder(c, own.id)).status).toBe('confirmed');
    expect(await level(p)).toEqual({ on_hand: 10, reserved: 5 });
    expect((await move(sales, byStaff.json<Order>().id, 'confirmed')).statusCode).toBe(200);
  });

  it('shows the customer when each pending order expires, in the order and in the list', async () => {
    const p = await stocked(5);
    const c = await newCustomer();
    const order = (await place(c, p, 1)).json<Order>();
    expect((await getOrder(c, order.id)).expiresAt).toBe(order.expiresAt);
    const list = (await t.request({ method: 'GET', url: '/api/v1/orders', token: await tokenOf(c) })).json<{
      items: { id: number; expiresAt: string | null }[];
    }>();
    expect(list.items).toEqual([expect.objectContaining({ id: order.id, expiresAt: order.expiresAt })]);
  });
});

describe('the lifetime setting', () => {
  it('defaults to a day and five pending orders, and refuses values out of bounds', async () => {
    const settings = (await t.request({ method: 'GET', url: '/api/v1/settings', token: await tokenOf(admin) })).json();
    expect(settings).toMatchObject({ pendingOrderLifetimeMinutes: 1440, maxPendingOrdersPerCustomer: 5 });
    for (const payload of [
      { pendingOrderLifetimeMinutes: 4 },
      { pendingOrderLifetimeMinutes: 43_201 },
      { pendingOrderLifetimeMinutes: 1.5 },
      { maxPendingOrdersPerCustomer: 0 },
      { maxPendingOrdersPerCustomer: 'many' },
    ]) {
      const res = await t.request({ method: 'PATCH', url: '/api/v1/settings', token: await tokenOf(admin), payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });

  it('applies a new lifetime to orders placed from then on; earlier orders keep their deadline', async () => {
    const p = await stocked(10);
    const c = await newCustomer();
    const before = (await place(c, p, 1)).json<Order>();
    await setSettings({ pendingOrderLifetimeMinutes: 30 });
    const after = (await place(c, p, 1)).json<Order>();
    expect(Date.parse(after.expiresAt!) - Date.parse(after.createdAt)).toBe(30 * MINUTE);
    expect((await getOrder(c, before.id)).expiresAt).toBe(before.expiresAt);

    advance(30 * MINUTE);
    await expireDueOrders(t.ctx);
    expect((await getOrder(c, after.id)).status).toBe('cancelled');
    expect((await getOrder(c, before.id)).status).toBe('pending');
    expect(await level(p)).toEqual({ on_hand: 10, reserved: 1 });
  });
});

describe('the pending-order limit', () => {
  it('refuses a customer one pending order too many with 409 too_many_pending_orders; staff are not limited', async () => {
    const p = await stocked(50);
    const c = await newCustomer();
    const placed: Order[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await place(c, p, 1);
      expect(res.statusCode).toBe(201);
      placed.push(res.json<Order>());
    }
    const refused = await place(c, p, 1);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('too_many_pending_orders');
    expect(await level(p)).toEqual({ on_hand: 50, reserved: 5 });

    expect((await place(sales, p, 1, { customerId: c.customerId })).statusCode).toBe(201);
    expect((await place(sales, p, 1, { customerId: c.customerId })).statusCode).toBe(201);

    // A confirmed or cancelled order frees a place.
    expect((await move(sales, placed[0]!.id, 'confirmed')).statusCode).toBe(200);
    expect((await place(c, p, 1)).statusCode).toBe(201);
    expect((await move(c, placed[1]!.id, 'cancelled')).statusCode).toBe(200);
    expect((await place(c, p, 1)).statusCode).toBe(201);
    expect((await place(c, p, 1)).json().code).toBe('too_many_pending_orders');

    // So does an expired one, even before the sweep reaches it.
    advance(DAY);
    expect((await place(c, p, 1)).statusCode).toBe(201);
  });

  it('holds under 100 concurrent placements by one customer', async () => {
    await setSettings({ maxPendingOrdersPerCustomer: 3 });
    const p = await stocked(200);
    const c = await newCustomer();
    const results = await Promise.all(Array.from({ length: 100 }, () => place(c, p, 1)));
    const codes = results.map((r) => (r.statusCode === 201 ? 201 : r.json().code));
    expect(codes.filter((x) => x === 201)).toHaveLength(3);
    expect(codes.filter((x) => x === 'too_many_pending_orders')).toHaveLength(97);
    const pending = await t.ctx.db
      .selectFrom('orders')
      .select('id')
      .where('customer_id', '=', c.customerId)
      .where('status', '=', 'pending')
      .execute();
    expect(pending).toHaveLength(3);
    expect(await level(p)).toEqual({ on_hand: 200, reserved: 3 });
  });
});

describe('the sweep', () => {
  it('expires each order exactly once when several sweeps and a confirmation race', async () => {
    const p = await stocked(10);
    const orders: Order[] = [];
    for (let i = 0; i < 4; i++) orders.push((await place(await newCustomer(), p, 2)).json<Order>());
    advance(DAY);

    const { events, stop } = recordEvents();
    const [confirm, ...sweeps] = await Promise.all([
      move(sales, orders[0]!.id, 'confirmed'),
      expireDueOrders(t.ctx),
      expireDueOrders(t.ctx),
      expireDueOrders(t.ctx),
      expireDueOrders(t.ctx),
    ]);
    stop();
    expect(confirm.statusCode).toBe(409);
    expect(['order_expired', 'invalid_transition']).toContain(confirm.json().code);
    // Of the four orders, the confirmation attempt expired at most one itself; the sweeps the rest.
    expect((sweeps as number[]).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);

    for (const order of orders) {
      const after = await getOrder(sales, order.id);
      expect(after.status).toBe('cancelled');
      expect(after.history.filter((h) => h.to === 'cancelled')).toEqual([expect.objectContaining(expiredEntry)]);
      expect((await auditOf(order.id)).filter((a) => a.action === 'order.cancelled')).toHaveLength(1);
      expect(
        events.filter(
          (e) => e.name === 'order.updated' && e.payload.id === order.id && e.payload.status === 'cancelled',
        ),
      ).toHaveLength(1);
    }
    expect(await level(p)).toEqual({ on_hand: 10, reserved: 0 });
    expect(await t.ledgerMismatches()).toEqual([]);
  });

  it('runs on its own every interval once enabled, and stops when the app closes', async () => {
    const p = await stocked(2);
    const order = (await place(await newCustomer(), p, 2)).json<Order>();
    advance(DAY);
    const server = Fastify();
    startExpiryScheduler(t.ctx, server, { enabled: true, firstRunDelayMs: 0, intervalMs: 20 });
    await server.ready();
    for (let i = 0; i < 200 && (await getOrder(sales, order.id)).status === 'pending'; i++)
      await new Promise((r) => setTimeout(r, 25));
    await server.close();
    expect((await getOrder(sales, order.id)).status).toBe('cancelled');
    expect(await level(p)).toEqual({ on_hand: 2, reserved: 0 });
  });
});
