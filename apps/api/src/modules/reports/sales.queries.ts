import type {
  SalesByCategoryReport,
  SalesByStaffReport,
  SalesFigures,
  SalesReport,
  TopProduct,
  TopProductsReport,
} from '@bodega/contract';
import { averageCents, periodsBetween, periodStart, type ReportGroup } from '@bodega/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { ReportRange } from './report-range';

/**
 * Sales read from the daily summaries (sales-summary.ts keeps them): an order counts on the
 * local day it was confirmed unless it was cancelled since; a received return counts against
 * the day it was received. Revenue is net of discounts and before tax and shipping.
 */

/** The summary columns every sales figure is made from. */
export type SalesSums = {
  orders: number;
  lines: number;
  units: number;
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  shipping_cents: number;
  returns: number;
  returned_units: number;
  returns_cents: number;
  returns_tax_cents: number;
};
const SUM_COLUMNS = [
  'orders',
  'lines',
  'units',
  'subtotal_cents',
  'discount_cents',
  'tax_cents',
  'shipping_cents',
  'returns',
  'returned_units',
  'returns_cents',
  'returns_tax_cents',
] as const satisfies readonly (keyof SalesSums)[];

export const NO_SALES: SalesSums = Object.freeze(Object.fromEntries(SUM_COLUMNS.map((c) => [c, 0])) as SalesSums);

export function addSums(a: SalesSums, b: SalesSums): SalesSums {
  return Object.fromEntries(SUM_COLUMNS.map((c) => [c, a[c] + b[c]])) as SalesSums;
}

export function toFigures(s: SalesSums): SalesFigures {
  const revenueCents = s.subtotal_cents - s.discount_cents;
  const totalCents = revenueCents + s.tax_cents + s.shipping_cents;
  return {
    orders: s.orders,
    units: s.units,
    subtotalCents: s.subtotal_cents,
    discountCents: s.discount_cents,
    revenueCents,
    taxCents: s.tax_cents,
    shippingCents: s.shipping_cents,
    totalCents,
    returns: s.returns,
    returnedUnits: s.returned_units,
    returnsCents: s.returns_cents,
    returnsTaxCents: s.returns_tax_cents,
    netRevenueCents: revenueCents - s.returns_cents,
    netTotalCents: totalCents - s.returns_cents - s.returns_tax_cents,
    averageOrderCents: averageCents(revenueCents, s.orders),
  };
}

const sumsOf = (prefix = '') =>
  SUM_COLUMNS.map((c) => sql<number>`coalesce(sum(${sql.ref(`${prefix}${c}`)}), 0)`.as(c));
const numbers = <R extends Record<string, unknown>>(row: R): SalesSums =>
  Object.fromEntries(SUM_COLUMNS.map((c) => [c, Number(row[c] ?? 0)])) as SalesSums;

/** Sales per day over a range (days without any are absent). */
export async function dailySales(db: Db, range: Pick<ReportRange, 'from' | 'to'>): Promise<Map<string, SalesSums>> {
  const rows = await db
    .selectFrom('sales_daily')
    .select(['day', ...sumsOf()])
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .groupBy('day')
    .execute();
  return new Map(rows.map((r) => [r.day, numbers(r)]));
}

/** Sales per day, week or month, every period of the range listed, with a totals row. */
export async function salesReport(
  db: Db,
  range: ReportRange,
  group: ReportGroup,
  currency: string,
): Promise<SalesReport> {
  const byPeriod = new Map(periodsBetween(range.from, range.to, group).map((p) => [p, NO_SALES]));
  for (const [day, sums] of await dailySales(db, range)) {
    const period = periodStart(day, group);
    byPeriod.set(period, addSums(byPeriod.get(period) ?? NO_SALES, sums));
  }
  const items = [...byPeriod].map(([period, sums]) => ({ period, ...toFigures(sums) }));
  const totals = [...byPeriod.values()].reduce(addSums, NO_SALES);
  return { ...range, currency, group, items, totals: toFigures(totals) };
}

type ProductSumsRow = {
  lines: number;
  units: number;
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  returned_units: number;
  returns_cents: number;
};
const PRODUCT_SUMS = [
  'lines',
  'units',
  'subtotal_cents',
  'discount_cents',
  'tax_cents',
  'returned_units',
  'returns_cents',
] as const satisfies readonly (keyof ProductSumsRow)[];
const productSumsOf = (prefix: string) =>
  PRODUCT_SUMS.map((c) => sql<number>`coalesce(sum(${sql.ref(`${prefix}${c}`)}), 0)`.as(c));

function productFigures(r: ProductSumsRow) {
  const units = Number(r.units);
  const revenueCents = Number(r.subtotal_cents) - Number(r.discount_cents);
  const returnedUnits = Number(r.returned_units);
  const returnsCents = Number(r.returns_cents);
  return {
    orderLines: Number(r.lines),
    units,
    revenueCents,
    taxCents: Number(r.tax_cents),
    returnedUnits,
    returnsCents,
    netUnits: units - returnedUnits,
    netRevenueCents: revenueCents - returnsCents,
  };
}

/** The per-product figures over every product equal the seller rows' (the same lines, summed another way). */
async function allProductsFigures(db: Db, range: ReportRange) {
  const row = await db
    .selectFrom('sales_daily as s')
    .select(productSumsOf('s.'))
    .where('s.day', '>=', range.from)
    .where('s.day', '<=', range.to)
    .executeTakeFirstOrThrow();
  return productFigures(row);
}

