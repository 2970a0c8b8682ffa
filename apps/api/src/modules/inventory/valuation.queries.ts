import type { Valuation, ValueHistory, ValueHistoryQuery, ValuePoint } from '@bodega/contract';
import { addDays, localDay } from '@bodega/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database';
import type { AppContext } from '../../platform/context';
import { getSettings } from '../settings/settings.queries';

/** The days a value-history request covers when it names none. */
export const DEFAULT_HISTORY_DAYS = 90;

const valueCents = sql<number>`coalesce(sum(l.on_hand * p.cost_cents), 0)`;
const units = sql<number>`coalesce(sum(l.on_hand), 0)`;
const products = sql<number>`count(distinct l.product_id)`;

/** Stock on hand, everywhere, joined to the cost it is valued at; archived products included. */
const stockOnHand = (db: Db | Tx) =>
  db.selectFrom('stock_levels as l').innerJoin('products as p', 'p.id', 'l.product_id').where('l.on_hand', '>', 0);

/** Inventory value by category, in one aggregate; the totals are the sum of the groups. */
export async function inventoryValuation(ctx: AppContext): Promise<Valuation> {
  const rows = await stockOnHand(ctx.db)
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .select([
      'p.category_id',
      'c.name',
      'c.parent_id',
      valueCents.as('value_cents'),
      units.as('units'),
      products.as('products'),
    ])
    .groupBy(['p.category_id', 'c.name', 'c.parent_id'])
    .orderBy('value_cents', 'desc')
    .orderBy('c.name')
    .execute();
  const byCategory = rows.map((r) => ({
    categoryId: r.category_id,
    categoryName: r.name,
    parentId: r.parent_id,
    valueCents: Number(r.value_cents),
    units: Number(r.units),
    products: Number(r.products),
  }));
  return {
    currency: ctx.config.currency,
    totalValueCents: byCategory.reduce((sum, c) => sum + c.valueCents, 0),
    totalUnits: byCategory.reduce((sum, c) => sum + c.units, 0),
    totalProducts: byCategory.reduce((sum, c) => sum + c.products, 0),
    byCategory,
  };
}

export async function inventoryTotals(db: Db | Tx): Promise<Omit<ValuePoint, 'day'>> {
  const row = await stockOnHand(db)
    .select([valueCents.as('value_cents'), units.as('units'), products.as('products')])
    .executeTakeFirstOrThrow();
  return { valueCents: Number(row.value_cents), units: Number(row.units), products: Number(row.products) };
}

export async function findSnapshot(db: Db | Tx, day: string) {
  return db.selectFrom('inventory_snapshots').selectAll().where('day', '=', day).executeTakeFirst();
}

/** Daily snapshots between two days (inclusive), oldest first; by default the last 90 days. */
export async function valueHistory(ctx: AppContext, query: ValueHistoryQuery): Promise<ValueHistory> {
  const today = localDay(ctx.now(), (await getSettings(ctx.db)).timeZone);
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? addDays(to, 1 - DEFAULT_HISTORY_DAYS);
  const rows = await ctx.db
    .selectFrom('inventory_snapshots')
    .select(['day', 'value_cents', 'units', 'products'])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
  return {
    from,
    to,
    items: rows.map((r) => ({ day: r.day, valueCents: r.value_cents, units: r.units, products: r.products })),
  };
}
