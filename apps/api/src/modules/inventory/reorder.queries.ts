import type { ReorderSuggestion, ReorderSuggestionsQuery } from '@bodega/contract';
import { OPEN_PURCHASE_ORDER_STATUSES, reorderSuggestion } from '@bodega/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

export const SALES_WINDOW_DAYS = 30;
// A product without a preferred (active) supplier is assumed to take a week to arrive; one with
// takes its supplier's lead time. A further week of demand is kept as safety stock.
export const LEAD_TIME_DAYS = 7;
export const SAFETY_DAYS = 7;

const CSV_PAGE = 500;

// Products without a preferred supplier sort after every supplier's group.
const NO_SUPPLIER = 2_147_483_647;
type SuggestionKey = [number, number];
const isSuggestionKey = (v: unknown): v is SuggestionKey =>
  Array.isArray(v) && v.length === 2 && v.every(isPositiveInt);

/**
 * Active products whose availability across all locations, plus what open purchase orders
 * still bring, is at or below their reorder point, with a suggested order quantity from the
 * last 30 days of sales and the lead time of their preferred supplier (never below that
 * supplier's minimum order). Grouped by preferred supplier (those without one last), then by
 * product id; keyset on both.
 */
export async function reorderSuggestions(
  db: Db | Tx,
  query: Pick<ReorderSuggestionsQuery, 'limit' | 'cursor' | 'supplierId'>,
  now: Date,
) {
  const after = decodeCursor(query.cursor, isSuggestionKey);
  const since = new Date(now.getTime() - SALES_WINDOW_DAYS * 86_400_000).toISOString();
  const available = sql<number>`coalesce(sum(l.on_hand - l.reserved), 0)`;
  // Outstanding quantities summed once from the few open purchase orders, not per product.
  const incoming = sql<number>`coalesce(max(i.quantity), 0)`;
  const supplierKey = sql<number>`coalesce(s.id, ${sql.lit(NO_SUPPLIER)})`;
  let q = db
    .selectFrom('products as p')
    .leftJoin('stock_levels as l', 'l.product_id', 'p.id')
    .leftJoin(incomingByProduct(db).as('i'), 'i.product_id', 'p.id')
    .leftJoin('product_suppliers as ps', (join) => join.onRef('ps.product_id', '=', 'p.id').on('ps.preferred', '=', 1))
    .leftJoin('suppliers as s', (join) => join.onRef('s.id', '=', 'ps.supplier_id').on('s.active', '=', 1))
    .select([
      'p.id',
      'p.sku',
      'p.name',
      'p.reorder_point',
      'p.reorder_quantity',
      'p.cost_cents',
      available.as('available'),
      incoming.as('incoming'),
      's.id as supplier_id',
      's.name as supplier_name',
      's.lead_time_days',
      'ps.min_order_quantity',
    ])
    .where('p.active', '=', 1)
    .groupBy([
      'p.id',
      'p.sku',
      'p.name',
      'p.reorder_point',
      'p.reorder_quantity',
      'p.cost_cents',
      's.id',
      's.name',
      's.lead_time_days',
      'ps.min_order_quantity',
    ])
    .having((eb) => eb(sql`${available} + ${incoming}`, '<=', eb.ref('p.reorder_point')))
    .orderBy(supplierKey)
    .orderBy('p.id')
    .limit(query.limit + 1);
  if (query.supplierId !== undefined) q = q.where('s.id', '=', query.supplierId);
  if (after !== undefined) {
    q = q.where((eb) =>
      eb.or([eb(supplierKey, '>', after[0]), eb.and([eb(supplierKey, '=', after[0]), eb('p.id', '>', after[1])])]),
    );
  }
  const rows = await q.execute();
  // Sales of the window for the products of this page only: a ledger range per product.
  const soldOf = new Map<number, number>();
  if (rows.length) {
    const sold = await db
      .selectFrom('stock_movements as m')
      .select(['m.product_id', sql<number>`-sum(m.quantity)`.as('sold')])
      .where(
        'm.product_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('m.type', '=', 'sale')
      .where('m.created_at', '>=', since)
      .groupBy('m.product_id')
      .execute();
    for (const r of sold) soldOf.set(r.product_id, Number(r.sold));
  }
  const page = toPage(
    rows,
    query.limit,
    (r): ReorderSuggestion => {
      const soldLast30Days = Math.max(0, soldOf.get(r.id) ?? 0);
      const hasSupplier = r.supplier_id !== null;
      const leadTimeDays = hasSupplier ? Number(r.lead_time_days) : LEAD_TIME_DAYS;
      const suggestedQuantity = reorderSuggestion({
        available: Number(r.available),
        incoming: Number(r.incoming),
        reorderPoint: r.reorder_point,
        reorderQuantity: Math.max(r.reorder_quantity, hasSupplier ? Number(r.min_order_quantity) : 0),
        soldInWindow: soldLast30Days,
        windowDays: SALES_WINDOW_DAYS,
        leadTimeDays,
        safetyDays: SAFETY_DAYS,
      });
      return {
        productId: r.id,
        sku: r.sku,
        name: r.name,
        available: Number(r.available),
        reorderPoint: r.reorder_point,
        reorderQuantity: r.reorder_quantity,
        soldLast30Days,
        suggestedQuantity,
        costCents: r.cost_cents,
        estimatedCostCents: suggestedQuantity * r.cost_cents,
        incoming: Number(r.incoming),
        supplierId: r.supplier_id,
        supplierName: r.supplier_name,
        leadTimeDays,
      };
    },
    (r): SuggestionKey => [r.supplier_id ?? NO_SUPPLIER, r.id],
  );
  return { ...page, windowDays: SALES_WINDOW_DAYS, leadTimeDays: LEAD_TIME_DAYS, safetyDays: SAFETY_DAYS };
}

export const REORDER_CSV_COLUMNS = [
  'sku',
  'name',
  'available',
  'reorderPoint',
  'reorderQuantity',
  'soldLast30Days',
  'suggestedQuantity',
  'costCents',
  'estimatedCostCents',
  'incoming',
  'supplierName',
  'leadTimeDays',
] as const satisfies readonly (keyof ReorderSuggestion)[];

/** Every suggestion, read a page at a time, for the CSV export and for drafting purchase orders. */
export async function* allReorderSuggestions(
  db: Db | Tx,
  now: Date,
  supplierId?: number,
): AsyncGenerator<ReorderSuggestion> {
  let cursor: string | undefined;
  do {
    const page = await reorderSuggestions(db, { limit: CSV_PAGE, cursor, supplierId }, now);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Outstanding quantities of the open purchase orders, per product, all locations. */
function incomingByProduct(db: Db | Tx) {
  return db
    .selectFrom('purchase_order_lines as pl')
    .innerJoin('purchase_orders as po', 'po.id', 'pl.purchase_order_id')
    .select(['pl.product_id', sql<number>`sum(pl.quantity - pl.received_quantity)`.as('quantity')])
    .where('po.status', 'in', OPEN_PURCHASE_ORDER_STATUSES)
    .where(sql<boolean>`pl.quantity > pl.received_quantity`)
    .groupBy('pl.product_id');
}

/**
 * The dashboard's stock figures in one pass over the products (through a covering index) and
 * their levels: the inventory value and units that `inventoryTotals` gives, and how many
 * products `reorderSuggestions` would list (active, available + incoming at or below the
 * reorder point). The incoming quantities are summed once, from the few open purchase orders.
 */
export async function stockFigures(db: Db | Tx): Promise<{ valueCents: number; units: number; reorderCount: number }> {
  const perProduct = db
    .selectFrom('products as p')
    .leftJoin('stock_levels as l', 'l.product_id', 'p.id')
    .select([
      'p.id',
      'p.active',
      'p.reorder_point',
      sql<number>`sum(case when l.on_hand > 0 then l.on_hand * p.cost_cents else 0 end)`.as('value_cents'),
      sql<number>`sum(case when l.on_hand > 0 then l.on_hand else 0 end)`.as('units'),
      sql<number>`coalesce(sum(l.on_hand - l.reserved), 0)`.as('available'),
    ])
    .groupBy(['p.id', 'p.active', 'p.reorder_point']);
  const row = await db
    .selectFrom(perProduct.as('t'))
    .leftJoin(incomingByProduct(db).as('i'), 'i.product_id', 't.id')
    .select([
      sql<number>`coalesce(sum(t.value_cents), 0)`.as('value_cents'),
      sql<number>`coalesce(sum(t.units), 0)`.as('units'),
      sql<number>`coalesce(sum(case when t.active = 1 and t.available + coalesce(i.quantity, 0) <= t.reorder_point then 1 else 0 end), 0)`.as(
        'reorder_count',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { valueCents: Number(row.value_cents), units: Number(row.units), reorderCount: Number(row.reorder_count) };
}