const productsInRange = (db: Db, range: ReportRange) =>
  db.selectFrom('sales_daily_products as s').where('s.day', '>=', range.from).where('s.day', '<=', range.to);

/**
 * The best-selling products of a range, by net revenue or net units. Ranking groups every
 * product-day row of the range, so it sums one thing only; the other figures are then read
 * for the products listed, and the totals from the small per-seller summary.
 */
export async function topProducts(
  db: Db,
  range: ReportRange,
  limit: number,
  sort: 'revenue' | 'units',
  currency: string,
): Promise<TopProductsReport> {
  const rank =
    sort === 'revenue'
      ? sql<number>`sum(s.subtotal_cents - s.discount_cents - s.returns_cents)`
      : sql<number>`sum(s.units - s.returned_units)`;
  const [ranked, totals] = await Promise.all([
    productsInRange(db, range)
      .select(['s.product_id', rank.as('rank')])
      .groupBy('s.product_id')
      .orderBy('rank', 'desc')
      .orderBy('s.product_id')
      .limit(limit)
      .execute(),
    allProductsFigures(db, range),
  ]);
  const ids = ranked.map((r) => r.product_id);
  const [figures, products] = ids.length
    ? await Promise.all([
        productsInRange(db, range)
          .select(['s.product_id', ...productSumsOf('s.')])
          .where('s.product_id', 'in', ids)
          .groupBy('s.product_id')
          .execute(),
        db.selectFrom('products').select(['id', 'sku', 'name', 'category_id']).where('id', 'in', ids).execute(),
      ])
    : [[], []];
  const figuresOf = new Map(figures.map((f) => [f.product_id, productFigures(f)]));
  const productOf = new Map(products.map((p) => [p.id, p]));
  const items: TopProduct[] = ids
    .map((id) => ({
      productId: id,
      sku: productOf.get(id)?.sku ?? '',
      name: productOf.get(id)?.name ?? '',
      categoryId: productOf.get(id)?.category_id ?? null,
      ...figuresOf.get(id)!,
    }))
    // A product whose every sale in the range was cancelled has only rows of zeros left.
    .filter((p) => p.orderLines !== 0 || p.returnedUnits !== 0);
  return { ...range, currency, sort, items, totals };
}

/** Sales by the category each line had when its order was placed. */
export async function salesByCategory(db: Db, range: ReportRange, currency: string): Promise<SalesByCategoryReport> {
  const rows = await db
    .selectFrom('sales_daily_categories as s')
    .leftJoin('categories as c', 'c.id', 's.category_id')
    .select(['s.category_id', 'c.name', 'c.parent_id', ...productSumsOf('s.')])
    .where('s.day', '>=', range.from)
    .where('s.day', '<=', range.to)
    .groupBy(['s.category_id', 'c.name', 'c.parent_id'])
    .having(sql<boolean>`sum(s.lines) <> 0 or sum(s.returned_units) <> 0`)
    .execute();
  const items = rows
    .map((r) => ({
      categoryId: r.category_id === 0 ? null : r.category_id,
      categoryName: r.name ?? null,
      parentId: r.parent_id ?? null,
      ...productFigures(r),
    }))
    .sort(
      (a, b) => b.netRevenueCents - a.netRevenueCents || (a.categoryName ?? '').localeCompare(b.categoryName ?? ''),
    );
  const sum = (k: keyof ReturnType<typeof productFigures>) => items.reduce((total, i) => total + i[k], 0);
  const totals = {
    orderLines: sum('orderLines'),
    units: sum('units'),
    revenueCents: sum('revenueCents'),
    taxCents: sum('taxCents'),
    returnedUnits: sum('returnedUnits'),
    returnsCents: sum('returnsCents'),
    netUnits: sum('netUnits'),
    netRevenueCents: sum('netRevenueCents'),
  };
  return { ...range, currency, items, totals };
}

export const ONLINE_SELLER_NAME = 'Online (customers)';

/** Sales by the staff member who placed the orders; customers' own orders are one row. */
export async function salesByStaff(db: Db, range: ReportRange, currency: string): Promise<SalesByStaffReport> {
  const rows = await db
    .selectFrom('sales_daily as s')
    .leftJoin('users as u', 'u.id', 's.seller_id')
    .select(['s.seller_id', 'u.name', 'u.role', ...sumsOf('s.')])
    .where('s.day', '>=', range.from)
    .where('s.day', '<=', range.to)
    .groupBy(['s.seller_id', 'u.name', 'u.role'])
    .execute();
  const items = rows
    .filter((r) => SUM_COLUMNS.some((c) => Number(r[c]) !== 0))
    .map((r) => ({
      staffId: r.seller_id === 0 ? null : r.seller_id,
      name: r.seller_id === 0 ? ONLINE_SELLER_NAME : (r.name ?? `User ${r.seller_id}`),
      role: r.seller_id === 0 ? null : (r.role ?? null),
      ...toFigures(numbers(r)),
    }))
    .sort((a, b) => b.netRevenueCents - a.netRevenueCents || a.name.localeCompare(b.name));
  const totals = toFigures(rows.map(numbers).reduce(addSums, NO_SALES));
  return { ...range, currency, items, totals };
}
