import type { Order } from '@bodega/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, pdfText, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: string;
let wm: string;
let sales: string;
let customer: { token: string; customerId: number };
let other: { token: string; customerId: number };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  wm = (await t.createStaff('warehouse_manager')).token;
  sales = (await t.createStaff('sales_staff')).token;
  const c = await t.registerCustomer();
  customer = { token: c.accessToken, customerId: c.user.customerId! };
  const o = await t.registerCustomer();
  other = { token: o.accessToken, customerId: o.user.customerId! };
  // These customers hold many pending orders at once; the limit has its own tests (order-expiry.test.ts).
  const limit = await t.request({
    method: 'PATCH',
    url: '/api/v1/settings',
    token: admin,
    payload: { maxPendingOrdersPerCustomer: 1000 },
  });
  expect(limit.statusCode).toBe(200);
});
afterAll(() => t?.close());

async function stocked(quantity: number, fields: Parameters<TestApp['insertProduct']>[0] = {}) {
  const id = await t.insertProduct({ priceCents: 1000, ...fields });
  if (quantity > 0) {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/stock/receipts',
      token: wm,
      payload: { lines: [{ productId: id, quantity, unitCostCents: 400 }] },
    });
    expect(res.statusCode).toBe(201);
  }
  return id;
}
const place = (token: string, payload: object, headers: Record<string, string> = {}) =>
  t.request({ method: 'POST', url: '/api/v1/orders', token, payload, headers });
const move = (token: string, id: number, to: string, extra: object = {}) =>
  t.request({ method: 'POST', url: `/api/v1/orders/${id}/transitions`, token, payload: { to, ...extra } });
const level = async (productId: number) =>
  t.ctx.db
    .selectFrom('stock_levels')
    .select(['on_hand', 'reserved'])
    .where('product_id', '=', productId)
    .executeTakeFirstOrThrow();
const movementCount = async (productId: number) =>
  (await t.ctx.db.selectFrom('stock_movements').select('id').where('product_id', '=', productId).execute()).length;

