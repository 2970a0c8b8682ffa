import type { Order } from '@bodega/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: string;
let wm: string;
let sales: string;
let salesLogin: { email: string; password: string };
let customer: { token: string; customerId: number };

beforeAll(async () => {
  t = await createTestApp({ RETURN_WINDOW_DAYS: '30' });
  admin = await t.adminToken();
  wm = (await t.createStaff('warehouse_manager')).token;
  const staff = await t.createStaff('sales_staff');
  sales = staff.token;
  salesLogin = staff;
  const c = await t.registerCustomer();
  customer = { token: c.accessToken, customerId: c.user.customerId! };
  await t.request({
    method: 'PATCH',
    url: `/api/v1/customers/${customer.customerId}`,
    token: sales,
    payload: { creditLimitCents: 10_000_000 },
  });
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, token, ...(payload ? { payload } : {}) });
const onHand = async (productId: number) =>
  (
    await t.ctx.db
      .selectFrom('stock_levels')
      .select('on_hand')
      .where('product_id', '=', productId)
      .executeTakeFirstOrThrow()
  ).on_hand;

/** A delivered credit order of `quantity` units of a fresh product priced 333 cents + 10 % tax. */
async function delivered(quantity: number) {
  const p = await t.insertProduct({ priceCents: 333 });
  await t.ctx.db.updateTable('products').set({ tax_rate_bp: 1000 }).where('id', '=', p).execute();
  await api('POST', '/stock/receipts', wm, { lines: [{ productId: p, quantity: 20, unitCostCents: 100 }] });
  const order = (
    await api('POST', '/orders', customer.token, { paymentTerms: 'credit', lines: [{ productId: p, quantity }] })
  ).json<Order>();
  for (const [token, to] of [
    [sales, 'confirmed'],
    [wm, 'processing'],
    [wm, 'shipped'],
    [wm, 'delivered'],
  ] as const) {
    expect((await api('POST', `/orders/${order.id}/transitions`, token, { to })).statusCode).toBe(200);
  }
  return { productId: p, order };
}

describe('returns', () => {
  it('credit exactly the line total when every unit comes back, resellable to stock and damaged not', async () => {
    const { productId, order } = await delivered(3);
    expect(await onHand(productId)).toBe(17);
    const first = await api('POST', `/orders/${order.id}/returns`, sales, {
      reason: 'wrong size',
      lines: [
        { productId, quantity: 1, condition: 'resellable' },
        { productId, quantity: 1, condition: 'damaged' },
      ],
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'open', number: expect.stringMatching(/^RET-\d{8}-\d{4,}$/) });
    const second = (
      await api('POST', `/orders/${order.id}/returns`, sales, {
        reason: 'late',
        lines: [{ productId, quantity: 1, condition: 'resellable' }],
      })
    ).json();
    const lineTotal = order.lines[0]!.totalCents; // 3 × 333 = 999 + 100 tax = 1099
    expect(first.json().creditCents + second.creditCents).toBe(lineTotal);
    // Receiving puts only the resellable units back.
    const received = await api('POST', `/returns/${first.json().id}/receive`, wm);
    expect(received.json()).toMatchObject({ status: 'received', receivedAt: expect.any(String) });
    expect(await onHand(productId)).toBe(18);
    const movement = await t.ctx.db
      .selectFrom('stock_movements')
      .selectAll()
      .where('product_id', '=', productId)
      .where('type', '=', 'return')
      .execute();
    expect(movement).toEqual([
      expect.objectContaining({ quantity: 1, reference: first.json().number, unit_cost_cents: 100 }),
    ]);
    expect((await api('POST', `/returns/${first.json().id}/receive`, wm)).statusCode).toBe(409);
    expect(await t.ledgerMismatches()).toEqual([]);
  });

  it('refuse more than was delivered minus earlier returns, even when two race', async () => {
    const { productId, order } = await delivered(2);
    const body = { reason: 'defect', lines: [{ productId, quantity: 2, condition: 'resellable' }] };
    const [a, b] = await Promise.all([
      api('POST', `/orders/${order.id}/returns`, sales, body),
      api('POST', `/orders/${order.id}/returns`, admin, body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const again = await api('POST', `/orders/${order.id}/returns`, sales, {
      reason: 'x',
      lines: [{ productId, quantity: 1, condition: 'damaged' }],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('return_not_allowed');
    // Withdrawing the open return makes the units returnable again.
    const open = [a, b].find((r) => r.statusCode === 201)!.json();
    expect((await api('POST', `/returns/${open.id}/cancel`, sales)).json().status).toBe('cancelled');
    expect(
      (
        await api('POST', `/orders/${order.id}/returns`, sales, {
          reason: 'x',
          lines: [{ productId, quantity: 1, condition: 'damaged' }],
        })
      ).statusCode,
    ).toBe(201);
  });

  it('follow the role matrix: sales open, warehouse receives, customers read their own', async () => {
    const { productId, order } = await delivered(2);
    const body = { reason: 'x', lines: [{ productId, quantity: 1, condition: 'resellable' }] };
    expect((await api('POST', `/orders/${order.id}/returns`, wm, body)).statusCode).toBe(403);
    expect((await api('POST', `/orders/${order.id}/returns`, customer.token, body)).statusCode).toBe(403);
    const ret = (await api('POST', `/orders/${order.id}/returns`, sales, body)).json();
    expect((await api('POST', `/returns/${ret.id}/receive`, sales)).statusCode).toBe(403);
    expect((await api('GET', `/returns/${ret.id}`, customer.token)).json().id).toBe(ret.id);
    const stranger = (await t.registerCustomer()).accessToken;
    expect((await api('GET', `/returns/${ret.id}`, stranger)).statusCode).toBe(404);
    expect((await api('GET', '/returns', stranger)).json().items).toEqual([]);
    expect((await api('GET', `/returns?orderId=${order.id}`, sales)).json().items).toHaveLength(1);
  });
  it('refuse orders not delivered, products not on the order, and the closed window', async () => {
    const { productId, order } = await delivered(1);
    const other = await t.insertProduct();
    expect(
      (
        await api('POST', `/orders/${order.id}/returns`, sales, {
          reason: 'x',
          lines: [{ productId: other, quantity: 1, condition: 'damaged' }],
        })
      ).statusCode,
    ).toBe(409);
    const p2 = await t.insertProduct();
    await api('POST', '/stock/receipts', wm, { lines: [{ productId: p2, quantity: 5, unitCostCents: 1 }] });
    const pending = (
      await api('POST', '/orders', customer.token, { paymentTerms: 'credit', lines: [{ productId: p2, quantity: 1 }] })
    ).json();
    expect(
      (
        await api('POST', `/orders/${pending.id}/returns`, sales, {
          reason: 'x',
          lines: [{ productId: p2, quantity: 1, condition: 'damaged' }],
        })
      ).statusCode,
    ).toBe(409);
    t.advance(31 * 86_400_000);
    // A month later the old tokens have long expired: sign in again.
    sales = (await t.login(salesLogin.email, salesLogin.password)).accessToken;
    const late = await api('POST', `/orders/${order.id}/returns`, sales, {
      reason: 'x',
      lines: [{ productId, quantity: 1, condition: 'resellable' }],
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toContain('30 days');
  });
});
