import type { MovementType } from '@bodega/domain';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../platform/transaction';
import { createTestApp, type TestApp } from '../../test/harness';
import { applyStockChanges, type StockChange } from './stock-ledger';

let t: TestApp;
let mainId: number;
let backId: number;
let wm: string;
const p: Record<'low' | 'atPoint' | 'above' | 'archived' | 'never' | 'formula', number> = {
  low: 0,
  atPoint: 0,
  above: 0,
  archived: 0,
  never: 0,
  formula: 0,
};

const change = (productId: number, onHand: number, type: MovementType, extra: Partial<StockChange> = {}) =>
  inTransaction(t.ctx, (work) =>
    applyStockChanges(work, [{ productId, locationId: mainId, onHand, movement: { type }, userId: null, ...extra }]),
  );

async function product(fields: Parameters<TestApp['insertProduct']>[0], reorderQuantity = 0) {
  const id = await t.insertProduct(fields);
  await t.ctx.db.updateTable('products').set({ reorder_quantity: reorderQuantity }).where('id', '=', id).execute();
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  const now = new Date().toISOString();
  mainId = (await t.ctx.db.selectFrom('locations').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow())
    .id;
  backId = (
    await t.ctx.db
      .insertInto('locations')
      .values({ code: 'BACK', name: 'Back room', active: 1, is_default: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  p.low = await product({ sku: 'LOW-1', name: 'Wood screws', reorderPoint: 10, costCents: 300 }, 5);
  await change(p.low, 33, 'receipt');
  await change(p.low, -3, 'sale'); // 31 days before "now": outside the window
  t.advance(31 * 86_400_000);
  await change(p.low, -9, 'sale');
  await change(p.low, -12, 'sale');
  await change(p.low, 0, 'sale', { reserved: 2, movement: undefined });

  p.atPoint = await product({ sku: 'AT-1', name: 'Wall plugs', reorderPoint: 5, costCents: 80 }, 50);
  await change(p.atPoint, 3, 'receipt');
  await change(p.atPoint, 2, 'receipt', { locationId: backId });

  p.above = await product({ reorderPoint: 5, costCents: 80 });
  await change(p.above, 6, 'receipt');
  p.archived = await product({ reorderPoint: 5, active: false });
  p.never = await product({ reorderPoint: 0 });
  p.formula = await product({ sku: 'F-1', name: '=HYPERLINK("http://x.test")', reorderPoint: 3, costCents: 10 });

  // Staff sign in after the clock moved, so their tokens are current.
  wm = (await t.createStaff('warehouse_manager')).token;
});
afterAll(() => t?.close());

type Suggestion = { productId: number } & Record<string, unknown>;
const report = async (query = '', token = wm) =>
  t.request({ method: 'GET', url: `/api/v1/reports/reorder-suggestions?${query}`, token });
async function allSuggestions(): Promise<Suggestion[]> {
  const items: Suggestion[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Suggestion[]; nextCursor: string | null } = (
      await report(`limit=2${cursor ? `&cursor=${cursor}` : ''}`)
    ).json();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('reorder suggestions', () => {
  it('suggest enough for lead time and safety stock from the last 30 days of sales', async () => {
    const res = await report();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ windowDays: 30, leadTimeDays: 7, safetyDays: 7 });
    const low = res.json().items.find((s: Suggestion) => s.productId === p.low);
    // available 33 − 3 − 9 − 12 − 2 reserved = 7; sold in 30 days 21 (the older 3 do not count);
    // ceil(21 / 30 × (7 + 7)) = ceil(9.8) = 10; 10 + reorder point 10 + 1 − 7 = 14 (≥ reorder qty 5).
    expect(low).toEqual({
      productId: p.low,
      sku: 'LOW-1',
      name: 'Wood screws',
      available: 7,
      reorderPoint: 10,
      reorderQuantity: 5,
      soldLast30Days: 21,
      suggestedQuantity: 14,
      costCents: 300,
      estimatedCostCents: 14 * 300,
      incoming: 0,
      supplierId: null,
      supplierName: null,
      leadTimeDays: 7,
    });
  });

  it('add up every location, include a product at its point, and never go below the reorder quantity', async () => {
    const items = await allSuggestions();
    // 3 + 2 across two locations = the reorder point 5; no sales: 0 + 5 + 1 − 5 = 1, raised to 50.
    expect(items.find((s) => s.productId === p.atPoint)).toMatchObject({
      available: 5,
      soldLast30Days: 0,
      suggestedQuantity: 50,
      estimatedCostCents: 4000,
    });
    // Out of stock with a reorder point of 0 still needs at least one.
    expect(items.find((s) => s.productId === p.never)).toMatchObject({ available: 0, suggestedQuantity: 1 });
    const ids = items.map((s) => s.productId);
    expect(ids).not.toContain(p.above);
    expect(ids).not.toContain(p.archived);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  });

  it('export as CSV, with formula-like text defused', async () => {
    const res = await report('format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="reorder-suggestions-.*\.csv"$/);
    const rows: Record<string, string>[] = parse(res.body, { columns: true });
    expect(rows.find((r) => r.sku === 'LOW-1')).toEqual({
      sku: 'LOW-1',
      name: 'Wood screws',
      available: '7',
      reorderPoint: '10',
      reorderQuantity: '5',
      soldLast30Days: '21',
      suggestedQuantity: '14',
      costCents: '300',
      estimatedCostCents: '4200',
      incoming: '0',
      supplierName: '',
      leadTimeDays: '7',
    });
    expect(rows.find((r) => r.sku === 'F-1')?.name).toBe(`'=HYPERLINK("http://x.test")`);
    expect(rows).toHaveLength((await allSuggestions()).length);
  });

  it('is for admins and warehouse managers', async () => {
    expect((await report('', (await t.createStaff('sales_staff')).token)).statusCode).toBe(403);
    expect((await report('', (await t.registerCustomer()).accessToken)).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/reports/reorder-suggestions' })).statusCode).toBe(401);
  });
});