describe('placing an order', () => {
  it('prices from the catalog, merges repeated products, and reserves stock', async () => {
    const a = await stocked(10, { priceCents: 1999 });
    await t.ctx.db.updateTable('products').set({ tax_rate_bp: 1600 }).where('id', '=', a).execute();
    const b = await stocked(10, { priceCents: 250 });
    const res = await place(customer.token, {
      paymentTerms: 'cash',
      lines: [
        { productId: a, quantity: 2 },
        { productId: b, quantity: 2 },
        { productId: a, quantity: 1 },
      ],
    });
    expect(res.statusCode).toBe(201);
    const order = res.json<Order>();
    expect(order.number).toMatch(/^ORD-\d{8}-\d{4,}$/);
    expect(order).toMatchObject({
      customerId: customer.customerId,
      status: 'pending',
      subtotalCents: 6497,
      taxCents: 960,
      totalCents: 7457,
      paidCents: 0,
      balanceCents: 7457,
      paymentStatus: 'unpaid',
      nextStatuses: ['cancelled'],
    });
    expect(order.lines.map((l) => [l.productId, l.quantity, l.unitPriceCents])).toEqual([
      [a, 3, 1999],
      [b, 2, 250],
    ]);
    expect(order.history).toEqual([expect.objectContaining({ from: null, to: 'pending' })]);
    expect(await level(a)).toEqual({ on_hand: 10, reserved: 3 });
  });

  it('ignores nothing it should not: a client price, total or status is a 400 and changes nothing', async () => {
    const p = await stocked(5);
    for (const payload of [
      { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1, unitPriceCents: 1 }] },
      { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }], totalCents: 1 },
      { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }], status: 'delivered' },
    ]) {
      const res = await place(customer.token, payload);
      expect(res.statusCode).toBe(400);
    }
    expect(await level(p)).toEqual({ on_hand: 5, reserved: 0 });
  });

  it('refuses zero, negative and fractional quantities, archived products and inactive customers', async () => {
    const p = await stocked(5);
    for (const quantity of [0, -1, 1.5]) {
      expect(
        (await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity }] })).statusCode,
      ).toBe(400);
    }
    const archived = await stocked(5, { active: false });
    const res = await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: archived, quantity: 1 }] });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('product_archived');
    const inactive = (
      await t.request({
        method: 'POST',
        url: '/api/v1/customers',
        token: sales,
        payload: { name: 'Dormant', active: false },
      })
    ).json();
    const r2 = await place(sales, {
      customerId: inactive.id,
      paymentTerms: 'cash',
      lines: [{ productId: p, quantity: 1 }],
    });
    expect(r2.statusCode).toBe(409);
    expect(r2.json().code).toBe('customer_inactive');
    expect(await level(p)).toEqual({ on_hand: 5, reserved: 0 });
  });

  it('refuses the same product on two lines whose sum exceeds stock, listing the shortage', async () => {
    const p = await stocked(5);
    const res = await place(customer.token, {
      paymentTerms: 'cash',
      lines: [
        { productId: p, quantity: 3 },
        { productId: p, quantity: 3 },
      ],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'insufficient_stock',
      shortages: [{ productId: p, requested: 6, available: 5 }],
    });
    expect(await level(p)).toEqual({ on_hand: 5, reserved: 0 });
  });

  it('lists every short line and reserves none when one line is short', async () => {
    const a = await stocked(5);
    const b = await stocked(1);
    const c = await stocked(0);
    const res = await place(customer.token, {
      paymentTerms: 'cash',
      lines: [
        { productId: a, quantity: 2 },
        { productId: b, quantity: 2 },
        { productId: c, quantity: 1 },
      ],
    });
    expect(res.statusCode).toBe(409);
    expect(
      res
        .json()
        .shortages.map((s: { productId: number }) => s.productId)
        .sort(),
    ).toEqual([b, c].sort());
    expect(await level(a)).toEqual({ on_hand: 5, reserved: 0 });
  });

  it('lets staff order for any active customer, customers only for themselves', async () => {
    const p = await stocked(5);
    const bySales = await place(sales, {
      customerId: other.customerId,
      paymentTerms: 'cash',
      lines: [{ productId: p, quantity: 1 }],
    });
    expect(bySales.json().customerId).toBe(other.customerId);
    const noCustomer = await place(sales, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] });
    expect(noCustomer.statusCode).toBe(400);
    const forOther = await place(customer.token, {
      customerId: other.customerId,
      paymentTerms: 'cash',
      lines: [{ productId: p, quantity: 1 }],
    });
    expect(forOther.statusCode).toBe(403);
    expect(
      (await place(wm, { customerId: other.customerId, paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] }))
        .statusCode,
    ).toBe(403);
  });

  it('needs an admin for a discount over 20 %, and staff for any discount or shipping', async () => {
    const p = await stocked(10);
    const body = (percent: number) => ({
      customerId: other.customerId,
      paymentTerms: 'cash',
      lines: [{ productId: p, quantity: 1 }],
      discount: { type: 'percent', percent, reason: 'loyal customer' },
      shippingCents: 500,
    });
    expect((await place(sales, body(20))).json()).toMatchObject({
      discountCents: 200,
      shippingCents: 500,
      totalCents: 1300,
    });
    const over = await place(sales, body(25));
    expect(over.statusCode).toBe(403);
    expect(over.json().code).toBe('discount_needs_admin');
    expect((await place(admin, body(25))).json()).toMatchObject({ discountCents: 250 });
    const own = await place(customer.token, {
      paymentTerms: 'cash',
      lines: [{ productId: p, quantity: 1 }],
      shippingCents: 0,
    });
    expect(own.statusCode).toBe(403);
  });

  it('checks credit terms against the credit limit', async () => {
    const p = await stocked(10);
    const noCredit = await place(customer.token, { paymentTerms: 'credit', lines: [{ productId: p, quantity: 1 }] });
    expect(noCredit.statusCode).toBe(409);
    expect(noCredit.json().code).toBe('credit_limit_exceeded');
    await t.request({
      method: 'PATCH',
      url: `/api/v1/customers/${customer.customerId}`,
      token: sales,
      payload: { creditLimitCents: 1500 },
    });
    expect(
      (await place(customer.token, { paymentTerms: 'credit', lines: [{ productId: p, quantity: 1 }] })).statusCode,
    ).toBe(201);
    expect(
      (await place(customer.token, { paymentTerms: 'credit', lines: [{ productId: p, quantity: 2 }] })).statusCode,
    ).toBe(409);
  });
});

