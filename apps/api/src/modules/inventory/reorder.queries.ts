import type { ReorderSuggestion, ReorderSuggestionsQuery } from '@bodega/contract';
import { reorderSuggestion } from '@bodega/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

export const SALES_WINDOW_DAYS = 30;
// Until suppliers (with their own lead times) arrive, every product is assumed to take a week
// to arrive, with a further week of demand kept as safety stock.
export const LEAD_TIME_DAYS = 7;
export const SAFETY_DAYS = 7;

const CSV_PAGE = 500;

/**
 * Active products whose availability across all locations is at or below their reorder point,
 * with a suggested order quantity from the last 30 days of sales. Keyset on product id.
 */
export async function reorderSuggestions(db: Db, query: Pick<ReorderSuggestionsQuery, 'limit' | 'cursor'>, now: Date) {
  const after = decodeCursor(query.cursor, isPositiveInt);
  const since = new Date(now.getTime() - SALES_WINDOW_DAYS * 86_400_000).toISOString();
  const available = sql<number>`coalesce(sum(l.on_hand - l.reserved), 0)`;
  let q = db
    .selectFrom('products as p')
    .leftJoin('stock_levels as l', 'l.product_id', 'p.id')
    .select((eb) => [
      'p.id',
      'p.sku',
      'p.name',
      'p.reorder_point',
      'p.reorder_quantity',
      'p.cost_cents',
      available.as('available'),
      eb
        .selectFrom('stock_movements as m')
        .select(sql<number>`coalesce(-sum(m.quantity), 0)`.as('sold'))
        .whereRef('m.product_id', '=', 'p.id')
        .where('m.type', '=', 'sale')
        .where('m.created_at', '>=', since)
        .as('sold'),
    ])
    .where('p.active', '=', 1)
    .groupBy(['p.id', 'p.sku', 'p.name', 'p.reorder_point', 'p.reorder_quantity', 'p.cost_cents'])
    .having((eb) => eb(available, '<=', eb.ref('p.reorder_point')))
    .orderBy('p.id')
    .limit(query.limit + 1);
  if (after !== undefined) q = q.where('p.id', '>', after);
  const page = toPage(
    await q.execute(),
    query.limit,
    (r): ReorderSuggestion => {
      const soldLast30Days = Math.max(0, Number(r.sold ?? 0));
      const suggestedQuantity = reorderSuggestion({
        available: Number(r.available),
        reorderPoint: r.reorder_point,
        reorderQuantity: r.reorder_quantity,
        soldInWindow: soldLast30Days,
        windowDays: SALES_WINDOW_DAYS,
        leadTimeDays: LEAD_TIME_DAYS,
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
      };
    },
    (r) => r.id,
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
] as const satisfies readonly (keyof ReorderSuggestion)[];

/** Every suggestion, read a page at a time, for the CSV export. */
export async function* allReorderSuggestions(db: Db, now: Date): AsyncGenerator<ReorderSuggestion> {
  let cursor: string | undefined;
  do {
    const page = await reorderSuggestions(db, { limit: CSV_PAGE, cursor }, now);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
