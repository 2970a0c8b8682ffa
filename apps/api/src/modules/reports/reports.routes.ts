import {
  dashboardSchema,
  groupedReportQuery,
  movementsSummarySchema,
  paymentsReportSchema,
  problemResponses,
  reportRangeQuery,
  salesByCategoryReportSchema,
  salesByStaffReportSchema,
  salesFiguresSchema,
  salesReportSchema,
  topProductSchema,
  topProductsQuery,
  topProductsReportSchema,
  valuationSchema,
} from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { localDay } from '@bodega/domain';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { sendReport } from '../../platform/report-format';
import { sendSerialized, serializeWith, UnchangedCache } from '../../platform/unchanged-cache';
import { getSettings } from '../settings/settings.queries';
import { inventoryValuation } from '../inventory/valuation.queries';
import { dashboard } from './dashboard.queries';
import { movementsSummary } from './movements.queries';
import { paymentsReport } from './payments.queries';
import { resolveRange, type ReportRange } from './report-range';
import { salesByCategory, salesByStaff, salesReport, topProducts } from './sales.queries';

const tags = ['reports'];

const SALE =
  'A sale is an order confirmed in the range (on its confirmation day, in the installation time zone) and not cancelled since; cancelled orders never count. ' +
  'Revenue is net of discounts, before tax and shipping. A received return counts on the day it is received: its credit is split into a pre-tax part (returnsCents, taken from revenue) and a tax part.';
const RANGE = '`from`/`to` are local days, both included; by default the 30 days ending today.';

const figureColumns = Object.keys(salesFiguresSchema.shape);
const productColumns = [
  'orderLines',
  'units',
  'revenueCents',
  'taxCents',
  'returnedUnits',
  'returnsCents',
  'netUnits',
  'netRevenueCents',
];

/** A report over a range as CSV: named for the report and its days. */
const csv = (name: string, range: ReportRange, rows: object[], columns: string[]) => ({
  fileName: `${name}-${range.from}-${range.to}.csv`,
  columns,
  rows,
});