describe('under concurrency', () => {
  it('200 orders for 1 unit against stock 50: exactly 50 succeed and nothing else changes', async () => {
    const p = await stocked(50);
    const movementsBefore = await movementCount(p);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        place(i % 2 ? customer.token : other.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(50);
    expect(codes.filter((c) => c === 409)).toHaveLength(150);
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().code).toBe('insufficient_stock');
    expect(await level(p)).toEqual({ on_hand: 50, reserved: 50 });
    expect(await movementCount(p)).toBe(movementsBefore);
    const lines = await t.ctx.db.selectFrom('order_lines').select('quantity').where('product_id', '=', p).execute();
    expect(lines.reduce((a, l) => a + l.quantity, 0)).toBe(50);
  });

  it('orders of 3 lines over 5 products never oversell and never surface a deadlock', async () => {
    const products = await Promise.all(Array.from({ length: 5 }, () => stocked(30)));
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const picks = [products[i % 5]!, products[(i + 1) % 5]!, products[(i + 3) % 5]!];
        return place(i % 2 ? customer.token : other.token, {
          paymentTerms: 'cash',
          lines: picks.map((productId, k) => ({ productId, quantity: 1 + ((i + k) % 3) })),
        });
      }),
    );
    const codes = results.map((r) => r.statusCode);
    expect(
      codes.every((c) => c === 201 || c === 409),
      codes.join(','),
    ).toBe(true);
    for (const p of products) {
      const l = await level(p);
      const reservedByOrders = await t.ctx.db
        .selectFrom('order_lines as ol')
        .innerJoin('orders as o', 'o.id', 'ol.order_id')
        .select((eb) => eb.fn.sum<number>('ol.quantity').as('q'))
        .where('ol.product_id', '=', p)
        .where('o.status', '=', 'pending')
        .executeTakeFirstOrThrow();
      expect(l.reserved).toBe(Number(reservedByOrders.q ?? 0));
      expect(l.reserved).toBeLessThanOrEqual(l.on_hand);
    }
  });

  it('20 concurrent retries with one Idempotency-Key create one order; another body with that key is a 422', async () => {
    const p = await stocked(100);
    const body = { paymentTerms: 'cash', lines: [{ productId: p, quantity: 2 }] };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => place(customer.token, body, { 'idempotency-key': 'checkout-42' })),
    );
    const ids = new Set(results.map((r) => r.json().id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 200 && r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await level(p)).toEqual({ on_hand: 100, reserved: 2 });
    const changed = await place(
      customer.token,
      { ...body, lines: [{ productId: p, quantity: 3 }] },
      { 'idempotency-key': 'checkout-42' },
    );
    expect(changed.statusCode).toBe(422);
    expect(changed.json().code).toBe('idempotency_key_reused');
    // Keys are per user: another customer may use the same key.
    expect((await place(other.token, body, { 'idempotency-key': 'checkout-42' })).statusCode).toBe(201);
  });

  it('100 concurrent orders get 100 distinct numbers', async () => {
    const p = await stocked(200);
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] }),
      ),
    );
    const numbers = results.map((r) => r.json().number);
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(numbers).size).toBe(100);
  });

  it('two racing cancels release the reserved stock exactly once', async () => {
    const p = await stocked(10);
    const order = (
      await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 4 }] })
    ).json();
    expect((await move(sales, order.id, 'confirmed')).statusCode).toBe(200);
    const [a, b] = await Promise.all([move(sales, order.id, 'cancelled'), move(admin, order.id, 'cancelled')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(await level(p)).toEqual({ on_hand: 10, reserved: 0 });
  });
});

