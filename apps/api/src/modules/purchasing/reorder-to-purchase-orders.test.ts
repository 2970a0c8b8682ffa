import type { PurchaseOrder, PurchaseOrdersFromSuggestionsResult, ReorderSuggestion } from '@bodega/contract';
import { addDays, type MovementType } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../platform/transaction';
import { createTestApp, type TestApp } from '../../test/harness';
import { applyStockChanges } from '../inventory/stock-ledger';

const NOW = '2026-06-15T12:00:00Z';
let t: TestApp;
let wm: string;
let mainId: number;
const s: Record<'slow' | 'fast' | 'dormant', { id: number; name: string }> = {
  slow: { id: 0, name: '' },
  fast: { id: 0, name: '' },
  dormant: { id: 0, name: '' },
};
const p: Record<'busy' | 'bulk' | 'small' | 'coming' | 'enough' | 'orphan' | 'dormant' | 'drafted', number> = {
  busy: 0,
  bulk: 0,
  small: 0,
  coming: 0,
  enough: 0,
  orphan: 0,
  dormant: 0,
  drafted: 0,
};

const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  t.request({ method, url: `/api/v1${url}`, token: wm, payload });
const change = (productId: number, onHand: number, type: MovementType) =>
  inTransaction(t.ctx, (work) =>
    applyStockChanges(work, [{ productId, locationId: mainId, onHand, movement: { type }, userId: null }]),
  );
async function product(reorderPoint: number, costCents = 100) {
  return t.insertProduct({ reorderPoint, costCents });
}
const link = (supplierId: number, productId: number, body: object = {}) =>
  api('PUT', `/suppliers/${supplierId}/products/${productId}`, { preferred: true, ...body });

beforeAll(async () => {
  t = await createTestApp();
  // From a fixed noon (UTC), so that today cannot turn into tomorrow while the file runs.
  t.advance(Date.parse(NOW) - t.ctx.now().getTime());
  wm = (await t.createStaff('warehouse_manager')).token;
  mainId = (await t.ctx.db.selectFrom('locations').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow())
    .id;
  s.slow = (await api('POST', '/suppliers', { name: 'Slow Imports', leadTimeDays: 14 })).json();
  s.fast = (await api('POST', '/suppliers', { name: 'Fast Local', leadTimeDays: 3 })).json();
  s.dormant = (await api('POST', '/suppliers', { name: 'Gone', leadTimeDays: 1 })).json();

  // 30 in, 24 sold in the window: 6 available, 0.8 a day.
  p.busy = await product(10, 300);
  await change(p.busy, 30, 'receipt');
  await change(p.busy, -24, 'sale');
  await link(s.slow.id, p.busy, { lastCostCents: 280 });
  p.small = await product(2);
  await link(s.slow.id, p.small);
  // Nothing on hand, but 3 on their way (a sent order).
  p.coming = await product(5);
  await link(s.slow.id, p.coming);
  // 4 available and 10 on their way: above its point of 5.
  p.enough = await product(5);
  await change(p.enough, 4, 'receipt');
  await link(s.slow.id, p.enough);
  p.bulk = await product(5);
  await link(s.fast.id, p.bulk, { minOrderQuantity: 50 });
  p.drafted = await product(5);
  await link(s.fast.id, p.drafted);
  p.orphan = await product(3);
  p.dormant = await product(3);
  await link(s.dormant.id, p.dormant);
  await api('PATCH', `/suppliers/${s.dormant.id}`, { active: false });

  for (const [productId, quantity] of [
    [p.coming, 3],
    [p.enough, 10],
  ] as const) {
    const po = await api('POST', '/purchase-orders', { supplierId: s.slow.id, lines: [{ productId, quantity }] });
    await api('POST', `/purchase-orders/${po.json().id}/transitions`, { to: 'sent' });
  }
  await api('POST', '/purchase-orders', { supplierId: s.fast.id, lines: [{ productId: p.drafted, quantity: 1 }] });
});
afterAll(() => t?.close());

