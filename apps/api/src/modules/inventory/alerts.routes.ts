import {
  alertSchema,
  idParams,
  listAlertsQuery,
  pageOf,
  problemResponses,
  reorderSuggestionsQuery,
  reorderSuggestionsSchema,
  snapshotSchema,
  valuationSchema,
  valueHistoryQuery,
  valueHistorySchema,
} from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/guard';
import { sendReport } from '../../platform/report-format';
import type { AppContext } from '../../platform/context';
import { metaOf } from '../../platform/request-meta';
import { acknowledgeAlert } from './acknowledge-alert';
import { listAlerts } from './alerts.queries';
import { allReorderSuggestions, REORDER_CSV_COLUMNS, reorderSuggestions } from './reorder.queries';
import { takeValueSnapshot } from './take-value-snapshot';
import { inventoryValuation, valueHistory } from './valuation.queries';

/** Stock alerts, inventory value (now and by day) and reorder suggestions. */
export const alertRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/alerts',
      {
        config: { access: 'ledger.read' },
        schema: {
          operationId: 'listAlerts',
          tags: ['alerts'],
          summary: 'List stock alerts, newest first',
          querystring: listAlertsQuery,
          response: { 200: pageOf(alertSchema), ...problemResponses },
        },
      },
      (request) => listAlerts(ctx.db, request.query),
    );

    app.post(
      '/alerts/:id/acknowledge',
      {
        config: { access: 'alerts.manage' },
        schema: {
          operationId: 'acknowledgeAlert',
          tags: ['alerts'],
          summary: 'Acknowledge an open alert (again: no change; a resolved alert: 409 alert_resolved)',
          params: idParams,
          response: { 200: alertSchema, ...problemResponses },
        },
      },
      (request) => acknowledgeAlert(ctx, actorOf(request), request.params.id, metaOf(request)),
    );

    app.get(
      '/inventory/valuation',
      {
        config: { access: 'reports.inventory' },
        schema: {
          operationId: 'getInventoryValuation',
          tags: ['inventory'],
          summary: 'Inventory value now, in total and by category',
          response: { 200: valuationSchema, ...problemResponses },
        },
      },
      () => inventoryValuation(ctx),
    );

    app.get(
      '/inventory/value-history',
      {
        config: { access: 'reports.inventory' },
        schema: {
          operationId: 'getInventoryValueHistory',
          tags: ['inventory'],
          summary: 'Daily inventory value between two days (default: the last 90 days), oldest first',
          querystring: valueHistoryQuery,
          response: { 200: valueHistorySchema, ...problemResponses },
        },
      },
      (request) => valueHistory(ctx, request.query),
    );

    app.post(
      '/inventory/value-history/snapshots',
      {
        config: { access: 'reports.inventory' },
        schema: {
          operationId: 'takeInventorySnapshot',
          tags: ['inventory'],
          summary: "Take today's inventory snapshot now: 201 when taken, 200 with the existing one when today has one",
          response: { 200: snapshotSchema, 201: snapshotSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const snapshot = await takeValueSnapshot(ctx, { actor: actorOf(request), meta: metaOf(request) });
        return reply.code(snapshot.created ? 201 : 200).send(snapshot);
      },
    );

    app.get(
      '/reports/reorder-suggestions',
      {
        config: { access: 'reports.inventory' },
        schema: {
          operationId: 'getReorderSuggestions',
          tags: ['reports'],
          summary:
            'Products at or below their reorder point, by preferred supplier, with a suggested quantity (format=csv: the whole report)',
          description:
            'Open purchase orders count with what is available; the lead time is the preferred supplier’s. ' +
            'POST /purchase-orders/from-suggestions turns the suggestions into one draft purchase order per supplier.',
          querystring: reorderSuggestionsQuery,
          response: { 200: reorderSuggestionsSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        return sendReport(reply, request.query.format, {
          json: () => reorderSuggestions(ctx.db, request.query, ctx.now()),
          csv: () => ({
            fileName: `reorder-suggestions-${ctx.now().toISOString().slice(0, 10)}.csv`,
            columns: REORDER_CSV_COLUMNS,
            rows: allReorderSuggestions(ctx.db, ctx.now(), request.query.supplierId),
          }),
        });
      },
    );
  };
