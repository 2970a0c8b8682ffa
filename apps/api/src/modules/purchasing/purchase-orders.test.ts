import type { PurchaseOrder } from '@bodega/contract';
import { addDays } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, pdfText, type TestApp } from '../../test/harness';

const NOW = '2026-06-15T12:00:00Z';
let t: TestApp;
let admin: string;
let wm: string;
let sales: string;
let customer: string;
let mainId: number;

beforeAll(async () => {
  t = await createTestApp();
  // From a fixed noon (UTC), so that today cannot turn into tomorrow while the file runs.
  t.advance(Date.parse(NOW) - t.ctx.now().getTime());
  admin = await t.adminToken();
  wm = (await t.createStaff('warehouse_manager')).token;
  sales = (await t.createStaff('sales_staff')).token;
  customer = (await t.registerCustomer()).accessToken;
  mainId = (await t.ctx.db.selectFrom('locations').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow())
    .id;
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, token: string | null, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, token: token ?? undefined, payload });

let supplierSeq = 0;
async function supplier(fields: object = {}): Promise<{ id: number; name: string }> {
  const res = await api('POST', '/suppliers', wm, { name: `Supplier ${++supplierSeq}`, leadTimeDays: 5, ...fields });
  expect(res.statusCode).toBe(201);
  return res.json();
}