async function report(query = ''): Promise<{ items: ReorderSuggestion[]; nextCursor: string | null }> {
  const res = await api('GET', `/reports/reorder-suggestions?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function allSuggestions(): Promise<ReorderSuggestion[]> {
  const items: ReorderSuggestion[] = [];
  let cursor: string | null = null;
  do {
    const page = await report(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('reorder suggestions by supplier', () => {
  it("group by preferred supplier, use the supplier's lead time and minimum order, and count what is coming", async () => {
    const items = await allSuggestions();
    expect(items.map((i) => [i.productId, i.supplierId])).toEqual([
      [p.busy, s.slow.id],
      [p.small, s.slow.id],
      [p.coming, s.slow.id],
      [p.bulk, s.fast.id],
      [p.drafted, s.fast.id],
      [p.orphan, null],
      [p.dormant, null],
    ]);
    const by = new Map(items.map((i) => [i.productId, i]));
    // ceil(0.8 × (14 + 7)) = 17; 17 + 10 + 1 − 6 = 22 (with the default 7-day lead time it would be 17).
    expect(by.get(p.busy)).toMatchObject({
      available: 6,
      incoming: 0,
      soldLast30Days: 24,
      supplierName: 'Slow Imports',
      leadTimeDays: 14,
      suggestedQuantity: 22,
    });
    expect(by.get(p.coming)).toMatchObject({ available: 0, incoming: 3, suggestedQuantity: 3 });
    expect(by.get(p.bulk)).toMatchObject({ leadTimeDays: 3, suggestedQuantity: 50 });
    expect(by.get(p.orphan)).toMatchObject({ supplierId: null, supplierName: null, leadTimeDays: 7 });
    // An inactive preferred supplier is no supplier.
    expect(by.get(p.dormant)).toMatchObject({ supplierId: null, leadTimeDays: 7 });
    expect(by.has(p.enough)).toBe(false);
    expect((await report(`supplierId=${s.fast.id}`)).items.map((i) => i.productId)).toEqual([p.bulk, p.drafted]);
  });

  it('export the supplier and lead time in the CSV', async () => {
    const res = await api('GET', `/reports/reorder-suggestions?format=csv&supplierId=${s.fast.id}`);
    const [header, first] = res.body.trim().split('\n');
    expect(header).toContain('incoming,supplierName,leadTimeDays');
    expect(first).toContain(',Fast Local,3');
  });
});

describe('draft purchase orders from suggestions', () => {
  it("make one draft per supplier with the suggested quantities, expected after the supplier's lead time", async () => {
    const before = await allSuggestions();
    const suggested = new Map(before.map((i) => [i.productId, i.suggestedQuantity]));
    const today = NOW.slice(0, 10);

    const onlyFast = await api('POST', '/purchase-orders/from-suggestions', { supplierIds: [s.fast.id] });
    expect(onlyFast.statusCode, onlyFast.body).toBe(201);
    const fast = onlyFast.json<PurchaseOrdersFromSuggestionsResult>();
    expect(fast.items).toHaveLength(1);
    expect(fast.items[0]).toMatchObject({
      supplierId: s.fast.id,
      status: 'draft',
      expectedDate: addDays(today, 3),
      lines: [expect.objectContaining({ productId: p.bulk, quantity: 50, unitCostCents: 100 })],
    });
    expect(fast.skipped).toEqual([
      {
        productId: p.drafted,
        sku: expect.any(String),
        name: expect.any(String),
        suggestedQuantity: suggested.get(p.drafted),
        reason: 'on_draft_purchase_order',
      },
    ]);

    const rest = (
      await api('POST', '/purchase-orders/from-suggestions', {})
    ).json<PurchaseOrdersFromSuggestionsResult>();
    expect(rest.items).toHaveLength(1);
    const slow: PurchaseOrder = rest.items[0]!;
    expect(slow).toMatchObject({ supplierId: s.slow.id, status: 'draft', expectedDate: addDays(today, 14) });
    expect(slow.lines.map((l) => [l.productId, l.quantity, l.unitCostCents])).toEqual([
      [p.busy, 22, 280],
      [p.small, suggested.get(p.small), 100],
      [p.coming, 3, 100],
    ]);
    expect(rest.skipped.map((x) => [x.productId, x.reason])).toEqual([
      [p.bulk, 'on_draft_purchase_order'],
      [p.drafted, 'on_draft_purchase_order'],
      [p.orphan, 'no_preferred_supplier'],
      [p.dormant, 'no_preferred_supplier'],
    ]);
    // Nothing is ordered twice.
    const again = (
      await api('POST', '/purchase-orders/from-suggestions', {})
    ).json<PurchaseOrdersFromSuggestionsResult>();
    expect(again.items).toEqual([]);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'purchase_order')
      .where('entity_id', '=', String(slow.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['purchase_order.created']);
  });
});
