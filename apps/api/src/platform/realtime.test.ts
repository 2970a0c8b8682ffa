import type { AuthResponse } from '@bodega/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';
import { connect, listen, refused, sleep, startPeer, type Client } from '../test/sockets';
import { accessTokenSigner } from './auth/tokens';

let t: TestApp;
let url: string;
let admin: string;
type Staff = Awaited<ReturnType<TestApp['createStaff']>>;
let wm: Staff;
let sales: Staff;
let ana: AuthResponse;
let bruno: AuthResponse;
const clients: Client[] = [];

beforeAll(async () => {
  t = await createTestApp();
  url = await listen(t.app);
  admin = await t.adminToken();
  wm = await t.createStaff('warehouse_manager');
  sales = await t.createStaff('sales_staff');
  ana = await t.registerCustomer({ name: 'Ana' });
  bruno = await t.registerCustomer({ name: 'Bruno' });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t?.close();
});

/** A connected client, closed after the file. */
async function open(token: string | null, options: Parameters<typeof connect>[2] = {}) {
  const client = await connect(url, token, options);
  clients.push(client);
  return client;
}
const post = (token: string, path: string, payload: object) =>
  t.request({ method: 'POST', url: `/api/v1${path}`, token, payload });
async function stocked(quantity: number, fields: Parameters<TestApp['insertProduct']>[0] = {}) {
  const id = await t.insertProduct({ costCents: 777, ...fields });
  const res = await post(wm.token, '/stock/receipts', { lines: [{ productId: id, quantity, unitCostCents: 777 }] });
  expect(res.statusCode).toBe(201);
  return id;
}
const stockOf = (c: Client, productId: number) =>
  c.received.filter((r) => r.name === 'stock.changed' && r.payload.productId === productId);

