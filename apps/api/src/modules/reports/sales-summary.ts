import { creditTaxCents, isStaffRole, type OrderStatus } from '@bodega/domain';
import { sql } from 'kysely';
import type { Tx } from '../../db/database';
import type { OrderRow } from '../../db/schema';
import type { Work } from '../../platform/transaction';
import { today } from '../settings/settings.queries';

/**
 * The daily sales summaries — `sales_daily` per seller, `sales_daily_products` per product,
 * `sales_daily_categories` per category — change only here, by `x = x + :delta` upserts in
 * the transaction of the order or return that changes them (docs/decisions/0005-reports-at-scale.md).
 * They are the last writes of those transactions to take row locks, always seller row first,
 * then products by id, then categories by id, so they cannot deadlock with each other or with
 * the stock and debt locks taken before.
 */

/** What one order line adds to (or, negated, takes from) a summary row. */
type LineSums = {
  lines: number;
  units: number;
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  returned_units: number;
  returns_cents: number;
  returns_tax_cents: number;
};
const LINE_SUMS = [
  'lines',
  'units',
  'subtotal_cents',
  'discount_cents',
  'tax_cents',
  'returned_units',
  'returns_cents',
  'returns_tax_cents',
] as const satisfies readonly (keyof LineSums)[];
const NONE: LineSums = Object.freeze(Object.fromEntries(LINE_SUMS.map((c) => [c, 0])) as LineSums);

const add = (a: LineSums, b: LineSums): LineSums =>
  Object.fromEntries(LINE_SUMS.map((c) => [c, a[c] + b[c]])) as LineSums;

/** Sums by a key (product or category), ascending, for the lock order. */
function byKey<T>(items: T[], key: (item: T) => number, sums: (item: T) => LineSums): [number, LineSums][] {
  const map = new Map<number, LineSums>();
  for (const item of items) map.set(key(item), add(map.get(key(item)) ?? NONE, sums(item)));
  return [...map].sort((a, b) => a[0] - b[0]);
}

const plusExcluded = (table: string, columns: readonly string[]) =>
  Object.fromEntries(columns.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]));

type SellerSums = LineSums & { orders: number; shipping_cents: number; returns: number };

async function addToSeller(trx: Tx, day: string, sellerId: number, sums: SellerSums): Promise<void> {
  await trx
    .insertInto('sales_daily')
    .values({ day, seller_id: sellerId, ...sums })
    .onConflict((oc) =>
      oc
        .columns(['day', 'seller_id'])
        .doUpdateSet(plusExcluded('sales_daily', ['orders', 'shipping_cents', 'returns', ...LINE_SUMS])),
    )
    .execute();
}

async function addToProductsAndCategories(
  trx: Tx,
  day: string,
  products: [number, LineSums][],
  categories: [number, LineSums][],
): Promise<void> {
  if (products.length) {
    await trx
      .insertInto('sales_daily_products')
      .values(products.map(([productId, sums]) => ({ day, product_id: productId, ...sums })))
      .onConflict((oc) =>
        oc.columns(['day', 'product_id']).doUpdateSet(plusExcluded('sales_daily_products', LINE_SUMS)),
      )
      .execute();
  }
  if (categories.length) {
    await trx
      .insertInto('sales_daily_categories')
      .values(categories.map(([categoryId, sums]) => ({ day, category_id: categoryId, ...sums })))
      .onConflict((oc) =>
        oc.columns(['day', 'category_id']).doUpdateSet(plusExcluded('sales_daily_categories', LINE_SUMS)),
      )
      .execute();
  }
}

/** Whom the sale counts for: the staff member who placed the order, or 0 for a customer's own order. */
async function sellerOf(trx: Tx, userId: number | null): Promise<number> {
  if (userId === null) return 0;
  const user = await trx.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst();
  return !user || !isStaffRole(user.role) ? 0 : userId;
}

/**
 * An order becomes a sale on the local day it is confirmed; cancelling it later takes it
 * back out of that same day. Call after the order's status has changed.
 */
export async function recordOrderTransition(work: Work, order: OrderRow, to: OrderStatus): Promise<void> {
  if (to === 'confirmed') {
    const day = await today(work.trx, work.now);
    await work.trx.updateTable('orders').set({ confirmed_day: day }).where('id', '=', order.id).execute();
    await addOrder(work.trx, order, day, 1);
  } else if (to === 'cancelled' && order.confirmed_day !== null) {
    await addOrder(work.trx, order, order.confirmed_day, -1);
  }
}

async function addOrder(trx: Tx, order: OrderRow, day: string, sign: 1 | -1): Promise<void> {
  const lines = await trx
    .selectFrom('order_lines')
    .select(['product_id', 'category_id', 'quantity', 'subtotal_cents', 'discount_cents', 'tax_cents'])
    .where('order_id', '=', order.id)
    .execute();
  const sums = (l: (typeof lines)[number]): LineSums => ({
    ...NONE,
    lines: sign,
    units: sign * l.quantity,
    subtotal_cents: sign * l.subtotal_cents,
    discount_cents: sign * l.discount_cents,
    tax_cents: sign * l.tax_cents,
  });
  await addToSeller(trx, day, await sellerOf(trx, order.created_by), {
    ...lines.map(sums).reduce(add, NONE),
    orders: sign,
    shipping_cents: sign * order.shipping_cents,
    returns: 0,
  });
  await addToProductsAndCategories(
    trx,
    day,
    byKey(lines, (l) => l.product_id, sums),
    byKey(lines, (l) => l.category_id ?? 0, sums),
  );
}

/** A received return reduces the sales of the day it is received, for the order's seller. */
export async function recordReturnReceived(work: Work, returnId: number): Promise<void> {
  const { trx } = work;
  const day = await today(trx, work.now);
  const order = await trx
    .selectFrom('returns as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select('o.created_by')
    .where('r.id', '=', returnId)
    .executeTakeFirstOrThrow();
  const lines = await trx
    .selectFrom('return_lines as r')
    .innerJoin('order_lines as o', 'o.id', 'r.order_line_id')
    .select(['r.product_id', 'o.category_id', 'r.quantity', 'r.credit_cents', 'o.tax_cents', 'o.total_cents'])
    .where('r.return_id', '=', returnId)
    .execute();
  // Each line's credit splits into its tax and pre-tax parts (creditTaxCents).
  const sums = (l: (typeof lines)[number]): LineSums => {
    const tax = creditTaxCents(l.credit_cents, l.tax_cents, l.total_cents);
    return { ...NONE, returned_units: l.quantity, returns_cents: l.credit_cents - tax, returns_tax_cents: tax };
  };
  await addToSeller(trx, day, await sellerOf(trx, order.created_by), {
    ...lines.map(sums).reduce(add, NONE),
    orders: 0,
    shipping_cents: 0,
    returns: 1,
  });
  await addToProductsAndCategories(
    trx,
    day,
    byKey(lines, (l) => l.product_id, sums),
    byKey(lines, (l) => l.category_id ?? 0, sums),
  );
}
