import type { AuthResponse } from '@bodega/contract';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, type TestApp } from '../test/harness';
import {
  connect,
  listen,
  redisAvailable,
  sleep,
  startPeer,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  type Client,
  type Peer,
} from '../test/sockets';

/**
 * Two API servers on one PostgreSQL schema and one Redis, as behind a load balancer. SQLite is
 * one process's file, so this suite belongs to the PostgreSQL project only.
 */
const run = TEST_DB === 'postgres' && (await redisAvailable());
if (TEST_DB !== 'postgres') console.info('scale-out tests run in the postgres project only');

const prefix = uniqueRedisPrefix('scale');
let a: TestApp;
let b: Peer;
let wm: Awaited<ReturnType<TestApp['createStaff']>>;
let sales: Awaited<ReturnType<TestApp['createStaff']>>;
let ana: AuthResponse;
let bruno: AuthResponse;
const clients: Client[] = [];

describe.runIf(run)('several API servers behind one Redis', () => {
  beforeAll(async () => {
    a = await createTestApp({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '4',
    });
    await listen(a.app);
    b = await startPeer(a);
    wm = await a.createStaff('warehouse_manager');
    sales = await a.createStaff('sales_staff');
    ana = await a.registerCustomer({ name: 'Ana' });
    bruno = await a.registerCustomer({ name: 'Bruno' });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await b?.close();
    await a?.close();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const onB = async (token: string) => {
    const client = await connect(b.url, token);
    clients.push(client);
    return client;
  };
  const stocked = async (quantity: number) => {
    const id = await a.insertProduct({ costCents: 321 });
    const res = await a.request({
      method: 'POST',
      url: '/api/v1/stock/receipts',
      token: wm.token,
      payload: { lines: [{ productId: id, quantity, unitCostCents: 321 }] },
    });
    expect(res.statusCode).toBe(201);
    return id;
  };

  it('carries an adjustment committed on server A to a staff socket on server B', async () => {
    const staff = await onB(wm.token);
    const p = await stocked(10);
    const res = await a.request({
      method: 'POST',
      url: '/api/v1/stock/adjustments',
      token: wm.token,
      payload: { productId: p, quantity: -4, reason: 'damage' },
    });
    expect(res.statusCode).toBe(201);
    expect(await staff.next('stock.changed', (e) => e.productId === p && e.onHand === 6)).toMatchObject({
      onHand: 6,
      reserved: 0,
      available: 6,
    });
    // Exactly once: Redis fans out, and neither server sends it twice.
    await sleep(200);
    expect(staff.received.filter((r) => r.name === 'stock.changed' && r.payload.onHand === 6)).toHaveLength(1);
  });

  it("gives a customer on B their own order's updates from A, and nothing of another customer's", async () => {
    const anaSocket = await onB(ana.accessToken);
    const p = await stocked(10);
    const order = (
      await a.request({
        method: 'POST',
        url: '/api/v1/orders',
        token: ana.accessToken,
        payload: { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] },
      })
    ).json();
    const theirs = (
      await b.request({
        method: 'POST',
        url: '/api/v1/orders',
        token: bruno.accessToken,
        payload: { paymentTerms: 'cash', lines: [{ productId: p, quantity: 2 }] },
      })
    ).json();
    const confirmed = await a.request({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/transitions`,
      token: sales.token,
      payload: { to: 'confirmed' },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(await anaSocket.next('order.updated', (e) => e.id === order.id)).toMatchObject({
      customerId: ana.user.customerId,
      status: 'confirmed',
    });
    await a.request({
      method: 'POST',
      url: `/api/v1/orders/${theirs.id}/transitions`,
      token: sales.token,
      payload: { to: 'confirmed' },
    });
    // Marker: a later order of Ana's, placed on A.
    const marker = (
      await a.request({
        method: 'POST',
        url: '/api/v1/orders',
        token: ana.accessToken,
        payload: { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] },
      })
    ).json();
    await anaSocket.next('order.created', (e) => e.id === marker.id);
    await sleep(200);
    const orders = anaSocket.received.filter((r) => r.name.startsWith('order.'));
    expect(orders.every((r) => r.payload.customerId === ana.user.customerId)).toBe(true);
    expect(orders.some((r) => r.payload.id === theirs.id)).toBe(false);
    expect(JSON.stringify(anaSocket.received)).not.toMatch(/cost|onHand|reserved/i);
  });

  it('disconnects, from server A, a disabled user whose socket is on server B', async () => {
    const user = await a.createStaff('sales_staff');
    const socket = await onB(user.token);
    const res = await a.request({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      token: await a.adminToken(),
      payload: { status: 'disabled' },
    });
    expect(res.statusCode).toBe(200);
    expect(await socket.disconnected()).toBe('io server disconnect');
  });

  it('lets exactly 40 of 64 concurrent orders split across both servers take a stock of 40', async () => {
    const p = await stocked(40);
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        (i % 2 ? b : a).request({
          method: 'POST',
          url: '/api/v1/orders',
          token: sales.token,
          payload: { customerId: ana.user.customerId, paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(40);
    expect(statuses.filter((s) => s === 409)).toHaveLength(24);
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().code).toBe('insufficient_stock');
    // Both servers took part in the winners.
    expect(new Set(results.flatMap((r, i) => (r.statusCode === 201 ? [i % 2] : []))).size).toBe(2);
    const level = await a.ctx.db
      .selectFrom('stock_levels')
      .select(['on_hand', 'reserved'])
      .where('product_id', '=', p)
      .executeTakeFirstOrThrow();
    expect(level).toEqual({ on_hand: 40, reserved: 40 });
    expect(await a.ledgerMismatches()).toEqual([]);
  });

  it('counts failed logins on A and on B together', async () => {
    const user = await a.createStaff('warehouse_manager');
    const attempt = (server: TestApp | Peer, password: string) =>
      server.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password },
      });
    // LOGIN_MAX_FAILURES_PER_ACCOUNT is 4 here: two failures on each server use it up.
    for (const server of [a, b, a, b]) expect((await attempt(server, 'wrong-password-1')).statusCode).toBe(401);
    const locked = await attempt(b, user.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('too_many_login_attempts');
    expect((await attempt(a, user.password)).statusCode).toBe(429);
  });

  it('holds the request rate limit across servers', async () => {
    // Two more servers with a small limit and a Redis prefix of their own.
    const limited = {
      rateLimit: { ...a.ctx.config.rateLimit, max: 5 },
      redis: { url: TEST_REDIS_URL, keyPrefix: `${prefix}-rl` },
    };
    const c = await startPeer(a, { config: limited });
    const d = await startPeer(a, { config: limited });
    try {
      const hit = (server: Peer) => server.request({ method: 'GET', url: '/api/v1/openapi.json' });
      for (const server of [c, d, c, d, c]) expect((await hit(server)).statusCode).toBe(200);
      const over = await hit(d);
      expect(over.statusCode).toBe(429);
      expect(over.json().code).toBe('rate_limited');
    } finally {
      await c.close();
      await d.close();
    }
  });
});
