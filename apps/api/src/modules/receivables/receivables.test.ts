import type { Debt, Order, Payment } from '@bodega/contract';
import { agingBucket } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, pdfText, type TestApp } from '../../test/harness';

const NOW = '2026-06-15T12:00:00Z';
let t: TestApp;
let admin: string;
let sales: string;
let wm: string;

beforeAll(async () => {
  t = await createTestApp();
  // From a fixed noon (UTC), so that today cannot turn into tomorrow while the file runs.
  t.advance(Date.parse(NOW) - t.ctx.now().getTime());
  admin = await t.adminToken();
  sales = (await t.createStaff('sales_staff')).token;
  wm = (await t.createStaff('warehouse_manager')).token;
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  token: string,
  payload?: object,
  headers: Record<string, string> = {},
) => t.request({ method, url: `/api/v1${url}`, token, headers, ...(payload ? { payload } : {}) });

async function newCustomer(fields: object = {}) {
  return (
    await api('POST', '/customers', sales, {
      name: `Cliente ${Math.random()}`,
      creditLimitCents: 1_000_000,
      paymentTermsDays: 30,
      ...fields,
    })
  ).json<{ id: number }>().id;
}
async function product(priceCents: number) {
  const p = await t.insertProduct({ priceCents });
  await api('POST', '/stock/receipts', wm, { lines: [{ productId: p, quantity: 1000, unitCostCents: 1 }] });
  return p;
}
/** A confirmed order: its debt exists. */
async function confirmedOrder(customerId: number, priceCents: number, paymentTerms: 'cash' | 'credit' = 'credit') {
  const p = await product(priceCents);
  const order = (
    await api('POST', '/orders', sales, { customerId, paymentTerms, lines: [{ productId: p, quantity: 1 }] })
  ).json<Order>();
  expect((await api('POST', `/orders/${order.id}/transitions`, sales, { to: 'confirmed' })).statusCode).toBe(200);
  return order;
}
const debtsOf = async (customerId: number) =>
  (await api('GET', `/debts?customerId=${customerId}&limit=200`, sales)).json<{ items: Debt[] }>().items;
const pay = (customerId: number, amountCents: number, extra: object = {}, headers: Record<string, string> = {}) =>
  api('POST', '/payments', sales, { customerId, amountCents, method: 'cash', ...extra }, headers);

/** The books balance: allocations of live payments = what debts show as paid = what orders show as paid. */
async function assertBooksBalance() {
  const db = t.ctx.db;
  const debts = await db.selectFrom('debts').selectAll().execute();
  const allocations = await db
    .selectFrom('payment_allocations as a')
    .innerJoin('payments as p', 'p.id', 'a.payment_id')
    .select(['a.debt_id', 'a.amount_cents'])
    .where('p.status', '=', 'recorded')
    .execute();
  for (const d of debts) {
    const allocated = allocations.filter((a) => a.debt_id === d.id).reduce((s, a) => s + a.amount_cents, 0);
    expect(d.paid_cents, `debt ${d.id}`).toBe(allocated);
    expect(d.amount_cents - d.paid_cents - d.credited_cents).toBeGreaterThanOrEqual(0);
    if (d.order_id) {
      const o = await db
        .selectFrom('orders')
        .select(['paid_cents', 'credited_cents'])
        .where('id', '=', d.order_id)
        .executeTakeFirstOrThrow();
      expect(o).toEqual({ paid_cents: d.paid_cents, credited_cents: d.credited_cents });
    }
  }
}

describe('debts from orders', () => {
  it('opens when the order is confirmed, due after the terms (today for cash), and cancels with the order', async () => {
    const c = await newCustomer({ paymentTermsDays: 30 });
    const credit = await confirmedOrder(c, 10_000);
    const cash = await confirmedOrder(c, 2_000, 'cash');
    const today = NOW.slice(0, 10);
    const debts = await debtsOf(c);
    const byOrder = (id: number) => debts.find((d) => d.orderId === id)!;
    expect(byOrder(credit.id)).toMatchObject({
      amountCents: credit.totalCents,
      balanceCents: credit.totalCents,
      status: 'open',
      orderNumber: credit.number,
    });
    expect(Date.parse(byOrder(credit.id).dueDate) - Date.parse(today)).toBe(30 * 86_400_000);
    expect(byOrder(cash.id).dueDate).toBe(today);
    await api('POST', `/orders/${cash.id}/transitions`, sales, { to: 'cancelled' });
    expect((await debtsOf(c)).find((d) => d.orderId === cash.id)).toMatchObject({
      status: 'cancelled',
      balanceCents: 0,
    });
  });
});

describe('payments', () => {
  it('go to the oldest due debt first, show on the orders, and keep the books balanced', async () => {
    const c = await newCustomer();
    const first = await confirmedOrder(c, 10_000);
    const second = await confirmedOrder(c, 5_000);
    const res = await pay(c, 12_000, { reference: 'REC-001' });
    expect(res.statusCode).toBe(201);
    const payment = res.json<Payment>();
    expect(payment.allocations).toEqual([
      { debtId: expect.any(Number), orderId: first.id, amountCents: 10_000 },
      { debtId: expect.any(Number), orderId: second.id, amountCents: 2_000 },
    ]);
    expect((await api('GET', `/orders/${first.id}`, sales)).json()).toMatchObject({
      paidCents: 10_000,
      balanceCents: 0,
      paymentStatus: 'paid',
    });
    expect((await api('GET', `/orders/${second.id}`, sales)).json()).toMatchObject({
      paidCents: 2_000,
      paymentStatus: 'partially_paid',
    });
    const debts = await debtsOf(c);
    expect(debts.map((d) => d.status).sort()).toEqual(['paid', 'partially_paid']);
    await assertBooksBalance();
  });

  it('refuse paying more than is owed, and bad explicit allocations, changing nothing', async () => {
    const c = await newCustomer();
    await confirmedOrder(c, 1_000);
    const over = await pay(c, 1_001);
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('overpayment');
    const [debt] = await debtsOf(c);
    expect((await pay(c, 500, { allocations: [{ debtId: debt!.id, amountCents: 400 }] })).statusCode).toBe(400);
    expect((await pay(c, 500, { allocations: [{ debtId: 999_999, amountCents: 500 }] })).statusCode).toBe(400);
    expect((await pay(c, 500, { allocations: [{ debtId: debt!.id, amountCents: 500 }] })).statusCode).toBe(201);
    expect((await debtsOf(c))[0]).toMatchObject({ paidCents: 500, balanceCents: 500 });
    expect((await pay(c, 0)).statusCode).toBe(400);
    expect((await pay(c, 10.5)).statusCode).toBe(400);
  });

  it('30 concurrent payments against 3 debts never over-allocate, and the balances end exact', async () => {
    const c = await newCustomer();
    for (const price of [10_000, 7_000, 3_000]) await confirmedOrder(c, price);
    const results = await Promise.all(Array.from({ length: 30 }, () => pay(c, 900)));
    const ok = results.filter((r) => r.statusCode === 201).length;
    expect(
      results.every((r) => r.statusCode === 201 || (r.statusCode === 409 && r.json().code === 'overpayment')),
    ).toBe(true);
    expect(ok).toBe(22); // 22 × 900 = 19,800 ≤ 20,000 < 23 × 900
    const debts = await debtsOf(c);
    expect(debts.reduce((s, d) => s + d.paidCents, 0)).toBe(ok * 900);
    expect(debts.reduce((s, d) => s + d.balanceCents, 0)).toBe(20_000 - ok * 900);
    const balance = (await api('GET', `/debtors?limit=200`, sales))
      .json()
      .items.find((d: { customerId: number }) => d.customerId === c);
    expect(balance.balanceCents).toBe(200);
    await assertBooksBalance();
  });

  it('a payment racing a cancellation of the same order: one wins, the other is refused, never an error', async () => {
    // The soak once hit a deadlock here on PostgreSQL: the payment locked the debt, then the
    // order; the cancellation locked the order, then the debt. Both now take the customer first.
    const c = await newCustomer();
    const orders: Order[] = [];
    for (let i = 0; i < 12; i++) orders.push(await confirmedOrder(c, 1_000));
    const debts = await debtsOf(c);
    const pairs = await Promise.all(
      orders.map((o) => {
        const debtId = debts.find((d) => d.orderId === o.id)!.id;
        return Promise.all([
          pay(c, 1_000, { allocations: [{ debtId, amountCents: 1_000 }] }),
          api('POST', `/orders/${o.id}/transitions`, sales, { to: 'cancelled' }),
        ]);
      }),
    );
    for (const [i, [payment, cancel]] of pairs.entries()) {
      const order = (await api('GET', `/orders/${orders[i]!.id}`, sales)).json<Order>();
      if (payment.statusCode === 201) {
        expect(cancel.json().code, order.number).toBe('order_has_payments');
        expect(order).toMatchObject({ status: 'confirmed', paidCents: 1_000 });
      } else {
        // Its debt is cancelled: the allocation names a debt that is no longer open.
        expect(payment.json(), order.number).toMatchObject({
          status: 400,
          errors: [{ path: 'body.allocations', message: `debt ${debts.find((d) => d.orderId === order.id)!.id}` }],
        });
        expect(cancel.statusCode, order.number).toBe(200);
        expect(order).toMatchObject({ status: 'cancelled', paidCents: 0 });
      }
    }
    await assertBooksBalance();
  });

  it('void restores the exact prior balances; voiding twice is refused', async () => {
    const c = await newCustomer();
    const o1 = await confirmedOrder(c, 3_000);
    await confirmedOrder(c, 4_000);
    await pay(c, 1_000);
    const before = await debtsOf(c);
    const p = (await pay(c, 5_000)).json<Payment>();
    expect(p.allocations).toHaveLength(2);
    const voided = await api('POST', `/payments/${p.id}/void`, sales, { reason: 'cheque bounced' });
    expect(voided.json()).toMatchObject({ status: 'voided', voidReason: 'cheque bounced' });
    expect(await debtsOf(c)).toEqual(before);
    expect((await api('GET', `/orders/${o1.id}`, sales)).json().paidCents).toBe(1_000);
    const twice = await api('POST', `/payments/${p.id}/void`, sales, { reason: 'again' });
    expect(twice.statusCode).toBe(409);
    expect((await api('POST', `/payments/${p.id}/void`, sales, {})).statusCode).toBe(400);
    await assertBooksBalance();
  });

  it('take an Idempotency-Key: retries record one payment', async () => {
    const c = await newCustomer();
    await confirmedOrder(c, 5_000);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => pay(c, 1_000, {}, { 'idempotency-key': 'till-7-0001' })),
    );
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect((await debtsOf(c))[0]!.paidCents).toBe(1_000);
    expect((await pay(c, 2_000, {}, { 'idempotency-key': 'till-7-0001' })).statusCode).toBe(422);
  });

  it('a paid order cannot be cancelled until its payment is voided', async () => {
    const c = await newCustomer();
    const o = await confirmedOrder(c, 1_000);
    const p = (await pay(c, 1_000)).json<Payment>();
    expect((await api('POST', `/orders/${o.id}/transitions`, sales, { to: 'cancelled' })).json().code).toBe(
      'order_has_payments',
    );
    await api('POST', `/payments/${p.id}/void`, sales, { reason: 'refund' });
    expect((await api('POST', `/orders/${o.id}/transitions`, sales, { to: 'cancelled' })).statusCode).toBe(200);
  });

  it('a cash order paid in full is delivered without an override', async () => {
    const c = await newCustomer();
    const o = await confirmedOrder(c, 1_500, 'cash');
    await api('POST', `/orders/${o.id}/transitions`, wm, { to: 'processing' });
    await api('POST', `/orders/${o.id}/transitions`, wm, { to: 'shipped' });
    expect((await api('POST', `/orders/${o.id}/transitions`, wm, { to: 'delivered' })).statusCode).toBe(409);
    await pay(c, 1_500);
    expect((await api('POST', `/orders/${o.id}/transitions`, wm, { to: 'delivered' })).statusCode).toBe(200);
  });
});

