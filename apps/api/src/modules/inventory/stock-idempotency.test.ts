import type { MovementType } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let wm: string; // warehouse manager token
let otherWm: string;
let admin: string;
let customerId: number;
let mainId: number;
let backId: number;

beforeAll(async () => {
  t = await createTestApp();
  wm = (await t.createStaff('warehouse_manager')).token;
  otherWm = (await t.createStaff('warehouse_manager')).token;
  admin = await t.adminToken();
  customerId = (await t.registerCustomer()).user.customerId!;
  mainId = (await t.ctx.db.selectFrom('locations').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow())
    .id;
  const back = await t.request({
    method: 'POST',
    url: '/api/v1/locations',
    token: wm,
    payload: { code: 'IDEM', name: 'Idempotency room' },
  });
  backId = back.json().id;
});
afterAll(() => t?.close());

const post = (url: string, payload: object, key?: string, token = wm) =>
  t.request({
    method: 'POST',
    url: `/api/v1${url}`,
    token,
    payload,
    headers: key === undefined ? {} : { 'idempotency-key': key },
  });
const onHand = async (productId: number, locationId = mainId) =>
  (
    await t.ctx.db
      .selectFrom('stock_levels')
      .select('on_hand')
      .where('product_id', '=', productId)
      .where('location_id', '=', locationId)
      .executeTakeFirst()
  )?.on_hand ?? 0;
const movements = (productId: number, type: MovementType) =>
  t.ctx.db
    .selectFrom('stock_movements')
    .select(['quantity', 'on_hand_after'])
    .where('product_id', '=', productId)
    .where('type', '=', type)
    .orderBy('id')
    .execute();
const stocked = async (quantity: number) => {
  const p = await t.insertProduct({ priceCents: 1000 });
  expect((await post('/stock/receipts', { lines: [{ productId: p, quantity, unitCostCents: 100 }] })).statusCode).toBe(
    201,
  );
  return p;
};
/** A real sale: an order placed, confirmed and shipped, which takes `quantity` off on-hand. */
async function sell(productId: number, quantity: number) {
  const order = await t.request({
    method: 'POST',
    url: '/api/v1/orders',
    token: admin,
    payload: { customerId, paymentTerms: 'cash', lines: [{ productId, quantity }] },
  });
  expect(order.statusCode, order.body).toBe(201);
  for (const to of ['confirmed', 'processing', 'shipped']) {
    const moved = await t.request({
      method: 'POST',
      url: `/api/v1/orders/${order.json().id}/transitions`,
      token: admin,
      payload: { to },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  }
}

describe('POST /stock/counts with an Idempotency-Key', () => {
  it('10 concurrent identical counts under one key write one count movement and all answer the same', async () => {
    const p = await stocked(10);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => post('/stock/counts', { productId: p, countedQuantity: 7 }, 'count-line-1')),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    const replays = results.filter((r) => r.statusCode === 200);
    expect(replays).toHaveLength(9);
    for (const r of replays) expect(r.headers['idempotent-replayed']).toBe('true');
    const first = results.find((r) => r.statusCode === 201)!.json();
    expect(first.movements).toEqual([expect.objectContaining({ type: 'count', quantity: -3, onHandAfter: 7 })]);
    for (const r of results) expect(r.json()).toEqual(first);
    expect(await movements(p, 'count')).toEqual([{ quantity: -3, on_hand_after: 7 }]);
    expect(await onHand(p)).toBe(7);
    expect(await t.ledgerMismatches()).toEqual([]);
  });

  it('a retry after a sale and an adjustment answers the first count and leaves the stock alone', async () => {
    const p = await stocked(10);
    const body = { productId: p, locationId: mainId, countedQuantity: 8, note: 'shelf A' };
    const first = await post('/stock/counts', body, 'count-after-sale');
    expect(first.statusCode).toBe(201);
    expect(first.json().levels).toEqual([expect.objectContaining({ onHand: 8, available: 8 })]);
    await sell(p, 3);
    expect((await post('/stock/adjustments', { productId: p, quantity: -1, reason: 'damage' })).statusCode).toBe(201);
    expect(await onHand(p)).toBe(4);

    const retry = await post('/stock/counts', body, 'count-after-sale');
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    // The first answer, with the levels of that moment, not the stock of now.
    expect(retry.json()).toEqual(first.json());
    expect(await onHand(p)).toBe(4);
    expect(await movements(p, 'count')).toEqual([{ quantity: -2, on_hand_after: 8 }]);
    expect(await t.ledgerMismatches()).toEqual([]);
  });

  it('refuses the same key with another body, on this endpoint or another, changing nothing', async () => {
    const p = await stocked(10);
    expect((await post('/stock/counts', { productId: p, countedQuantity: 9 }, 'count-reused')).statusCode).toBe(201);
    const other = await post('/stock/counts', { productId: p, countedQuantity: 5 }, 'count-reused');
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    const elsewhere = await post('/stock/adjustments', { productId: p, quantity: -1, reason: 'loss' }, 'count-reused');
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().code).toBe('idempotency_key_reused');
    expect(await onHand(p)).toBe(9);
    expect(await movements(p, 'count')).toHaveLength(1);
    expect(await movements(p, 'adjustment')).toEqual([]);
  });

  it('keeps keys per user, and a refused count does not use up its key', async () => {
    const p = await stocked(10);
    await t.ctx.db.updateTable('stock_levels').set({ reserved: 6 }).where('product_id', '=', p).execute();
    const refused = await post('/stock/counts', { productId: p, countedQuantity: 5 }, 'count-shared');
    expect(refused.statusCode).toBe(409);
    await t.ctx.db.updateTable('stock_levels').set({ reserved: 0 }).where('product_id', '=', p).execute();
    // The same request, now allowed, does the work: the refusal was rolled back with its key.
    expect((await post('/stock/counts', { productId: p, countedQuantity: 5 }, 'count-shared')).statusCode).toBe(201);
    // Another user's key of the same name is their own.
    const theirs = await post('/stock/counts', { productId: p, countedQuantity: 6 }, 'count-shared', otherWm);
    expect(theirs.statusCode).toBe(201);
    expect(await onHand(p)).toBe(6);
  });

  it('without a key, counts every request as before', async () => {
    const p = await stocked(10);
    const body = { productId: p, countedQuantity: 7 };
    const first = await post('/stock/counts', body);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    await sell(p, 2);
    const again = await post('/stock/counts', body);
    expect(again.statusCode).toBe(201);
    expect(again.json().movements).toEqual([expect.objectContaining({ type: 'count', quantity: 2, onHandAfter: 7 })]);
    expect(await movements(p, 'count')).toHaveLength(2);
    expect(await onHand(p)).toBe(7);
  });

  it('refuses a malformed key with 400', async () => {
    const p = await stocked(1);
    const res = await post('/stock/counts', { productId: p, countedQuantity: 1 }, 'has spaces');
    expect(res.statusCode).toBe(400);
  });
});

