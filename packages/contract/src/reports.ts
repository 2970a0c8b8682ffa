import { MOVEMENT_TYPES, ORDER_STATUSES, PAYMENT_METHODS, REPORT_GROUPS } from '@bodega/domain';
import * as z from 'zod';
import { dateTime, listFormat } from './common';

/** The longest range a report accepts (about ten years). */
export const MAX_REPORT_DAYS = 3660;
export const DEFAULT_REPORT_DAYS = 30;

const reportDay = z.iso.date().meta({ description: 'a calendar day YYYY-MM-DD in the installation time zone' });
const int = z.number().int();
const format = listFormat.optional().meta({ description: 'csv: the same rows as a spreadsheet' });

const rangeFields = {
  from: reportDay.optional().meta({ description: 'first day, included (default: 29 days before `to`)' }),
  to: reportDay.optional().meta({ description: 'last day, included (default: today)' }),
  format,
};
const validRange = <T extends { from?: string; to?: string }>(q: T) => !q.from || !q.to || q.from <= q.to;
const rangeError = { message: 'from must not be after to', path: ['from'] };

export const reportRangeQuery = z.object(rangeFields).refine(validRange, rangeError);
export type ReportRangeQuery = z.infer<typeof reportRangeQuery>;

export const groupedReportQuery = z
  .object({ ...rangeFields, group: z.enum(REPORT_GROUPS).default('day') })
  .refine(validRange, rangeError);
export type GroupedReportQuery = z.infer<typeof groupedReportQuery>;

export const topProductsQuery = z
  .object({
    ...rangeFields,
    limit: z.coerce.number().int().min(1).max(200).default(10),
    sort: z
      .enum(['revenue', 'units'])
      .default('revenue')
      .meta({ description: 'revenue: net revenue after returns; units: units sold minus returned' }),
  })
  .refine(validRange, rangeError);
export type TopProductsQuery = z.infer<typeof topProductsQuery>;

const range = { from: reportDay, to: reportDay, timeZone: z.string(), currency: z.string() };

/** What a set of sales adds up to. Every amount is in cents; see the definitions on each report. */
export const salesFiguresSchema = z
  .object({
    orders: int.meta({ description: 'orders confirmed in the period and not cancelled since' }),
    units: int,
    subtotalCents: int.meta({ description: 'Σ line price × quantity, before discounts' }),
    discountCents: int,
    revenueCents: int.meta({ description: 'subtotal − discount: net of discounts, before tax and shipping' }),
    taxCents: int,
    shippingCents: int,
    totalCents: int.meta({ description: 'revenue + tax + shipping: what the orders charged' }),
    returns: int.meta({ description: 'returns received in the period' }),
    returnedUnits: int,
    returnsCents: int.meta({ description: 'the pre-tax part of the credits of returns received in the period' }),
    returnsTaxCents: int.meta({ description: 'the tax part of those credits' }),
    netRevenueCents: int.meta({ description: 'revenue − returns' }),
    netTotalCents: int.meta({ description: 'total − the credits of returns (returns + their tax)' }),
    averageOrderCents: int.meta({ description: 'revenue ÷ orders, rounded half up (0 without orders)' }),
  })
  .meta({ id: 'SalesFigures' });
export type SalesFigures = z.infer<typeof salesFiguresSchema>;

export const salesReportSchema = z
  .object({
    ...range,
    group: z.enum(REPORT_GROUPS),
    items: z.array(
      salesFiguresSchema.extend({
        period: reportDay.meta({ description: 'first day of the period: the day, the Monday, the 1st' }),
      }),
    ),
    totals: salesFiguresSchema,
  })
  .meta({
    id: 'SalesReport',
    description:
      'Every period touching the range, empty ones included; a period cut by the range counts only its days inside it.',
  });
export type SalesReport = z.infer<typeof salesReportSchema>;

const productFigures = {
  units: int,
  revenueCents: int,
  taxCents: int,
  returnedUnits: int,
  returnsCents: int,
  netUnits: int.meta({ description: 'units − returned units' }),
  netRevenueCents: int.meta({ description: 'revenue − returns' }),
};
export const productSalesTotalsSchema = z.object({ orderLines: int, ...productFigures });

export const topProductSchema = z
  .object({
    productId: int,
    sku: z.string(),
    name: z.string(),
    categoryId: int.nullable(),
    orderLines: int.meta({ description: 'order lines (so orders) with the product' }),
    ...productFigures,
  })
  .meta({ id: 'TopProduct' });
export type TopProduct = z.infer<typeof topProductSchema>;