describe('the handshake', () => {
  it('refuses a socket without a token, with a forged token, an expired one or an ended session', async () => {
    expect((await refused(url, null)).data?.code).toBe('unauthenticated');

    const [head, body] = wm.token.split('.');
    const forgedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), sub: '1' }),
    ).toString('base64url');
    for (const token of [`${head}.${forgedBody}.${wm.token.split('.')[2]}`, 'not-a-jwt-at-all', `${wm.token}x`]) {
      expect((await refused(url, token)).data?.code).toBe('invalid_token');
    }
    // A well-formed token signed with another key, and one with alg "none".
    const otherKey = accessTokenSigner({ ...t.ctx.config, jwtSecret: 'another-secret-another-secret-0123456789' });
    const wrongKey = await otherKey.sign({ userId: wm.id, sessionId: 1 });
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${body}.`;
    for (const token of [wrongKey, none]) expect((await refused(url, token)).data?.code).toBe('invalid_token');

    // Expired: the application's clock moves past the token's 15 minutes.
    t.advance(16 * 60_000);
    try {
      expect((await refused(url, wm.token)).data?.code).toBe('invalid_token');
    } finally {
      t.advance(-16 * 60_000);
    }

    // A session that logged out.
    const ended = (await t.login(wm.email, wm.password)).accessToken;
    expect((await post(ended, '/auth/logout', {})).statusCode).toBe(200);
    expect((await refused(url, ended)).data?.code).toBe('invalid_token');
  });

  it('accepts a live token in auth.token or in an Authorization: Bearer header', async () => {
    const byAuth = await open(wm.token);
    expect(byAuth.socket.connected).toBe(true);
    const byHeader = await open(null, { extraHeaders: { authorization: `Bearer ${wm.token}` } });
    expect(byHeader.socket.connected).toBe(true);
  });
});

describe('staff events', () => {
  it('sends stock.changed with the committed values after an adjustment, and nothing for a refused one', async () => {
    const staff = await open(wm.token);
    const p = await stocked(10);
    const res = await post(wm.token, '/stock/adjustments', { productId: p, quantity: -3, reason: 'damage' });
    expect(res.statusCode).toBe(201);
    const level = res.json().levels[0];
    const event = await staff.next('stock.changed', (e) => e.productId === p && e.onHand === 7);
    expect(event).toEqual({ productId: p, locationId: level.locationId, onHand: 7, reserved: 0, available: 7 });

    const before = stockOf(staff, p).length;
    const over = await post(wm.token, '/stock/adjustments', { productId: p, quantity: -50, reason: 'loss' });
    expect(over.statusCode).toBe(409);
    // A later change to the same product is the marker: events on one socket arrive in order.
    expect(
      (await post(wm.token, '/stock/adjustments', { productId: p, quantity: 1, reason: 'found' })).statusCode,
    ).toBe(201);
    await staff.next('stock.changed', (e) => e.productId === p && e.onHand === 8);
    expect(
      stockOf(staff, p)
        .slice(before)
        .map((r) => r.payload.onHand),
    ).toEqual([8]);
  });

  it('sends nothing for an order rolled back for lack of stock, although its first line could be reserved', async () => {
    const staff = await open(sales.token);
    const plenty = await stocked(5);
    const scarce = await stocked(1);
    await staff.next('stock.changed', (e) => e.productId === scarce);
    const receipts = stockOf(staff, plenty);
    expect(receipts.map((r) => r.payload.onHand)).toEqual([5]);
    const res = await post(ana.accessToken, '/orders', {
      paymentTerms: 'cash',
      lines: [
        { productId: plenty, quantity: 1 },
        { productId: scarce, quantity: 2 },
      ],
    });
    expect(res.statusCode).toBe(409);
    const marker = await post(wm.token, '/stock/adjustments', { productId: scarce, quantity: 1, reason: 'found' });
    expect(marker.statusCode).toBe(201);
    await staff.next('stock.changed', (e) => e.productId === scarce && e.onHand === 2);
    expect(stockOf(staff, plenty)).toEqual(receipts);
    expect(staff.received.filter((r) => r.name === 'order.created')).toEqual([]);
  });

  it('sends alerts to staff who read them and never to customers', async () => {
    const manager = await open(wm.token);
    const customer = await open(ana.accessToken);
    const p = await stocked(10, { reorderPoint: 5 });
    expect(
      (await post(wm.token, '/stock/adjustments', { productId: p, quantity: -6, reason: 'loss' })).statusCode,
    ).toBe(201);
    const alert = await manager.next('alert.opened', (e) => e.productId === p);
    expect(alert).toMatchObject({ productId: p, type: 'low_stock', status: 'open', available: 4, reorderPoint: 5 });
    // The customer sees the availability change (the marker) and no alert.
    await customer.next('stock.changed', (e) => e.productId === p && e.available === 4);
    expect(customer.received.filter((r) => r.name.startsWith('alert.'))).toEqual([]);
  });
});

describe('customer events', () => {
  it('sends a customer their own orders, availability without on-hand or costs, and nothing of another customer', async () => {
    const anaSocket = await open(ana.accessToken);
    const brunoSocket = await open(bruno.accessToken);
    const staff = await open(sales.token);
    const p = await stocked(20, { costCents: 999 });

    const mine = (
      await post(ana.accessToken, '/orders', { paymentTerms: 'cash', lines: [{ productId: p, quantity: 2 }] })
    ).json();
    const theirs = (
      await post(bruno.accessToken, '/orders', { paymentTerms: 'cash', lines: [{ productId: p, quantity: 3 }] })
    ).json();
    expect(await anaSocket.next('order.created', (e) => e.id === mine.id)).toEqual({
      id: mine.id,
      number: mine.number,
      customerId: ana.user.customerId,
      status: 'pending',
      totalCents: mine.totalCents,
      paidCents: 0,
    });
    const confirmed = await post(sales.token, `/orders/${mine.id}/transitions`, { to: 'confirmed' });
    expect(confirmed.statusCode).toBe(200);
    expect(await anaSocket.next('order.updated', (e) => e.id === mine.id)).toMatchObject({ status: 'confirmed' });
    // Bruno's order, then his cancellation, then a marker for Ana: her socket got none of his.
    expect((await post(bruno.accessToken, `/orders/${theirs.id}/transitions`, { to: 'cancelled' })).statusCode).toBe(
      200,
    );
    await brunoSocket.next('order.updated', (e) => e.id === theirs.id && e.status === 'cancelled');
    const marker = (
      await post(ana.accessToken, '/orders', { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] })
    ).json();
    await anaSocket.next('order.created', (e) => e.id === marker.id);
    await sleep(200);

    const anaOrders = anaSocket.received.filter((r) => r.name.startsWith('order.'));
    expect(anaOrders.map((r) => r.payload.customerId)).toEqual(anaOrders.map(() => ana.user.customerId));
    expect(anaOrders.some((r) => r.payload.id === theirs.id)).toBe(false);
    expect(brunoSocket.received.some((r) => r.name.startsWith('order.') && r.payload.id === mine.id)).toBe(false);
    // Staff see both customers' orders.
    await staff.next('order.created', (e) => e.id === theirs.id);
    await staff.next('order.updated', (e) => e.id === mine.id);

    // Availability: the three keys only; never on-hand, reserved or any cost.
    const availability = anaSocket.received.filter((r) => r.name === 'stock.changed' && r.payload.productId === p);
    expect(availability.length).toBeGreaterThan(0);
    for (const r of availability)
      expect(Object.keys(r.payload).sort()).toEqual(['available', 'locationId', 'productId']);
    for (const socket of [anaSocket, brunoSocket]) {
      const everything = JSON.stringify(socket.received);
      expect(everything).not.toMatch(/cost/i);
      expect(everything).not.toContain('onHand');
      expect(everything).not.toContain('reserved');
    }
  });

  it('routes payments to the customer and to staff who read receivables, never to another customer', async () => {
    const anaSocket = await open(ana.accessToken);
    const brunoSocket = await open(bruno.accessToken);
    const seller = await open(sales.token);
    const manager = await open(wm.token);
    const payment = {
      id: 9001,
      customerId: ana.user.customerId!,
      amountCents: 500,
      orderIds: [],
      balanceCents: 0,
    };
    t.ctx.events.publish({ name: 'payment.recorded', payload: payment });
    expect(await anaSocket.next('payment.recorded', (e) => e.id === 9001)).toEqual(payment);
    expect(await seller.next('payment.recorded', (e) => e.id === 9001)).toEqual(payment);
    // Markers: a later event that each of the others does receive.
    const p = await stocked(1);
    await brunoSocket.next('stock.changed', (e) => e.productId === p);
    await manager.next('stock.changed', (e) => e.productId === p);
    expect(brunoSocket.received.some((r) => r.name === 'payment.recorded')).toBe(false);
    expect(manager.received.some((r) => r.name === 'payment.recorded')).toBe(false);
  });
});

describe('payments through the API', () => {
  it('sends payment.recorded when a payment is taken, and payment.voided (not a second recorded) when it is voided', async () => {
    const customerId = ana.user.customerId!;
    const p = await stocked(5);
    const placed = await post(sales.token, '/orders', {
      customerId,
      paymentTerms: 'cash',
      lines: [{ productId: p, quantity: 1 }],
    });
    expect(placed.statusCode).toBe(201);
    expect((await post(sales.token, `/orders/${placed.json().id}/transitions`, { to: 'confirmed' })).statusCode).toBe(
      200,
    );
    const anaSocket = await open(ana.accessToken);
    const seller = await open(sales.token);
    const paid = await post(sales.token, '/payments', { customerId, amountCents: 100, method: 'cash' });
    expect(paid.statusCode).toBe(201);
    const paymentId = paid.json().id as number;
    const recorded = await anaSocket.next('payment.recorded', (e) => e.id === paymentId);
    expect(recorded).toMatchObject({ customerId, amountCents: 100 });

    expect((await post(sales.token, `/payments/${paymentId}/void`, { reason: 'cheque bounced' })).statusCode).toBe(200);
    const voided = await anaSocket.next('payment.voided', (e) => e.id === paymentId);
    expect(voided).toEqual({ ...recorded, balanceCents: recorded.balanceCents + 100 });
    expect(await seller.next('payment.voided', (e) => e.id === paymentId)).toEqual(voided);
    // The order whose paid amount went back down follows the void.
    await anaSocket.next('order.updated', (e) => e.id === voided.orderIds[0] && e.paidCents === 0);
    const recordedTimes = anaSocket.received.filter((r) => r.name === 'payment.recorded' && r.payload.id === paymentId);
    expect(recordedTimes).toHaveLength(1);
  });
});

describe('ending access', () => {
  it('disconnects every socket of a user who is disabled, and refuses them afterwards', async () => {
    const victim = await t.createStaff('sales_staff');
    const first = await open(victim.token);
    const second = await open((await t.login(victim.email, victim.password)).accessToken);
    const bystander = await open(sales.token);
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${victim.id}`,
      token: admin,
      payload: { status: 'disabled' },
    });
    expect(res.statusCode).toBe(200);
    expect(await first.disconnected()).toBe('io server disconnect');
    expect(await second.disconnected()).toBe('io server disconnect');
    expect((await refused(url, victim.token)).data?.code).toBe('invalid_token');
    expect(bystander.socket.connected).toBe(true);
  });

  it('disconnects the socket of a session that logs out, and only that one', async () => {
    const user = await t.createStaff('warehouse_manager');
    const other = (await t.login(user.email, user.password)).accessToken;
    const leaving = await open(user.token);
    const staying = await open(other);
    expect((await post(user.token, '/auth/logout', {})).statusCode).toBe(200);
    expect(await leaving.disconnected()).toBe('io server disconnect');
    await sleep(100);
    expect(staying.socket.connected).toBe(true);
  });

  it("disconnects on a role change, so that the socket comes back into the new role's rooms", async () => {
    const user = await t.createStaff('warehouse_manager');
    const socket = await open(user.token);
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      token: admin,
      payload: { role: 'sales_staff' },
    });
    expect(res.statusCode).toBe(200);
    expect(await socket.disconnected()).toBe('io server disconnect');
    const again = await open(user.token);
    t.ctx.events.publish({
      name: 'payment.recorded',
      payload: {
        id: 9002,
        customerId: ana.user.customerId!,
        amountCents: 1,
        orderIds: [],
        balanceCents: 0,
      },
    });
    await again.next('payment.recorded', (e) => e.id === 9002);
  });

  it('drops, on its periodic check, a socket whose session ended without an event', async () => {
    const peer = await startPeer(t, { realtime: { sweepIntervalMs: 100 } });
    try {
      const user = await t.createStaff('warehouse_manager');
      const session = await connect(peer.url, user.token);
      await t.ctx.db
        .updateTable('sessions')
        .set({ revoked_at: new Date().toISOString(), revoked_reason: 'test' })
        .where('user_id', '=', user.id)
        .execute();
      expect(await session.disconnected(3_000)).toBe('io server disconnect');
    } finally {
      await peer.close();
    }
  });
});

describe('closing the server', () => {
  it('disconnects its sockets and closes promptly', async () => {
    const peer = await startPeer(t);
    const socket = await connect(peer.url, wm.token);
    const started = Date.now();
    await peer.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(['transport close', 'io server disconnect']).toContain(await socket.disconnected());
    expect((await refused(peer.url, wm.token, { timeout: 1_000 })).message).toBeTruthy();
  });
});
