import type { DomainEvent } from '@bodega/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let wm: string; // warehouse manager token
let mainId: number;
let backId: number;

beforeAll(async () => {
  t = await createTestApp();
  wm = (await t.createStaff('warehouse_manager')).token;
  const locations = (await t.request({ method: 'GET', url: '/api/v1/locations', token: wm })).json().items;
  mainId = locations.find((l: { isDefault: boolean }) => l.isDefault).id;
  const back = await t.request({
    method: 'POST',
    url: '/api/v1/locations',
    token: wm,
    payload: { code: 'BACK', name: 'Back room' },
  });
  backId = back.json().id;
});
afterAll(() => t?.close());

const post = (url: string, payload: object, token: string | null = wm) =>
  t.request({ method: 'POST', url: `/api/v1${url}`, token: token ?? undefined, payload });
const level = async (productId: number, locationId = mainId) => {
  const res = await t.request({
    method: 'GET',
    url: `/api/v1/stock?productId=${productId}&locationId=${locationId}`,
    token: wm,
  });
  return res.json().items[0] ?? { onHand: 0, reserved: 0, available: 0 };
};
const receive = (productId: number, quantity: number, unitCostCents: number, locationId?: number) =>
  post('/stock/receipts', { locationId, lines: [{ productId, quantity, unitCostCents }] });
const cost = async (productId: number) =>
  (await t.ctx.db.selectFrom('products').select('cost_cents').where('id', '=', productId).executeTakeFirstOrThrow())
    .cost_cents;