describe('credit limit', () => {
  it('refuses a credit order beyond the limit, passes within it, and passes again after a payment', async () => {
    const c = await newCustomer({ creditLimitCents: 10_000 });
    await confirmedOrder(c, 8_000);
    const p = await product(3_000);
    const order = (n: number) =>
      api('POST', '/orders', sales, { customerId: c, paymentTerms: 'credit', lines: [{ productId: p, quantity: n }] });
    const beyond = await order(1);
    expect(beyond.statusCode).toBe(409);
    expect(beyond.json().code).toBe('credit_limit_exceeded');
    await pay(c, 5_000);
    expect((await order(1)).statusCode).toBe(201);
    // The pending order counts against the limit too: 3,000 owed + 3,000 pending + 6,000 > 10,000.
    expect((await order(2)).statusCode).toBe(409);
  });
});

describe('manual debts, debtors, statements and aging', () => {
  it('lets only an admin record a manual debt, with a note', async () => {
    const c = await newCustomer();
    expect(
      (await api('POST', '/debts', sales, { customerId: c, amountCents: 500, note: 'opening balance' })).statusCode,
    ).toBe(403);
    expect((await api('POST', '/debts', admin, { customerId: c, amountCents: 500 })).statusCode).toBe(400);
    const d = await api('POST', '/debts', admin, {
      customerId: c,
      amountCents: 500,
      note: 'opening balance',
      dueDate: '2026-01-31',
    });
    expect(d.json()).toMatchObject({ orderId: null, status: 'open', overdue: true, note: 'opening balance' });
  });

  it('puts each balance in the right aging bucket around every boundary', async () => {
    const c = await newCustomer({ name: 'Aging fixture' });
    const asOf = '2026-06-30';
    const dues = [
      '2026-07-01',
      '2026-06-30',
      '2026-06-29',
      '2026-05-31',
      '2026-05-30',
      '2026-05-01',
      '2026-04-30',
      '2026-04-01',
      '2026-03-31',
    ];
    for (const [i, dueDate] of dues.entries()) {
      await api('POST', '/debts', admin, {
        customerId: c,
        amountCents: 100 * (i + 1),
        note: `fixture ${dueDate}`,
        dueDate,
      });
    }
    const report = (await api('GET', `/reports/receivables-aging?asOf=${asOf}`, sales)).json();
    const row = report.customers.find((r: { customerId: number }) => r.customerId === c);
    const expected = { current: 0, days1to30: 0, days31to60: 0, days61to90: 0, over90: 0 };
    for (const [i, due] of dues.entries()) expected[agingBucket(due, asOf)] += 100 * (i + 1);
    expect(row).toMatchObject({
      currentCents: 300, // due 07-01 and 06-30
      days1to30Cents: 300 + 400, // 06-29 (1 day), 05-31 (30 days)
      days31to60Cents: 500 + 600, // 05-30 (31), 05-01 (60)
      days61to90Cents: 700 + 800, // 04-30 (61), 04-01 (90)
      over90Cents: 900, // 03-31 (91)
      totalCents: 4500,
    });
    expect(row).toMatchObject({
      currentCents: expected.current,
      days1to30Cents: expected.days1to30,
      days31to60Cents: expected.days31to60,
      days61to90Cents: expected.days61to90,
      over90Cents: expected.over90,
    });
    const totals = report.totals;
    expect(totals.totalCents).toBe(
      report.customers.reduce((s: number, r: { totalCents: number }) => s + r.totalCents, 0),
    );
    const csv = await api('GET', `/reports/receivables-aging?asOf=${asOf}&format=csv`, sales);
    expect(csv.body.split('\n')[0]).toBe(
      'customerId,code,name,currentCents,days1to30Cents,days31to60Cents,days61to90Cents,over90Cents,totalCents',
    );
    expect(csv.body).toContain('Aging fixture');
  });

  it('lists debtors with overdue amounts, oldest due date and last payment, sortable', async () => {
    const c = await newCustomer({ name: 'Moroso' });
    await api('POST', '/debts', admin, { customerId: c, amountCents: 9_000_000, note: 'old', dueDate: '2025-01-15' });
    await pay(c, 1_000, { receivedAt: '2026-02-01' });
    const list = (await api('GET', '/debtors?sort=balance', sales)).json();
    expect(list.items[0]).toMatchObject({
      customerId: c,
      balanceCents: 8_999_000,
      overdueCents: 8_999_000,
      oldestDueDate: '2025-01-15',
      lastPaymentAt: '2026-02-01',
    });
    const byName = (await api('GET', '/debtors?sort=name&limit=200', sales))
      .json()
      .items.map((d: { name: string }) => d.name.toLowerCase());
    expect(byName).toEqual([...byName].sort());
    expect((await api('GET', '/debtors', wm)).statusCode).toBe(403);
  });

  it('prints a statement with a running balance as JSON, CSV and PDF, and shows customers only their own', async () => {
    const reg = await t.registerCustomer({ name: 'Rosa Estado' });
    const c = reg.user.customerId!;
    await api('PATCH', `/customers/${c}`, sales, { creditLimitCents: 1_000_000 });
    await api('POST', '/debts', admin, {
      customerId: c,
      amountCents: 5_000,
      note: 'saldo inicial',
      dueDate: '2026-01-01',
    });
    const o = await confirmedOrder(c, 2_000);
    const p = (await pay(c, 3_000)).json<Payment>();
    await api('POST', `/payments/${p.id}/void`, sales, { reason: 'error' });
    await pay(c, 4_000);
    const statement = (await api('GET', `/customers/${c}/statement`, reg.accessToken)).json();
    expect(statement.entries.map((e: { kind: string }) => e.kind)).toEqual([
      'debt',
      'debt',
      'void',
      'payment',
      'payment',
    ]);
    const last = statement.entries.at(-1);
    expect(last.balanceCents).toBe(5_000 + o.totalCents - 4_000);
    expect(statement.closingBalanceCents).toBe(last.balanceCents);
    const balances = statement.entries.map((e: { balanceCents: number }) => e.balanceCents);
    let running = statement.openingBalanceCents;
    for (const [i, e] of statement.entries.entries()) {
      running += e.debitCents - e.creditCents;
      expect(balances[i]).toBe(running);
    }
    const csv = await api('GET', `/customers/${c}/statement?format=csv`, sales);
    expect(csv.body.split('\n')[0]).toBe('date,kind,reference,description,debitCents,creditCents,balanceCents');
    const pdf = await api('GET', `/customers/${c}/statement?format=pdf&lang=es`, sales);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Estado de cuenta');
    expect(text).toContain('Rosa Estado');
    expect(text).toContain('saldo inicial');
    const stranger = (await t.registerCustomer()).accessToken;
    expect((await api('GET', `/customers/${c}/statement`, stranger)).statusCode).toBe(404);
    const own = (await api('GET', '/debts', reg.accessToken)).json().items;
    expect(own.every((d: Debt) => d.customerId === c)).toBe(true);
    expect((await api('GET', '/payments', stranger)).json().items).toEqual([]);
    expect(
      (await api('POST', '/payments', reg.accessToken, { customerId: c, amountCents: 1, method: 'cash' })).statusCode,
    ).toBe(403);
  });
});

describe('returns credit the debt', () => {
  it('reduces the order debt by the return credit when the goods come back', async () => {
    const c = await newCustomer();
    const o = await confirmedOrder(c, 2_000);
    for (const [token, to] of [
      [wm, 'processing'],
      [wm, 'shipped'],
      [wm, 'delivered'],
    ] as const) {
      await api('POST', `/orders/${o.id}/transitions`, token, { to });
    }
    const ret = (
      await api('POST', `/orders/${o.id}/returns`, sales, {
        reason: 'broken',
        lines: [{ productId: o.lines[0]!.productId, quantity: 1, condition: 'damaged' }],
      })
    ).json();
    await api('POST', `/returns/${ret.id}/receive`, wm);
    const debt = (await debtsOf(c)).find((d) => d.orderId === o.id)!;
    expect(debt).toMatchObject({ creditedCents: 2_000, balanceCents: 0, status: 'paid' });
    expect((await api('GET', `/orders/${o.id}`, sales)).json()).toMatchObject({
      creditedCents: 2_000,
      paymentStatus: 'paid',
    });
    await assertBooksBalance();
  });
});
