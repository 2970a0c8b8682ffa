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

const productSums = [
  sql<number>`sum(s.lines)`.as('order_lines'),
  sql<number>`sum(s.units)`.as('units'),
  sql<number>`sum(s.subtotal_cents) - sum(s.discount_cents)`.as('revenue'),
  sql<number>`sum(s.tax_cents)`.as('tax'),
  sql<number>`sum(s.returned_units)`.as('returned_units'),
  sql<number>`sum(s.returns_cents)`.as('returns'),
];
type ProductSumsRow = {
  order_lines: number;
  units: number;
  revenue: number;
  tax: number;
  returned_units: number;
  returns: number;
};
function productFigures(r: ProductSumsRow) {
  const units = Number(r.units ?? 0);
  const revenueCents = Number(r.revenue ?? 0);
  const returnedUnits = Number(r.returned_units ?? 0);
  const returnsCents = Number(r.returns ?? 0);
  return {
    orderLines: Number(r.order_lines ?? 0),
    units,
    revenueCents,
    taxCents: Number(r.tax ?? 0),
    returnedUnits,
    returnsCents,
    netUnits: units - returnedUnits,
    netRevenueCents: revenueCents - returnsCents,
  };
}

/** Leaves out products whose every sale in the range was cancelled. */
const soldOrReturned = sql<boolean>`sum(s.lines) <> 0 or sum(s.returned_units) <> 0`;

const productsInRange = (db: Db, range: ReportRange) =>
  db.selectFrom('sales_daily_products as s').where('s.day', '>=', range.from).where('s.day', '<=', range.to);

/**
 * The best-selling products of a range, by net revenue or net units; the totals cover every
 * product (a window over the grouped rows, so one pass).
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
      ? sql`sum(s.subtotal_cents) - sum(s.discount_cents) - sum(s.returns_cents)`
      : sql`sum(s.units) - sum(s.returned_units)`;
  const rows = await productsInRange(db, range)
    .select([
      's.product_id',
      ...productSums,
      sql<number>`sum(sum(s.lines)) over ()`.as('all_order_lines'),
      sql<number>`sum(sum(s.units)) over ()`.as('all_units'),
      sql<number>`sum(sum(s.subtotal_cents) - sum(s.discount_cents)) over ()`.as('all_revenue'),
      sql<number>`sum(sum(s.tax_cents)) over ()`.as('all_tax'),
      sql<number>`sum(sum(s.returned_units)) over ()`.as('all_returned_units'),
      sql<number>`sum(sum(s.returns_cents)) over ()`.as('all_returns'),
    ])
    .groupBy('s.product_id')
    .having(soldOrReturned)
    .orderBy(rank, 'desc')
    .orderBy('s.product_id')
    .limit(limit)
    .execute();
  const products = rows.length
    ? await db
        .selectFrom('products')
        .select(['id', 'sku', 'name', 'category_id'])
        .where(
          'id',
          'in',
          rows.map((r) => r.product_id),
        )
        .execute()
    : [];
  const byId = new Map(products.map((p) => [p.id, p]));
  const items: TopProduct[] = rows.map((r) => {
    const p = byId.get(r.product_id);
    return {
      productId: r.product_id,
      sku: p?.sku ?? '',
      name: p?.name ?? '',
      categoryId: p?.category_id ?? null,
      ...productFigures(r),
    };
  });
  const all = rows[0];
  const totals = productFigures({
    order_lines: all?.all_order_lines ?? 0,
    units: all?.all_units ?? 0,
    revenue: all?.all_revenue ?? 0,
    tax: all?.all_tax ?? 0,
    returned_units: all?.all_returned_units ?? 0,
    returns: all?.all_returns ?? 0,
  });
  return { ...range, currency, sort, items, totals };
}

/** Sales by each product's current category (products summed first, then joined once each). */
export async function salesByCategory(db: Db, range: ReportRange, currency: string): Promise<SalesByCategoryReport> {
  const perProduct = productsInRange(db, range)
    .select([
      's.product_id',
      sql<number>`sum(s.lines)`.as('lines'),
      sql<number>`sum(s.units)`.as('units'),
      sql<number>`sum(s.subtotal_cents) - sum(s.discount_cents)`.as('revenue'),
      sql<number>`sum(s.tax_cents)`.as('tax'),
      sql<number>`sum(s.returned_units)`.as('returned_units'),
      sql<number>`sum(s.returns_cents)`.as('returns'),
    ])
    .groupBy('s.product_id')
    .having(soldOrReturned);
  const rows = await db
    .selectFrom(perProduct.as('s'))
    .innerJoin('products as p', 'p.id', 's.product_id')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .select([
      'p.category_id',
      'c.name',
      'c.parent_id',
      sql<number>`count(*)`.as('products'),
      sql<number>`sum(s.lines)`.as('order_lines'),
      sql<number>`sum(s.units)`.as('units'),
      sql<number>`sum(s.revenue)`.as('revenue'),
      sql<number>`sum(s.tax)`.as('tax'),
      sql<number>`sum(s.returned_units)`.as('returned_units'),
      sql<number>`sum(s.returns)`.as('returns'),
    ])
    .groupBy(['p.category_id', 'c.name', 'c.parent_id'])
    .orderBy(sql`sum(s.revenue) - sum(s.returns)`, 'desc')
    .orderBy('c.name')
    .execute();
  const items = rows.map((r) => ({
    categoryId: r.category_id,
    categoryName: r.name,
    parentId: r.parent_id,
    products: Number(r.products),
    ...productFigures(r),
  }));
  const sum = (k: keyof (typeof items)[number] & keyof ReturnType<typeof productFigures>) =>
    items.reduce((total, i) => total + i[k], 0);
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