describe('receipts', () => {
  it('raise on-hand, write receipt rows with the unit cost, and move the average cost', async () => {
    const p = await t.insertProduct();
    const first = await receive(p, 10, 100);
    expect(first.statusCode).toBe(201);
    expect(first.json().movements).toEqual([
      expect.objectContaining({
        productId: p,
        locationId: mainId,
        type: 'receipt',
        quantity: 10,
        onHandAfter: 10,
        unitCostCents: 100,
      }),
    ]);
    expect(await cost(p)).toBe(100);
    await receive(p, 10, 200);
    expect(await cost(p)).toBe(150);
    // Stock in another location weighs in the average too: 20 @ 150 + 20 @ 251 → 200.5 → 201 (half up).
    await receive(p, 20, 251, backId);
    expect(await cost(p)).toBe(201);
    expect(await level(p)).toMatchObject({ onHand: 20, reserved: 0, available: 20 });
    expect(await level(p, backId)).toMatchObject({ onHand: 20 });
  });

  it('takes several lines, repeated products included, in one all-or-nothing receipt', async () => {
    const a = await t.insertProduct();
    const b = await t.insertProduct();
    const res = await post('/stock/receipts', {
      reference: 'INV-77',
      lines: [
        { productId: a, quantity: 5, unitCostCents: 100 },
        { productId: b, quantity: 3, unitCostCents: 50 },
        { productId: a, quantity: 5, unitCostCents: 300 },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(await level(a)).toMatchObject({ onHand: 10 });
    expect(await cost(a)).toBe(200);
    const bad = await post('/stock/receipts', {
      lines: [
        { productId: a, quantity: 5, unitCostCents: 100 },
        { productId: 999_999, quantity: 1, unitCostCents: 1 },
      ],
    });
    expect(bad.statusCode).toBe(404);
    expect(await level(a)).toMatchObject({ onHand: 10 });
  });

  it('refuses zero, negative and fractional quantities and negative costs', async () => {
    const p = await t.insertProduct();
    for (const line of [
      { productId: p, quantity: 0, unitCostCents: 1 },
      { productId: p, quantity: -1, unitCostCents: 1 },
      { productId: p, quantity: 1.5, unitCostCents: 1 },
      { productId: p, quantity: 1, unitCostCents: -1 },
      { productId: p, quantity: '1', unitCostCents: 1 },
    ]) {
      const res = await post('/stock/receipts', { lines: [line] });
      expect(res.statusCode, JSON.stringify(line)).toBe(400);
    }
    expect(await level(p)).toMatchObject({ onHand: 0 });
  });
});

describe('adjustments', () => {
  it('apply a signed quantity with a reason, and refuse going below zero with 409 insufficient_stock', async () => {
    const p = await t.insertProduct();
    await receive(p, 5, 100);
    const down = await post('/stock/adjustments', { productId: p, quantity: -2, reason: 'damage' });
    expect(down.statusCode).toBe(201);
    expect(down.json().movements[0]).toMatchObject({
      type: 'adjustment',
      quantity: -2,
      onHandAfter: 3,
      reason: 'damage',
    });
    const over = await post('/stock/adjustments', { productId: p, quantity: -4, reason: 'loss' });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({
      code: 'insufficient_stock',
      shortages: [{ productId: p, locationId: mainId, requested: 4, available: 3 }],
    });
    expect(await level(p)).toMatchObject({ onHand: 3 });
  });

  it('need a note for "other", a known reason, and a non-zero integer', async () => {
    const p = await t.insertProduct();
    for (const payload of [
      { productId: p, quantity: 1, reason: 'other' },
      { productId: p, quantity: 1, reason: 'theft-ish' },
      { productId: p, quantity: 0, reason: 'found' },
      { productId: p, quantity: 0.5, reason: 'found' },
    ]) {
      expect((await post('/stock/adjustments', payload)).statusCode).toBe(400);
    }
    expect(
      (await post('/stock/adjustments', { productId: p, quantity: 1, reason: 'other', note: 'found behind shelf' }))
        .statusCode,
    ).toBe(201);
  });

  it('cannot take on-hand below what is reserved for orders', async () => {
    const p = await t.insertProduct();
    await receive(p, 5, 100);
    await t.ctx.db.updateTable('stock_levels').set({ reserved: 4 }).where('product_id', '=', p).execute();
    const res = await post('/stock/adjustments', { productId: p, quantity: -2, reason: 'loss' });
    expect(res.statusCode).toBe(409);
    expect(res.json().shortages[0]).toMatchObject({ requested: 2, available: 1 });
  });
});

describe('transfers', () => {
  it('move stock between locations as a transfer_out and a transfer_in with one reference', async () => {
    const p = await t.insertProduct();
    await receive(p, 10, 100);
    const res = await post('/stock/transfers', {
      productId: p,
      fromLocationId: mainId,
      toLocationId: backId,
      quantity: 4,
    });
    expect(res.statusCode).toBe(201);
    const [out, into] = res.json().movements;
    expect(out).toMatchObject({ type: 'transfer_out', quantity: -4, locationId: mainId, onHandAfter: 6 });
    expect(into).toMatchObject({ type: 'transfer_in', quantity: 4, locationId: backId, onHandAfter: 4 });
    expect(out.reference).toBe(into.reference);
    expect(await level(p)).toMatchObject({ onHand: 6 });
    expect(await level(p, backId)).toMatchObject({ onHand: 4 });
  });

  it('refuse the same location, an unknown one, and more than is available — changing nothing', async () => {
    const p = await t.insertProduct();
    await receive(p, 3, 100);
    expect(
      (await post('/stock/transfers', { productId: p, fromLocationId: mainId, toLocationId: mainId, quantity: 1 }))
        .statusCode,
    ).toBe(400);
    expect(
      (await post('/stock/transfers', { productId: p, fromLocationId: mainId, toLocationId: 999_999, quantity: 1 }))
        .statusCode,
    ).toBe(404);
    const res = await post('/stock/transfers', {
      productId: p,
      fromLocationId: mainId,
      toLocationId: backId,
      quantity: 4,
    });
    expect(res.statusCode).toBe(409);
    expect(await level(p)).toMatchObject({ onHand: 3 });
    expect(await level(p, backId)).toMatchObject({ onHand: 0 });
  });
});

describe('counts', () => {
  it('turn the counted quantity into on-hand through a count movement for the difference', async () => {
    const p = await t.insertProduct();
    await receive(p, 10, 100);
    const res = await post('/stock/counts', { productId: p, countedQuantity: 7 });
    expect(res.statusCode).toBe(201);
    expect(res.json().movements[0]).toMatchObject({ type: 'count', quantity: -3, onHandAfter: 7 });
    const same = await post('/stock/counts', { productId: p, countedQuantity: 7 });
    expect(same.json().movements).toEqual([]);
    const up = await post('/stock/counts', { productId: p, countedQuantity: 12 });
    expect(up.json().movements[0]).toMatchObject({ quantity: 5, onHandAfter: 12 });
  });

  it('refuse a count below what is reserved', async () => {
    const p = await t.insertProduct();
    await receive(p, 10, 100);
    await t.ctx.db.updateTable('stock_levels').set({ reserved: 6 }).where('product_id', '=', p).execute();
    const res = await post('/stock/counts', { productId: p, countedQuantity: 5 });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('insufficient_stock');
    expect(await level(p)).toMatchObject({ onHand: 10, reserved: 6 });
  });
});

describe('under concurrency', () => {
  it('50 concurrent adjustments and transfers on one product keep on-hand equal to the ledger and never negative', async () => {
    const p = await t.insertProduct();
    await receive(p, 60, 100);
    await receive(p, 10, 100, backId);
    const ops = Array.from({ length: 50 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return post('/stock/adjustments', { productId: p, quantity: -7, reason: 'loss' });
        case 1:
          return post('/stock/transfers', { productId: p, fromLocationId: mainId, toLocationId: backId, quantity: 5 });
        case 2:
          return post('/stock/transfers', { productId: p, fromLocationId: backId, toLocationId: mainId, quantity: 3 });
        default:
          return post('/stock/adjustments', { productId: p, quantity: -4, reason: 'damage', locationId: backId });
      }
    });
    const results = await Promise.all(ops);
    const statuses = results.map((r) => r.statusCode);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    ).toBe(true);
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().code).toBe('insufficient_stock');
    expect(await t.ledgerMismatches()).toEqual([]);
    const main = await level(p);
    const back = await level(p, backId);
    expect(main.onHand).toBeGreaterThanOrEqual(0);
    expect(back.onHand).toBeGreaterThanOrEqual(0);
    const losses = results.reduce(
      (sum, r, i) =>
        r.statusCode === 201 && i % 4 === 0 ? sum + 7 : r.statusCode === 201 && i % 4 === 3 ? sum + 4 : sum,
      0,
    );
    expect(main.onHand + back.onHand).toBe(70 - losses);
  });
});