export const topProductsReportSchema = z
  .object({
    ...range,
    sort: z.enum(['revenue', 'units']),
    items: z.array(topProductSchema),
    totals: productSalesTotalsSchema.meta({ description: 'over every product sold, not only those listed' }),
  })
  .meta({ id: 'TopProductsReport' });
export type TopProductsReport = z.infer<typeof topProductsReportSchema>;

export const categorySalesSchema = z
  .object({
    categoryId: int.nullable().meta({ description: 'null: uncategorised products' }),
    categoryName: z.string().nullable(),
    parentId: int.nullable(),
    orderLines: int,
    ...productFigures,
  })
  .meta({ id: 'CategorySales' });
export type CategorySales = z.infer<typeof categorySalesSchema>;

export const salesByCategoryReportSchema = z
  .object({ ...range, items: z.array(categorySalesSchema), totals: productSalesTotalsSchema })
  .meta({
    id: 'SalesByCategoryReport',
    description:
      'By the category each product had when the order was placed (a product moved later keeps its past sales where they were).',
  });
export type SalesByCategoryReport = z.infer<typeof salesByCategoryReportSchema>;

export const staffSalesSchema = salesFiguresSchema
  .extend({
    staffId: int.nullable().meta({ description: "null: customers' own (online) orders" }),
    name: z.string(),
    role: z.string().nullable(),
  })
  .meta({ id: 'StaffSales' });
export type StaffSales = z.infer<typeof staffSalesSchema>;

export const salesByStaffReportSchema = z
  .object({ ...range, items: z.array(staffSalesSchema), totals: salesFiguresSchema })
  .meta({
    id: 'SalesByStaffReport',
    description: "By who placed the order; a return counts against the order's seller on the day it is received.",
  });
export type SalesByStaffReport = z.infer<typeof salesByStaffReportSchema>;

const movementFigures = {
  movements: int,
  unitsIn: int,
  unitsOut: int.meta({ description: 'a positive number' }),
  netUnits: int.meta({ description: 'in − out: the change of on-hand' }),
  valueInCents: int.meta({ description: 'Σ units in × unit cost, where the movement has a cost' }),
  valueOutCents: int,
};
export const movementsSummarySchema = z
  .object({
    ...range,
    items: z.array(z.object({ type: z.enum(MOVEMENT_TYPES), ...movementFigures })),
    totals: z.object(movementFigures),
  })
  .meta({ id: 'MovementsSummary', description: 'One row per movement type, every type listed.' });
export type MovementsSummary = z.infer<typeof movementsSummarySchema>;

const paymentFigures = { payments: int, amountCents: int };
export const paymentsReportSchema = z
  .object({
    ...range,
    group: z.enum(REPORT_GROUPS),
    items: z.array(z.object({ period: reportDay, method: z.enum(PAYMENT_METHODS), ...paymentFigures })),
    byMethod: z.array(z.object({ method: z.enum(PAYMENT_METHODS), ...paymentFigures })),
    totals: z.object(paymentFigures),
  })
  .meta({
    id: 'PaymentsReport',
    description: 'Recorded payments by the day they were received; voided payments are left out.',
  });
export type PaymentsReport = z.infer<typeof paymentsReportSchema>;

export const salesKpiSchema = salesFiguresSchema.extend({ from: reportDay, to: reportDay });
export type SalesKpi = z.infer<typeof salesKpiSchema>;

export const dashboardSchema = z
  .object({
    today: reportDay,
    timeZone: z.string(),
    currency: z.string(),
    generatedAt: dateTime,
    orders: z.object({
      byStatus: z.array(z.object({ status: z.enum(ORDER_STATUSES), count: int })),
    }),
    sales: z
      .object({
        today: salesKpiSchema,
        last7Days: salesKpiSchema,
        last30Days: salesKpiSchema,
        daily: z.array(
          z.object({ day: reportDay, orders: int, revenueCents: int, netRevenueCents: int, totalCents: int }),
        ),
        topProducts: z.array(topProductSchema),
      })
      .nullable()
      .meta({ description: 'admin, sales staff' }),
    inventory: z
      .object({
        valueCents: int,
        units: int,
        previousDay: reportDay,
        previousValueCents: int.nullable().meta({ description: 'the last snapshot on or before previousDay' }),
        changeCents: int.nullable(),
        lowStockCount: int.meta({ description: 'unresolved low_stock alerts' }),
        outOfStockCount: int.meta({ description: 'unresolved out_of_stock alerts' }),
        reorderCount: int.meta({ description: 'products GET /reports/reorder-suggestions lists (all its pages)' }),
      })
      .nullable()
      .meta({ description: 'admin, warehouse managers' }),
    receivables: z
      .object({ totalCents: int, overdueCents: int, debtors: int })
      .nullable()
      .meta({ description: 'admin, sales staff' }),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof dashboardSchema>;