describe('the workflow', () => {
  it('confirms, processes, ships (a sale movement per line) and delivers, recording history', async () => {
    const p = await stocked(10);
    const order = (
      await place(sales, { customerId: other.customerId, paymentTerms: 'cash', lines: [{ productId: p, quantity: 3 }] })
    ).json();
    expect((await move(sales, order.id, 'confirmed')).json().nextStatuses).toEqual(['cancelled']);
    expect((await move(wm, order.id, 'processing')).statusCode).toBe(200);
    const shipped = await move(wm, order.id, 'shipped', { note: 'courier 123' });
    expect(shipped.json().status).toBe('shipped');
    expect(await level(p)).toEqual({ on_hand: 7, reserved: 0 });
    const sale = await t.ctx.db
      .selectFrom('stock_movements')
      .selectAll()
      .where('product_id', '=', p)
      .where('type', '=', 'sale')
      .execute();
    expect(sale).toEqual([
      expect.objectContaining({ quantity: -3, on_hand_after: 7, reference: order.number, unit_cost_cents: 400 }),
    ]);
    // Unpaid cash order: only an admin with a reason may deliver it.
    const refused = await move(wm, order.id, 'delivered');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('unpaid_cash_order');
    expect((await move(admin, order.id, 'delivered')).statusCode).toBe(409);
    const delivered = await move(admin, order.id, 'delivered', { reason: 'paid in person, receipt to follow' });
    expect(delivered.statusCode).toBe(200);
    expect(delivered.json().history.map((h: { to: string }) => h.to)).toEqual([
      'pending',
      'confirmed',
      'processing',
      'shipped',
      'delivered',
    ]);
    expect(delivered.json().history.at(-1)).toMatchObject({ reason: 'paid in person, receipt to follow' });
    expect(await t.ledgerMismatches()).toEqual([]);
  });

  it('refuses moves outside the table, and cancelling a shipped order', async () => {
    const p = await stocked(10);
    const order = (
      await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] })
    ).json();
    const skip = await move(admin, order.id, 'shipped');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('invalid_transition');
    await move(sales, order.id, 'confirmed');
    await move(wm, order.id, 'processing');
    await move(wm, order.id, 'shipped');
    expect((await move(admin, order.id, 'cancelled')).statusCode).toBe(409);
    expect((await move(admin, order.id, 'pending')).statusCode).toBe(409);
  });

  it("lets a customer cancel their own pending order, but not confirm, ship, or touch another customer's", async () => {
    const p = await stocked(10);
    const mine = (await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 2 }] })).json();
    const theirs = (await place(other.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 2 }] })).json();
    expect((await move(customer.token, mine.id, 'confirmed')).statusCode).toBe(403);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/orders/${theirs.id}`, token: customer.token })).statusCode,
    ).toBe(404);
    expect((await move(customer.token, theirs.id, 'cancelled')).statusCode).toBe(404);
    const cancelled = await move(customer.token, mine.id, 'cancelled', { reason: 'changed my mind' });
    expect(cancelled.json().status).toBe('cancelled');
    expect(await level(p)).toEqual({ on_hand: 10, reserved: 2 });
    const confirmed = (
      await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] })
    ).json();
    await move(sales, confirmed.id, 'confirmed');
    expect((await move(customer.token, confirmed.id, 'cancelled')).statusCode).toBe(403);
    expect((await move(customer.token, confirmed.id, 'shipped')).statusCode).toBe(409);
  });

  it('refuses to cancel an order that has payments', async () => {
    const p = await stocked(10);
    const order = (
      await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] })
    ).json();
    await t.ctx.db.updateTable('orders').set({ paid_cents: 100 }).where('id', '=', order.id).execute();
    const res = await move(sales, order.id, 'cancelled');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('order_has_payments');
  });

  it('offers each role exactly the moves that succeed, and says which need a reason', async () => {
    const p = await stocked(10);
    const order = (
      await place(sales, { customerId: other.customerId, paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] })
    ).json<Order>();
    const seen = async (token: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/orders/${order.id}`, token })).json<Order>().transitions;
    await move(sales, order.id, 'confirmed');
    await move(wm, order.id, 'processing');
    // Paid in part: nobody may cancel any more.
    const debts = await t.request({ method: 'GET', url: `/api/v1/debts?customerId=${other.customerId}`, token: sales });
    const debt = debts.json().items.find((d: { orderId: number }) => d.orderId === order.id);
    const paid = await t.request({
      method: 'POST',
      url: '/api/v1/payments',
      token: sales,
      payload: {
        customerId: other.customerId,
        amountCents: 100,
        method: 'cash',
        allocations: [{ debtId: debt.id, amountCents: 100 }],
      },
    });
    expect(paid.statusCode).toBe(201);
    expect(await seen(sales)).toEqual([]);
    expect(await seen(admin)).toEqual([{ to: 'shipped', needsReason: false }]);
    expect((await move(sales, order.id, 'cancelled')).statusCode).toBe(409);
    await move(wm, order.id, 'shipped');
    // Shipped and unpaid: only an admin may deliver it, with a reason.
    expect(await seen(wm)).toEqual([]);
    expect(await seen(admin)).toEqual([{ to: 'delivered', needsReason: true }]);
    const tokens = { admin, wm, sales, customer: other.token };
    for (const [who, token] of Object.entries(tokens))
      for (const to of ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'])
        expect((await move(token, order.id, to)).statusCode, `${who} → ${to}`).toBeGreaterThanOrEqual(400);
    const delivered = await move(admin, order.id, 'delivered', { reason: 'paid at the door' });
    expect(delivered.statusCode).toBe(200);
    expect(delivered.json<Order>().transitions).toEqual([]);
  });

  it('emits order events after commit only', async () => {
    const p = await stocked(1);
    const seen: string[] = [];
    const stop = t.ctx.events.subscribe((e) => seen.push(e.name));
    try {
      await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 2 }] });
      expect(seen).toEqual([]);
      const ok = (await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] })).json();
      expect(seen).toContain('order.created');
      seen.length = 0;
      await move(customer.token, ok.id, 'cancelled');
      expect(seen).toContain('order.updated');
    } finally {
      stop();
    }
  });
});

