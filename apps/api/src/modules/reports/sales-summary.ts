import { creditTaxCents, type OrderStatus } from '@bodega/domain';
import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from '../../db/database';
import type { OrderRow, SalesDailyProductsTable, SalesDailyTable } from '../../db/schema';
import type { Work } from '../../platform/transaction';
import { today } from '../receivables/debt-ledger';

/**
 * The daily sales summaries (`sales_daily` per seller, `sales_daily_products` per product)
 * change only here, by `x = x + :delta` upserts in the transaction of the order or return
 * that changes them (docs/decisions/0005-reports-at-scale.md). The upserts are the last
 * writes of those transactions that take row locks, seller row first, then products by id,
 * so they cannot deadlock with each other or with the stock and debt locks taken before.
 */

type SellerRow = Insertable<SalesDailyTable>;
type ProductRow = Insertable<SalesDailyProductsTable>;

const SELLER_SUMS = [
  'orders',
  'units',
  'subtotal_cents',
  'discount_cents',
  'tax_cents',
  'shipping_cents',
  'returns',
  'returned_units',
  'returns_cents',
  'returns_tax_cents',
] as const satisfies readonly (keyof SalesDailyTable)[];
const PRODUCT_SUMS = [
  'lines',
  'units',
  'subtotal_cents',
  'discount_cents',
  'tax_cents',
  'returned_units',
  'returns_cents',
  'returns_tax_cents',
] as const satisfies readonly (keyof SalesDailyProductsTable)[];

const addExcluded = (table: string, columns: readonly string[]) =>
  Object.fromEntries(columns.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]));

async function addToSeller(trx: Tx, row: SellerRow): Promise<void> {
  await trx
    .insertInto('sales_daily')
    .values(row)
    .onConflict((oc) => oc.columns(['day', 'seller_id']).doUpdateSet(addExcluded('sales_daily', SELLER_SUMS)))
    .execute();
}

async function addToProducts(trx: Tx, rows: ProductRow[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('sales_daily_products')
    .values([...rows].sort((a, b) => a.product_id - b.product_id))
    .onConflict((oc) =>
      oc.columns(['day', 'product_id']).doUpdateSet(addExcluded('sales_daily_products', PRODUCT_SUMS)),
    )
    .execute();
}

/** Whom the sale counts for: the staff member who placed the order, or 0 for a customer's own order. */
async function sellerOf(trx: Tx, userId: number | null): Promise<number> {
  if (userId === null) return 0;
  const user = await trx.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst();
  return !user || user.role === 'customer' ? 0 : userId;
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
    .select(['product_id', 'quantity', 'subtotal_cents', 'discount_cents', 'tax_cents'])
    .where('order_id', '=', order.id)
    .execute();
  const none = { returns: 0, returned_units: 0, returns_cents: 0, returns_tax_cents: 0 };
  await addToSeller(trx, {
    day,
    seller_id: await sellerOf(trx, order.created_by),
    orders: sign,
    units: sign * lines.reduce((sum, l) => sum + l.quantity, 0),
    subtotal_cents: sign * order.subtotal_cents,
    discount_cents: sign * order.discount_cents,
    tax_cents: sign * order.tax_cents,
    shipping_cents: sign * order.shipping_cents,
    ...none,
  });
  await addToProducts(
    trx,
    lines.map((l) => ({
      day,
      product_id: l.product_id,
      lines: sign,
      units: sign * l.quantity,
      subtotal_cents: sign * l.subtotal_cents,
      discount_cents: sign * l.discount_cents,
      tax_cents: sign * l.tax_cents,
      returned_units: 0,
      returns_cents: 0,
      returns_tax_cents: 0,
    })),
  );
}

type ReturnedLine = {
  product_id: number;
  quantity: number;
  credit_cents: number;
  tax_cents: number;
  total_cents: number;
};

/** The credit of each returned line, split into its pre-tax and tax parts (creditTaxCents). */
function returnFigures(lines: ReturnedLine[]) {
  const byProduct = new Map<number, { returned_units: number; returns_cents: number; returns_tax_cents: number }>();
  for (const l of lines) {
    const tax = creditTaxCents(l.credit_cents, l.tax_cents, l.total_cents);
    const sums = byProduct.get(l.product_id) ?? { returned_units: 0, returns_cents: 0, returns_tax_cents: 0 };
    sums.returned_units += l.quantity;
    sums.returns_cents += l.credit_cents - tax;
    sums.returns_tax_cents += tax;
    byProduct.set(l.product_id, sums);
  }
  return byProduct;
}

const returnedLines = (db: Db | Tx) =>
  db
    .selectFrom('return_lines as r')
    .innerJoin('order_lines as o', 'o.id', 'r.order_line_id')
    .select(['r.product_id', 'r.quantity', 'r.credit_cents', 'o.tax_cents', 'o.total_cents']);

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
  const byProduct = returnFigures(await returnedLines(trx).where('r.return_id', '=', returnId).execute());
  const sum = (k: 'returned_units' | 'returns_cents' | 'returns_tax_cents') =>
    [...byProduct.values()].reduce((total, p) => total + p[k], 0);
  const noSales = { units: 0, subtotal_cents: 0, discount_cents: 0, tax_cents: 0 };
  await addToSeller(trx, {
    day,
    seller_id: await sellerOf(trx, order.created_by),
    orders: 0,
    shipping_cents: 0,
    returns: 1,
    returned_units: sum('returned_units'),
    returns_cents: sum('returns_cents'),
    returns_tax_cents: sum('returns_tax_cents'),
    ...noSales,
  });
  await addToProducts(
    trx,
    [...byProduct].map(([productId, figures]) => ({ day, product_id: productId, lines: 0, ...noSales, ...figures })),
  );
}