describe('events', () => {
  it('publish stock.changed after commit, and nothing for a refused change', async () => {
    const p = await t.insertProduct({ reorderPoint: 2 });
    const seen: DomainEvent[] = [];
    const stop = t.ctx.events.subscribe((e) => seen.push(e));
    try {
      await receive(p, 3, 100);
      expect(seen).toContainEqual({
        name: 'stock.changed',
        payload: { productId: p, locationId: mainId, onHand: 3, reserved: 0, available: 3 },
      });
      seen.length = 0;
      expect((await post('/stock/adjustments', { productId: p, quantity: -9, reason: 'loss' })).statusCode).toBe(409);
      expect(seen).toEqual([]);
      await post('/stock/adjustments', { productId: p, quantity: -1, reason: 'loss' });
      expect(seen.map((e) => e.name)).toEqual(['stock.changed', 'alert.opened']);
    } finally {
      stop();
    }
  });
});

describe('ledger', () => {
  it('lists movements with filters and exports them as CSV, formula-safe', async () => {
    const p = await t.insertProduct();
    await receive(p, 5, 100);
    await post('/stock/adjustments', {
      productId: p,
      quantity: -1,
      reason: 'other',
      note: '=HYPERLINK("http://evil")',
    });
    const list = (await t.request({ method: 'GET', url: `/api/v1/stock/movements?productId=${p}`, token: wm })).json();
    expect(list.items.map((m: { type: string }) => m.type)).toEqual(['adjustment', 'receipt']);
    const byType = (
      await t.request({ method: 'GET', url: `/api/v1/stock/movements?productId=${p}&type=receipt`, token: wm })
    ).json();
    expect(byType.items).toHaveLength(1);
    const csv = await t.request({ method: 'GET', url: `/api/v1/stock/movements?productId=${p}&format=csv`, token: wm });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'id,createdAt,productId,locationId,type,quantity,onHandAfter,unitCostCents,reason,note,reference,userId',
    );
    expect(lines).toHaveLength(3);
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('pages the ledger without repeats', async () => {
    const p = await t.insertProduct();
    for (let i = 0; i < 5; i++) await receive(p, 1, 100);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/stock/movements?productId=${p}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url, token: wm })).json();
      seen.push(...page.items.map((m: { id: number }) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });
});