describe('listing', () => {
  it('shows customers their own orders only, and staff everything with filters', async () => {
    const p = await stocked(20);
    const mine = (await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] })).json();
    const theirs = (await place(other.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 1 }] })).json();
    const own = (await t.request({ method: 'GET', url: '/api/v1/orders?limit=200', token: customer.token })).json();
    expect(own.items.every((o: { customerId: number }) => o.customerId === customer.customerId)).toBe(true);
    expect(own.items.map((o: { id: number }) => o.id)).toContain(mine.id);
    const staff = (
      await t.request({
        method: 'GET',
        url: `/api/v1/orders?customerId=${other.customerId}&status=pending`,
        token: sales,
      })
    ).json();
    expect(staff.items.map((o: { id: number }) => o.id)).toContain(theirs.id);
    const search = (
      await t.request({ method: 'GET', url: `/api/v1/orders?q=${theirs.number.slice(-6)}`, token: sales })
    ).json();
    expect(search.items.map((o: { number: string }) => o.number)).toContain(theirs.number);
    expect(search.items[0]).toMatchObject({ lineCount: 1 });
  });
});

describe('invoice', () => {
  it('prints the business, the customer, the lines and the totals, in Spanish or English', async () => {
    await t.request({
      method: 'PATCH',
      url: '/api/v1/settings',
      token: admin,
      payload: {
        businessName: 'Ferretería Don José',
        businessTaxId: 'B-99887766',
        businessAddress: 'Calle Real 5, Sevilla',
      },
    });
    const p = await stocked(10, { priceCents: 1250, name: 'Martillo de carpintero' });
    const order = (
      await place(customer.token, { paymentTerms: 'cash', lines: [{ productId: p, quantity: 2 }] })
    ).json();
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/orders/${order.id}/invoice.pdf?lang=es`,
      token: customer.token,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(res.rawPayload);
    for (const expected of [
      'Ferretería Don José',
      'B-99887766',
      'Calle Real 5, Sevilla',
      `Factura ${order.number}`,
      'Martillo de carpintero',
      'Saldo pendiente',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/25,00\s?US\$|25,00\s?\$|US\$\s?25,00/);
    const english = await pdfText(
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/orders/${order.id}/invoice.pdf`,
          token: sales,
          headers: { 'accept-language': 'en-GB,en' },
        })
      ).rawPayload,
    );
    expect(english).toContain(`Invoice ${order.number}`);
    expect(english).toContain('$25.00');
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/orders/${order.id}/invoice.pdf`, token: other.token }))
        .statusCode,
    ).toBe(404);
  });
});