/** Reports and the dashboard; every report also answers `format=csv`. */
export const reportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const range = (query: { from?: string; to?: string }) => resolveRange(ctx.db, ctx.now(), query);
    const currency = ctx.config.currency;
    const dashboards = new UnchangedCache<Buffer>(ctx.db, 32);

    app.get(
      '/reports/dashboard',
      {
        config: { access: 'dashboard.read' },
        schema: {
          operationId: 'getDashboard',
          tags,
          summary: "Today's KPIs in one call; each section for the roles whose reports it summarises",
          description: `${SALE} Sales: today, the last 7 and 30 days (today included), a daily series and the top 5 products of the 30 days (admin, sales staff). Inventory: value now and 30 days ago (its snapshot), open alerts, reorder suggestions (admin, warehouse managers). Receivables: open balance and its overdue part (admin, sales staff). Orders by current status: every staff role; other sections are null. \`generatedAt\` is when the figures were computed: until the data change, the same figures are served again.`,
          response: { 200: dashboardSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const role = actorOf(request).role;
        const now = ctx.now();
        const today = localDay(now, (await getSettings(ctx.db)).timeZone);
        // Several people opening the dashboard between two changes share one computation.
        const body = await dashboards.get(
          `${role} ${today}`,
          async () => serializeWith(dashboardSchema, await dashboard(ctx.db, role, now, currency)),
          request.changeStamp,
        );
        return sendSerialized(reply, body);
      },
    );

    app.get(
      '/reports/sales',
      {
        config: { access: 'reports.sales' },
        schema: {
          operationId: 'getSalesReport',
          tags,
          summary: 'Sales by day, ISO week (named by its Monday) or month: revenue, orders, units, average order',
          description: `${SALE} ${RANGE}`,
          querystring: groupedReportQuery,
          response: { 200: salesReportSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const report = await salesReport(ctx.db, await range(request.query), request.query.group, currency);
        return sendReport(reply, request.query.format, {
          json: () => report,
          csv: () =>
            csv(
              `sales-by-${report.group}`,
              report,
              [...report.items, { period: 'TOTAL', ...report.totals }],
              ['period', ...figureColumns],
            ),
        });
      },
    );

    app.get(
      '/reports/top-products',
      {
        config: { access: 'reports.sales' },
        schema: {
          operationId: 'getTopProductsReport',
          tags,
          summary: 'Best-selling products by net revenue or net units; totals over every product',
          description: `${SALE} ${RANGE}`,
          querystring: topProductsQuery,
          response: { 200: topProductsReportSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { limit, sort } = request.query;
        const report = await topProducts(ctx.db, await range(request.query), limit, sort, currency);
        return sendReport(reply, request.query.format, {
          json: () => report,
          csv: () =>
            csv(
              'top-products',
              report,
              [...report.items, { sku: 'TOTAL', ...report.totals }],
              Object.keys(topProductSchema.shape),
            ),
        });
      },
    );

    app.get(
      '/reports/sales-by-category',
      {
        config: { access: 'reports.sales' },
        schema: {
          operationId: 'getSalesByCategoryReport',
          tags,
          summary: 'Sales by category (the category of each product when the order was placed)',
          description: `${SALE} ${RANGE}`,
          querystring: reportRangeQuery,
          response: { 200: salesByCategoryReportSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const report = await salesByCategory(ctx.db, await range(request.query), currency);
        return sendReport(reply, request.query.format, {
          json: () => report,
          csv: () =>
            csv(
              'sales-by-category',
              report,
              [...report.items, { categoryName: 'TOTAL', ...report.totals }],
              ['categoryId', 'categoryName', 'parentId', ...productColumns],
            ),
        });
      },
    );

    app.get(
      '/reports/sales-by-staff',
      {
        config: { access: 'reports.sales' },
        schema: {
          operationId: 'getSalesByStaffReport',
          tags,
          summary: "Sales by the staff member who placed the orders; customers' own orders are one row",
          description: `${SALE} Returns count against the seller of the returned order. ${RANGE}`,
          querystring: reportRangeQuery,
          response: { 200: salesByStaffReportSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const report = await salesByStaff(ctx.db, await range(request.query), currency);
        return sendReport(reply, request.query.format, {
          json: () => report,
          csv: () =>
            csv(
              'sales-by-staff',
              report,
              [...report.items, { name: 'TOTAL', ...report.totals }],
              ['staffId', 'name', 'role', ...figureColumns],
            ),
        });
      },
    );

    app.get(
      '/reports/movements-summary',
      {
        config: { access: 'reports.inventory' },
        schema: {
          operationId: 'getMovementsSummaryReport',
          tags,
          summary: 'Stock movements per type: units in and out and their value at the movement cost',
          description: `Every ledger row whose time falls in the range's local days. ${RANGE}`,
          querystring: reportRangeQuery,
          response: { 200: movementsSummarySchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const report = await movementsSummary(ctx.db, await range(request.query), currency);
        return sendReport(reply, request.query.format, {
          json: () => report,
          csv: () =>
            csv(
              'movements',
              report,
              [...report.items, { type: 'TOTAL', ...report.totals }],
              ['type', 'movements', 'unitsIn', 'unitsOut', 'netUnits', 'valueInCents', 'valueOutCents'],
            ),
        });
      },
    );

    app.get(
      '/reports/payments',
      {
        config: { access: 'reports.receivables' },
        schema: {
          operationId: 'getPaymentsReport',
          tags,
          summary: 'Payments received by method and day, week or month; voided payments excluded',
          description: `A payment counts on its received day. ${RANGE}`,
          querystring: groupedReportQuery,
          response: { 200: paymentsReportSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const report = await paymentsReport(ctx.db, await range(request.query), request.query.group, currency);
        return sendReport(reply, request.query.format, {
          json: () => report,
          csv: () =>
            csv(
              `payments-by-${report.group}`,
              report,
              [
                ...report.items,
                ...report.byMethod.map((m) => ({ period: 'TOTAL', ...m })),
                { period: 'TOTAL', method: '', ...report.totals },
              ],
              ['period', 'method', 'payments', 'amountCents'],
            ),
        });
      },
    );

    app.get(
      '/reports/inventory-valuation',
      {
        config: { access: 'reports.inventory' },
        schema: {
          operationId: 'getInventoryValuationReport',
          tags,
          summary: 'Inventory value now by category (as GET /inventory/valuation), with format=csv',
          querystring: z.object({ format: z.enum(['json', 'csv']).optional() }),
          response: { 200: valuationSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const report = await inventoryValuation(ctx);
        return sendReport(reply, request.query.format, {
          json: () => report,
          csv: () => ({
            fileName: 'inventory-valuation.csv',
            columns: ['categoryId', 'categoryName', 'parentId', 'valueCents', 'units', 'products'],
            rows: [
              ...report.byCategory,
              {
                categoryName: 'TOTAL',
                valueCents: report.totalValueCents,
                units: report.totalUnits,
                products: report.totalProducts,
              },
            ],
          }),
        });
      },
    );
  };