describe('the other stock operations with an Idempotency-Key', () => {
  it('POST /stock/receipts receives once; a retry answers the first receipt', async () => {
    const p = await t.insertProduct();
    const body = { reference: 'INV-IDEM-1', lines: [{ productId: p, quantity: 5, unitCostCents: 200 }] };
    const [a, b] = await Promise.all([
      post('/stock/receipts', body, 'receipt-1'),
      post('/stock/receipts', body, 'receipt-1'),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json()).toEqual(b.json());
    const retry = await post('/stock/receipts', body, 'receipt-1');
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(a.json());
    expect(await onHand(p)).toBe(5);
    expect(await movements(p, 'receipt')).toHaveLength(1);
    expect(
      (await t.ctx.db.selectFrom('stock_receipts').select('id').where('reference', '=', 'INV-IDEM-1').execute()).length,
    ).toBe(1);
    expect((await post('/stock/receipts', { ...body, reference: 'INV-IDEM-2' }, 'receipt-1')).statusCode).toBe(422);
  });

  it('POST /stock/adjustments adjusts once; a retry answers the first adjustment', async () => {
    const p = await stocked(10);
    const body = { productId: p, quantity: -4, reason: 'loss' };
    const first = await post('/stock/adjustments', body, 'adjust-1');
    expect(first.statusCode).toBe(201);
    await sell(p, 1);
    const retry = await post('/stock/adjustments', body, 'adjust-1');
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await onHand(p)).toBe(5);
    expect(await movements(p, 'adjustment')).toHaveLength(1);
    expect((await post('/stock/adjustments', { ...body, quantity: -5 }, 'adjust-1')).statusCode).toBe(422);
  });

  it('POST /stock/transfers moves once; a retry answers the first transfer', async () => {
    const p = await stocked(10);
    const body = { productId: p, fromLocationId: mainId, toLocationId: backId, quantity: 3 };
    const first = await post('/stock/transfers', body, 'transfer-1');
    expect(first.statusCode).toBe(201);
    const retry = await post('/stock/transfers', body, 'transfer-1');
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await onHand(p)).toBe(7);
    expect(await onHand(p, backId)).toBe(3);
    expect(await movements(p, 'transfer_out')).toHaveLength(1);
    expect((await post('/stock/transfers', { ...body, quantity: 2 }, 'transfer-1')).statusCode).toBe(422);
  });
});