describe('locations', () => {
  it('keep the default active and refuse to deactivate a location holding stock', async () => {
    expect(
      (await t.request({ method: 'PATCH', url: `/api/v1/locations/${mainId}`, token: wm, payload: { active: false } }))
        .statusCode,
    ).toBe(409);
    const p = await t.insertProduct();
    const shop = (await post('/locations', { code: 'SHOP', name: 'Shop floor' })).json();
    await receive(p, 2, 100, shop.id);
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/locations/${shop.id}`,
      token: wm,
      payload: { active: false },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('location_in_use');
    await post('/stock/transfers', { productId: p, fromLocationId: shop.id, toLocationId: mainId, quantity: 2 });
    const off = await t.request({
      method: 'PATCH',
      url: `/api/v1/locations/${shop.id}`,
      token: wm,
      payload: { active: false },
    });
    expect(off.json()).toMatchObject({ active: false });
    expect((await receive(p, 1, 100, shop.id)).statusCode).toBe(409);
    expect((await post('/locations', { code: 'shop', name: 'Dup' })).statusCode).toBe(409);
  });
});

describe('roles', () => {
  it('let sales staff read stock but not change it; customers and strangers neither', async () => {
    const p = await t.insertProduct();
    const sales = (await t.createStaff('sales_staff')).token;
    const customer = (await t.registerCustomer()).accessToken;
    expect((await t.request({ method: 'GET', url: '/api/v1/stock', token: sales })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/stock/movements', token: sales })).statusCode).toBe(200);
    for (const [token, status] of [
      [sales, 403],
      [customer, 403],
      [null, 401],
    ] as const) {
      expect((await post('/stock/adjustments', { productId: p, quantity: 1, reason: 'found' }, token)).statusCode).toBe(
        status,
      );
      expect(
        (await post('/stock/receipts', { lines: [{ productId: p, quantity: 1, unitCostCents: 1 }] }, token)).statusCode,
      ).toBe(status);
      expect((await post('/locations', { code: 'X1', name: 'X' }, token)).statusCode).toBe(status);
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/stock', token: customer })).statusCode).toBe(403);
    expect(await level(p)).toMatchObject({ onHand: 0 });
  });

  it('audit every stock change with its actor', async () => {
    const p = await t.insertProduct();
    await receive(p, 1, 100);
    const admin = await t.adminToken();
    const res = (
      await t.request({ method: 'GET', url: `/api/v1/audit-log?action=stock.received`, token: admin })
    ).json();
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.items[0].actorId).toEqual(expect.any(Number));
  });
});

describe('receipts and product edits', () => {
  it('move the product version, so an edit from before the receipt cannot overwrite the new cost', async () => {
    const p = await t.insertProduct();
    const before = (await t.request({ method: 'GET', url: `/api/v1/products/${p}`, token: wm })).json();
    await receive(p, 10, 250);
    const stale = await t.request({
      method: 'PATCH',
      url: `/api/v1/products/${p}`,
      token: wm,
      headers: { 'if-match': `"${before.version}"` },
      payload: { costCents: 1 },
    });
    expect(stale.statusCode).toBe(412);
    expect(await cost(p)).toBe(250);
  });
});

describe('GET /stock', () => {
  it('names each level’s product, searches products like GET /products, and filters low stock', async () => {
    const low = await t.insertProduct({ sku: 'ZQX-LOW', name: 'Quokka tape low', reorderPoint: 5 });
    const fine = await t.insertProduct({ sku: 'ZQX-FINE', name: 'Quokka tape fine', reorderPoint: 5 });
    await receive(low, 3, 100);
    await receive(low, 1, 100, backId);
    await receive(fine, 9, 100);
    const list = async (query: string) => {
      const res = await t.request({ method: 'GET', url: `/api/v1/stock?${query}`, token: wm });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { productId: number; locationId: number; sku: string; name: string }[];
    };
    const found = await list('q=quokka');
    expect(found.map((l) => [l.sku, l.locationId])).toEqual([
      ['ZQX-LOW', mainId],
      ['ZQX-LOW', backId],
      ['ZQX-FINE', mainId],
    ]);
    expect(found[0]).toMatchObject({ name: 'Quokka tape low', onHand: 3, available: 3, reorderPoint: 5 });
    // Total available 4 ≤ 5 at both locations; 9 > 5.
    expect((await list('q=quokka&lowStock=true')).map((l) => [l.sku, l.locationId])).toEqual([
      ['ZQX-LOW', mainId],
      ['ZQX-LOW', backId],
    ]);
    expect((await list('q=quokka&lowStock=false')).map((l) => l.sku)).toEqual(['ZQX-FINE']);
    expect((await list(`q=ZQX-FINE&locationId=${backId}`)).length).toBe(0);
    // Keyset paging goes on through the filter.
    const page = (await t.request({ method: 'GET', url: '/api/v1/stock?q=quokka&limit=2', token: wm })).json();
    expect(page.items).toHaveLength(2);
    const rest = await list(`q=quokka&limit=2&cursor=${encodeURIComponent(page.nextCursor)}`);
    expect(rest.map((l) => l.sku)).toEqual(['ZQX-FINE']);
  });
});