async function draft(supplierId: number, lines: object[], extra: object = {}): Promise<PurchaseOrder> {
  const res = await api('POST', '/purchase-orders', wm, { supplierId, lines, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const move = (id: number, to: string, token = wm) => api('POST', `/purchase-orders/${id}/transitions`, token, { to });

async function sent(supplierId: number, lines: object[]): Promise<PurchaseOrder> {
  const po = await draft(supplierId, lines);
  const res = await move(po.id, 'sent');
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const receive = (id: number, lines: object[], extra: object = {}, token = wm) =>
  api('POST', `/purchase-orders/${id}/receipts`, token, { lines, ...extra });

async function stockOf(productId: number) {
  const res = await api('GET', `/stock?productId=${productId}&locationId=${mainId}`, wm);
  return res.json().items[0] as { onHand: number; available: number; incoming: number } | undefined;
}
const costOf = async (productId: number) =>
  (await t.ctx.db.selectFrom('products').select('cost_cents').where('id', '=', productId).executeTakeFirstOrThrow())
    .cost_cents;
const receiptsOf = (productId: number) =>
  t.ctx.db
    .selectFrom('stock_movements')
    .select(['type', 'quantity', 'on_hand_after', 'unit_cost_cents', 'reference'])
    .where('product_id', '=', productId)
    .where('type', '=', 'receipt')
    .orderBy('id')
    .execute();
const auditActions = async (id: number) =>
  (
    await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'purchase_order')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

describe('drafting a purchase order', () => {
  it('numbers it PO-YYYYMMDD-NNNN, costs lines from the supplier, and expects it after the lead time', async () => {
    const s = await supplier({ leadTimeDays: 12 });
    const linked = await t.insertProduct({ costCents: 500 });
    const plain = await t.insertProduct({ costCents: 300 });
    const third = await t.insertProduct();
    expect(
      (await api('PUT', `/suppliers/${s.id}/products/${linked}`, wm, { supplierSku: 'ACME-9', lastCostCents: 450 }))
        .statusCode,
    ).toBe(200);
    const po = await draft(s.id, [
      { productId: linked, quantity: 10 },
      { productId: plain, quantity: 4 },
      { productId: third, quantity: 1, unitCostCents: 99 },
    ]);
    const today = NOW.slice(0, 10);
    expect(po.number).toMatch(new RegExp(`^PO-${today.replaceAll('-', '')}-\\d{4,}$`));
    expect(po).toMatchObject({
      supplierId: s.id,
      supplierName: s.name,
      locationId: mainId,
      status: 'draft',
      expectedDate: addDays(today, 12),
      totalCents: 10 * 450 + 4 * 300 + 99,
      nextStatuses: ['sent', 'cancelled'],
      receivable: false,
    });
    expect(po.lines.map((l) => [l.productId, l.quantity, l.unitCostCents, l.supplierSku])).toEqual([
      [linked, 10, 450, 'ACME-9'],
      [plain, 4, 300, null],
      [third, 1, 99, null],
    ]);
    expect(po.history).toEqual([expect.objectContaining({ from: null, to: 'draft' })]);
    expect(await auditActions(po.id)).toEqual(['purchase_order.created']);
  });

  it('hands out unique numbers to concurrent drafts', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        api('POST', '/purchase-orders', wm, { supplierId: s.id, lines: [{ productId: p, quantity: 1 }] }),
      ),
    );
    const numbers = results.map((r) => r.json().number as string);
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(numbers).size).toBe(12);
  });

  it('refuses repeated products, unknown or archived ones, and inactive suppliers', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const twice = await api('POST', '/purchase-orders', wm, {
      supplierId: s.id,
      lines: [
        { productId: p, quantity: 1 },
        { productId: p, quantity: 2 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    const unknown = await api('POST', '/purchase-orders', wm, {
      supplierId: s.id,
      lines: [{ productId: 999_999, quantity: 1 }],
    });
    expect(unknown.statusCode).toBe(404);
    const archived = await t.insertProduct({ active: false });
    const old = await api('POST', '/purchase-orders', wm, {
      supplierId: s.id,
      lines: [{ productId: archived, quantity: 1 }],
    });
    expect(old.json().code).toBe('product_archived');
    const dormant = await supplier({ active: false });
    const res = await api('POST', '/purchase-orders', wm, {
      supplierId: dormant.id,
      lines: [{ productId: p, quantity: 1 }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('supplier_inactive');
    for (const quantity of [0, -1, 1.5]) {
      const bad = await api('POST', '/purchase-orders', wm, { supplierId: s.id, lines: [{ productId: p, quantity }] });
      expect(bad.statusCode).toBe(400);
    }
  });

  it('edits a draft, and only a draft', async () => {
    const s = await supplier();
    const a = await t.insertProduct({ costCents: 100 });
    const b = await t.insertProduct({ costCents: 200 });
    const po = await draft(s.id, [{ productId: a, quantity: 1 }]);
    const edited = await api('PATCH', `/purchase-orders/${po.id}`, wm, {
      notes: 'Call before delivering',
      expectedDate: '2030-01-15',
      lines: [
        { productId: a, quantity: 3 },
        { productId: b, quantity: 2, unitCostCents: 150 },
      ],
      version: po.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      notes: 'Call before delivering',
      expectedDate: '2030-01-15',
      totalCents: 600,
    });
    const stale = await api('PATCH', `/purchase-orders/${po.id}`, wm, { notes: 'x', version: po.version });
    expect(stale.statusCode).toBe(412);
    await move(po.id, 'sent');
    const late = await api('PATCH', `/purchase-orders/${po.id}`, wm, { notes: 'too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('purchase_order_not_editable');
  });
});

describe('transitions', () => {
  it('follow the table: send and cancel by hand; anything else is 409 invalid_transition', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const po = await draft(s.id, [{ productId: p, quantity: 5 }]);
    for (const to of ['received', 'partially_received', 'draft']) {
      const res = await move(po.id, to);
      expect(res.statusCode, to).toBe(409);
      expect(res.json().code).toBe('invalid_transition');
    }
    expect((await move(po.id, 'shipped')).statusCode).toBe(400);
    const out = await move(po.id, 'sent');
    expect(out.json()).toMatchObject({ status: 'sent', nextStatuses: ['cancelled'], receivable: true });
    expect(out.json().sentAt).not.toBeNull();
    // No SMTP_URL here: nothing is mailed, and mailing on demand says why.
    expect(out.json()).toMatchObject({ emailedAt: null, emailedTo: null });
    const mail = await api('POST', `/purchase-orders/${po.id}/email`, wm);
    expect(mail.statusCode).toBe(409);
    expect(mail.json().code).toBe('email_unavailable');
    expect((await move(po.id, 'sent')).statusCode).toBe(409);
    expect((await move(po.id, 'received')).json().code).toBe('invalid_transition');

    await receive(po.id, [{ lineId: out.json().lines[0].id, quantity: 2 }]);
    // Partially received goods cannot be cancelled.
    const cancel = await move(po.id, 'cancelled');
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().code).toBe('invalid_transition');
    expect(await auditActions(po.id)).toEqual([
      'purchase_order.created',
      'purchase_order.sent',
      'purchase_order.received',
    ]);
  });

  it('cancel from draft or sent, after which nothing can be received (409)', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const fromDraft = await draft(s.id, [{ productId: p, quantity: 5 }]);
    expect((await move(fromDraft.id, 'cancelled')).json().status).toBe('cancelled');
    const fromSent = await sent(s.id, [{ productId: p, quantity: 5 }]);
    const cancelled = await move(fromSent.id, 'cancelled');
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', nextStatuses: [], receivable: false });
    expect(cancelled.json().history.map((h: { to: string }) => h.to)).toEqual(['draft', 'sent', 'cancelled']);
    for (const po of [fromDraft, fromSent]) {
      const res = await receive(po.id, [{ lineId: po.lines[0]!.id, quantity: 1 }]);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('purchase_order_not_receivable');
      expect((await move(po.id, 'sent')).statusCode).toBe(409);
    }
    // A draft is not received either: it has not been sent.
    const unsent = await draft(s.id, [{ productId: p, quantity: 5 }]);
    expect((await receive(unsent.id, [{ lineId: unsent.lines[0]!.id, quantity: 1 }])).statusCode).toBe(409);
    expect(await stockOf(p)).toMatchObject({ onHand: 0, incoming: 0 });
    expect(await receiptsOf(p)).toEqual([]);
  });
});

describe('receiving', () => {
  it('over three deliveries ends received, with the ledger, on-hand and average cost exact', async () => {
    const s = await supplier();
    const a = await t.insertProduct({ costCents: 0 });
    const b = await t.insertProduct({ costCents: 0 });
    // 10 already on hand at 1.00.
    await api('POST', '/stock/receipts', wm, { lines: [{ productId: a, quantity: 10, unitCostCents: 100 }] });
    const po = await sent(s.id, [
      { productId: a, quantity: 30, unitCostCents: 120 },
      { productId: b, quantity: 5, unitCostCents: 1000 },
    ]);
    const [lineA, lineB] = po.lines;
    expect(await stockOf(a)).toMatchObject({ onHand: 10, incoming: 30 });

    // 1: 10 of A at the expected 1.20 → (10 × 100 + 10 × 120) / 20 = 110.
    const first = await receive(po.id, [{ lineId: lineA!.id, quantity: 10 }], { reference: 'ALB-1' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().purchaseOrder).toMatchObject({ status: 'partially_received', receivable: true });
    expect(first.json().receipt).toMatchObject({ supplierId: s.id, reference: 'ALB-1', locationId: mainId });
    expect(await costOf(a)).toBe(110);
    expect(await stockOf(a)).toMatchObject({ onHand: 20, incoming: 20 });

    // 2: 15 of A at 1.30 → (20 × 110 + 15 × 130) / 35 = 118.57 → 119; all of B at 9.80.
    const second = await receive(po.id, [
      { lineId: lineA!.id, quantity: 15, unitCostCents: 130 },
      { lineId: lineB!.id, quantity: 5, unitCostCents: 980 },
    ]);
    expect(second.json().purchaseOrder.status).toBe('partially_received');
    expect(await costOf(a)).toBe(119);
    expect(await costOf(b)).toBe(980);

    // 3: the last 5 of A at 1.25 → (35 × 119 + 5 × 125) / 40 = 119.75 → 120.
    const third = await receive(po.id, [{ lineId: lineA!.id, quantity: 5, unitCostCents: 125 }]);
    const done: PurchaseOrder = third.json().purchaseOrder;
    expect(done).toMatchObject({ status: 'received', receivable: false, nextStatuses: [] });
    expect(done.lines.map((l) => [l.receivedQuantity, l.outstandingQuantity, l.overReceived])).toEqual([
      [30, 0, false],
      [5, 0, false],
    ]);
    expect(done.history.map((h) => h.to)).toEqual(['draft', 'sent', 'partially_received', 'received']);
    expect(done.deliveries.map((d) => d.lines.map((l) => [l.productId, l.quantity, l.unitCostCents]))).toEqual([
      [[a, 10, 120]],
      [
        [a, 15, 130],
        [b, 5, 980],
      ],
      [[a, 5, 125]],
    ]);
    expect(await costOf(a)).toBe(120);
    expect(await stockOf(a)).toMatchObject({ onHand: 40, available: 40, incoming: 0 });
    expect(await stockOf(b)).toMatchObject({ onHand: 5, incoming: 0 });
    const ledger = await receiptsOf(a);
    expect(ledger.slice(1)).toEqual([
      { type: 'receipt', quantity: 10, on_hand_after: 20, unit_cost_cents: 120, reference: po.number },
      { type: 'receipt', quantity: 15, on_hand_after: 35, unit_cost_cents: 130, reference: po.number },
      { type: 'receipt', quantity: 5, on_hand_after: 40, unit_cost_cents: 125, reference: po.number },
    ]);
    expect(await t.ledgerMismatches()).toEqual([]);
    // Fully received: nothing more comes in.
    const more = await receive(po.id, [{ lineId: lineA!.id, quantity: 1 }], { allowOverReceipt: true });
    expect(more.json().code).toBe('purchase_order_not_receivable');
    expect(await auditActions(po.id)).toEqual([
      'purchase_order.created',
      'purchase_order.sent',
      'purchase_order.received',
      'purchase_order.received',
      'purchase_order.received',
    ]);
  });

  it("puts a delivery into another active location when it names one, else the order's", async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const back = (await api('POST', '/locations', wm, { code: 'RCV-BACK', name: 'Receiving back room' })).json();
    const po = await sent(s.id, [{ productId: p, quantity: 6, unitCostCents: 100 }]);
    const line = po.lines[0]!.id;
    const there = await receive(po.id, [{ lineId: line, quantity: 2 }], { locationId: back.id });
    expect(there.statusCode, there.body).toBe(201);
    expect(there.json().receipt).toMatchObject({ locationId: back.id });
    const here = await receive(po.id, [{ lineId: line, quantity: 1 }]);
    expect(here.json().receipt).toMatchObject({ locationId: mainId });
    const levels = await api('GET', `/stock?productId=${p}`, wm);
    const onHand = Object.fromEntries(
      levels.json().items.map((l: { locationId: number; onHand: number }) => [l.locationId, l.onHand]),
    );
    expect(onHand).toEqual({ [mainId]: 1, [back.id]: 2 });
    expect((await receive(po.id, [{ lineId: line, quantity: 1 }], { locationId: 999_999 })).statusCode).toBe(404);
    const closed = (await api('POST', '/locations', wm, { code: 'RCV-CLOSED', name: 'Closed shop' })).json();
    expect((await api('PATCH', `/locations/${closed.id}`, wm, { active: false })).statusCode).toBe(200);
    const inactive = await receive(po.id, [{ lineId: line, quantity: 1 }], { locationId: closed.id });
    expect(inactive.statusCode, inactive.body).toBe(409);
    expect((await api('GET', `/purchase-orders/${po.id}`, wm)).json().lines[0]).toMatchObject({
      receivedQuantity: 3,
      outstandingQuantity: 3,
    });
    expect(await t.ledgerMismatches()).toEqual([]);
  });

  it('never receives more than ordered without the flag, even when two deliveries race on one line', async () => {
    const s = await supplier();
    for (let round = 0; round < 3; round++) {
      const p = await t.insertProduct();
      const po = await sent(s.id, [{ productId: p, quantity: 10, unitCostCents: 100 }]);
      const lineId = po.lines[0]!.id;
      const results = await Promise.all([
        receive(po.id, [{ lineId, quantity: 6 }]),
        receive(po.id, [{ lineId, quantity: 6 }]),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const refused = results.find((r) => r.statusCode === 409)!.json();
      expect(refused.code).toBe('over_receipt');
      expect(refused.errors).toEqual([{ path: 'body.lines.0.quantity', message: expect.stringContaining('4 of 10') }]);
      const after: PurchaseOrder = (await api('GET', `/purchase-orders/${po.id}`, wm)).json();
      expect(after.lines[0]).toMatchObject({ receivedQuantity: 6, overReceived: false });
      expect(after.status).toBe('partially_received');
      expect(await stockOf(p)).toMatchObject({ onHand: 6 });
      expect(await receiptsOf(p)).toHaveLength(1);
    }
    // Two that fit both go in, and the order is then received.
    const p = await t.insertProduct();
    const po = await sent(s.id, [{ productId: p, quantity: 10 }]);
    const lineId = po.lines[0]!.id;
    const both = await Promise.all([
      receive(po.id, [{ lineId, quantity: 5 }]),
      receive(po.id, [{ lineId, quantity: 5 }]),
    ]);
    expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
    const after: PurchaseOrder = (await api('GET', `/purchase-orders/${po.id}`, wm)).json();
    expect(after).toMatchObject({ status: 'received' });
    expect(after.lines[0]!.receivedQuantity).toBe(10);
    expect(await stockOf(p)).toMatchObject({ onHand: 10 });
    expect(await t.ledgerMismatches()).toEqual([]);
  });

  it('receives more than ordered with allowOverReceipt, flagging the line and auditing it', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const po = await sent(s.id, [{ productId: p, quantity: 10, unitCostCents: 100 }]);
    const lineId = po.lines[0]!.id;
    const refused = await receive(po.id, [{ lineId, quantity: 12 }]);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('over_receipt');
    expect(await stockOf(p)).toMatchObject({ onHand: 0, incoming: 10 });

    const res = await receive(po.id, [{ lineId, quantity: 12 }], {
      allowOverReceipt: true,
      note: 'supplier sent a full box',
    });
    expect(res.statusCode, res.body).toBe(201);
    const done: PurchaseOrder = res.json().purchaseOrder;
    expect(done.status).toBe('received');
    expect(done.lines[0]).toMatchObject({
      quantity: 10,
      receivedQuantity: 12,
      outstandingQuantity: 0,
      overReceived: true,
    });
    expect(done.deliveries[0]!.lines[0]).toMatchObject({ quantity: 12, excessQuantity: 2 });
    expect(await stockOf(p)).toMatchObject({ onHand: 12 });
    const entry = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'purchase_order')
      .where('entity_id', '=', String(po.id))
      .where('action', '=', 'purchase_order.over_received')
      .executeTakeFirstOrThrow();
    expect(entry.reason).toBe('supplier sent a full box');
    expect(JSON.parse(String(entry.after))).toMatchObject({ lines: [{ lineId, quantity: 12, excessQuantity: 2 }] });
  });

  it('refuses lines of another order, duplicate lines, and zero quantities', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const po = await sent(s.id, [{ productId: p, quantity: 10 }]);
    const other = await sent(s.id, [{ productId: p, quantity: 10 }]);
    expect((await receive(po.id, [{ lineId: other.lines[0]!.id, quantity: 1 }])).statusCode).toBe(404);
    const lineId = po.lines[0]!.id;
    expect(
      (
        await receive(po.id, [
          { lineId, quantity: 1 },
          { lineId, quantity: 1 },
        ])
      ).statusCode,
    ).toBe(400);
    expect((await receive(po.id, [{ lineId, quantity: 0 }])).statusCode).toBe(400);
    expect((await receive(999_999, [{ lineId, quantity: 1 }])).statusCode).toBe(404);
  });

  it('receives a delivery once under an Idempotency-Key; a retry answers the first receipt', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const po = await sent(s.id, [{ productId: p, quantity: 10, unitCostCents: 100 }]);
    const deliver = (id: number, quantity: number) =>
      t.request({
        method: 'POST',
        url: `/api/v1/purchase-orders/${id}/receipts`,
        token: wm,
        payload: { lines: [{ lineId: po.lines[0]!.id, quantity }] },
        headers: { 'idempotency-key': 'delivery-ALB-9' },
      });
    const [a, b] = await Promise.all([deliver(po.id, 4), deliver(po.id, 4)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json()).toEqual(b.json());
    expect(a.json().purchaseOrder.lines[0]).toMatchObject({ receivedQuantity: 4, outstandingQuantity: 6 });
    const retry = await deliver(po.id, 4);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(a.json());
    expect(await receiptsOf(p)).toHaveLength(1);
    expect(await stockOf(p)).toMatchObject({ onHand: 4, incoming: 6 });
    // Another quantity, or another order, under that key is another request.
    expect((await deliver(po.id, 5)).statusCode).toBe(422);
    const other = await sent(s.id, [{ productId: p, quantity: 10 }]);
    expect((await deliver(other.id, 4)).json().code).toBe('idempotency_key_reused');
  });
});

describe('incoming on stock levels', () => {
  it('counts outstanding quantities of sent and partially received orders at their location only', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    await api('POST', '/stock/receipts', wm, { lines: [{ productId: p, quantity: 3, unitCostCents: 100 }] });
    expect(await stockOf(p)).toMatchObject({ onHand: 3, incoming: 0 });
    await draft(s.id, [{ productId: p, quantity: 100 }]); // drafts are not on their way
    const po = await sent(s.id, [{ productId: p, quantity: 8 }]);
    await sent(s.id, [{ productId: p, quantity: 4 }]);
    expect(await stockOf(p)).toMatchObject({ onHand: 3, incoming: 12 });
    await receive(po.id, [{ lineId: po.lines[0]!.id, quantity: 5 }]);
    expect(await stockOf(p)).toMatchObject({ onHand: 8, incoming: 7 });
    const back = await api('POST', '/locations', wm, { code: 'INC-BACK', name: 'Back room' });
    const elsewhere = await api('POST', '/purchase-orders', wm, {
      supplierId: s.id,
      locationId: back.json().id,
      lines: [{ productId: p, quantity: 50 }],
    });
    await move(elsewhere.json().id, 'sent');
    expect(await stockOf(p)).toMatchObject({ incoming: 7 });
    // Sending made the other location's level visible with what is coming.
    const there = await api('GET', `/stock?productId=${p}&locationId=${back.json().id}`, wm);
    expect(there.json().items).toHaveLength(1);
    expect(there.json().items[0]).toMatchObject({
      productId: p,
      locationId: back.json().id,
      onHand: 0,
      reserved: 0,
      available: 0,
      incoming: 50,
    });
  });
});

describe('incoming in the reorder figures', () => {
  it('takes a product off the reorder list and the dashboard count once enough is on its way', async () => {
    const reorderIds = async () =>
      ((await api('GET', '/reports/reorder-suggestions?limit=200', wm)).json().items as { productId: number }[]).map(
        (i) => i.productId,
      );
    const dashboardCount = async () =>
      (await api('GET', '/reports/dashboard', admin)).json().inventory.reorderCount as number;
    const s = await supplier();
    const p = await t.insertProduct({ reorderPoint: 10 });
    await api('POST', '/stock/receipts', wm, { lines: [{ productId: p, quantity: 4, unitCostCents: 100 }] });
    const before = await reorderIds();
    expect(before).toContain(p);
    expect(await dashboardCount()).toBe(before.length);

    // 4 on hand + 6 coming = the reorder point: still listed. 4 + 7: not any more.
    const po = await sent(s.id, [{ productId: p, quantity: 6 }]);
    expect(await reorderIds()).toContain(p);
    expect(await dashboardCount()).toBe(before.length);
    await sent(s.id, [{ productId: p, quantity: 1 }]);
    const after = await reorderIds();
    expect(after).not.toContain(p);
    expect(await dashboardCount()).toBe(after.length);
    expect(after.length).toBe(before.length - 1);

    // Cancelling the first order brings it back on both.
    await move(po.id, 'cancelled');
    expect(await reorderIds()).toContain(p);
    expect(await dashboardCount()).toBe(before.length);
  });
});

describe('the PDF', () => {
  it('shows the business, the supplier, the lines with the supplier SKU, and the total', async () => {
    await api('PATCH', '/settings', admin, { businessName: 'Ferretería Centro', businessTaxId: 'B-12345678' });
    const s = await supplier({ name: 'Tornillos Pérez', taxId: 'B-87654321', contact: 'Marta Pérez' });
    const p = await t.insertProduct({ name: 'Wood screws 4x40' });
    await api('PUT', `/suppliers/${s.id}/products/${p}`, wm, { supplierSku: 'TP-440' });
    const po = await draft(s.id, [{ productId: p, quantity: 12, unitCostCents: 250 }], { notes: 'Deliver mornings' });
    const res = await api('GET', `/purchase-orders/${po.id}/pdf?lang=en`, sales);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${po.number}.pdf"`);
    const text = await pdfText(res.rawPayload);
    for (const expected of [
      'Ferretería Centro',
      `Purchase order ${po.number}`,
      'Tornillos Pérez',
      'Marta Pérez',
      'B-87654321',
      'TP-440',
      'Wood screws 4x40',
      '12',
      '$2.50',
      '$30.00',
      'Deliver mornings',
    ]) {
      expect(text).toContain(expected);
    }
    const es = await pdfText((await api('GET', `/purchase-orders/${po.id}/pdf?lang=es`, wm)).rawPayload);
    expect(es).toContain(`Pedido de compra ${po.number}`);
    expect((await api('GET', `/purchase-orders/${po.id}/pdf`, customer)).statusCode).toBe(403);
    expect((await api('GET', '/purchase-orders/999999/pdf', wm)).statusCode).toBe(404);
  });
});

describe('who may do what', () => {
  it('lets sales staff read, and keeps writes to admins and warehouse managers', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const po = await sent(s.id, [{ productId: p, quantity: 2 }]);
    expect((await api('GET', '/purchase-orders', sales)).statusCode).toBe(200);
    expect((await api('GET', `/purchase-orders/${po.id}`, sales)).statusCode).toBe(200);
    const writes: [string, string, object][] = [
      ['POST', '/purchase-orders', { supplierId: s.id, lines: [{ productId: p, quantity: 1 }] }],
      ['POST', `/purchase-orders/${po.id}/transitions`, { to: 'cancelled' }],
      ['POST', `/purchase-orders/${po.id}/receipts`, { lines: [{ lineId: po.lines[0]!.id, quantity: 1 }] }],
      ['POST', '/purchase-orders/from-suggestions', {}],
      ['PATCH', `/purchase-orders/${po.id}`, { notes: 'x' }],
    ];
    for (const [method, url, payload] of writes) {
      expect((await api(method as 'POST', url, sales, payload)).statusCode, `${method} ${url}`).toBe(403);
      expect((await api(method as 'POST', url, customer, payload)).statusCode, `${method} ${url}`).toBe(403);
      expect((await api(method as 'POST', url, null, payload)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await api('GET', '/purchase-orders', customer)).statusCode).toBe(403);
    expect((await api('GET', '/purchase-orders', null)).statusCode).toBe(401);
    // An admin may do all of it.
    const res = await receive(po.id, [{ lineId: po.lines[0]!.id, quantity: 2 }], {}, admin);
    expect(res.statusCode).toBe(201);
  });

  it('lists with filters, newest first, keyset-paginated', async () => {
    const s = await supplier();
    const p = await t.insertProduct();
    const a = await draft(s.id, [{ productId: p, quantity: 1 }]);
    const b = await sent(s.id, [{ productId: p, quantity: 1 }]);
    const page1 = (await api('GET', `/purchase-orders?supplierId=${s.id}&limit=1`, wm)).json();
    expect(page1.items.map((i: { id: number }) => i.id)).toEqual([b.id]);
    expect(page1.items[0]).toMatchObject({ lineCount: 1, supplierName: s.name });
    const page2 = (
      await api('GET', `/purchase-orders?supplierId=${s.id}&limit=1&cursor=${page1.nextCursor}`, wm)
    ).json();
    expect(page2.items.map((i: { id: number }) => i.id)).toEqual([a.id]);
    expect(page2.nextCursor).toBeNull();
    const drafts = (await api('GET', `/purchase-orders?supplierId=${s.id}&status=draft`, wm)).json();
    expect(drafts.items.map((i: { id: number }) => i.id)).toEqual([a.id]);
    const byProduct = (await api('GET', `/purchase-orders?productId=${p}`, wm)).json();
    expect(byProduct.items.map((i: { id: number }) => i.id)).toEqual([b.id, a.id]);
    const byNumber = (await api('GET', `/purchase-orders?q=${b.number.slice(-4)}`, wm)).json();
    expect(byNumber.items.map((i: { id: number }) => i.id)).toContain(b.id);
  });
});
