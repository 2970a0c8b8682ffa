import {
  adjustmentBody,
  countBody,
  createLocationBody,
  idParams,
  idempotencyHeaders,
  listMovementsQuery,
  listStockQuery,
  locationSchema,
  movementSchema,
  pageOf,
  problemResponses,
  problemSchema,
  receiptBody,
  receiptSchema,
  stockLevelSchema,
  stockOperationResult,
  transferBody,
  updateLocationBody,
} from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { sendReport } from '../../platform/report-format';
import { metaOf } from '../../platform/request-meta';
import { adjustStock } from './adjust-stock';
import { countStock } from './count-stock';
import { createLocation } from './create-location';
import { listLocations, listMovements, listStockLevels, movementBatches, toLocation } from './inventory.queries';
import { receiveStock } from './receive-stock';
import { transferStock } from './transfer-stock';
import { updateLocation } from './update-location';

const tags = ['inventory'];
const IDEMPOTENT =
  'With an `Idempotency-Key` header, a retry with the same key and body answers 200 with the first answer ' +
  '(header `Idempotent-Replayed: true`) and changes no stock; the same key with another body is a 422.';
const MOVEMENT_COLUMNS = [
  'id',
  'createdAt',
  'productId',
  'locationId',
  'type',
  'quantity',
  'onHandAfter',
  'unitCostCents',
  'reason',
  'note',
  'reference',
  'userId',
] as const;

export const inventoryRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/locations',
      {
        config: { access: 'stock.read' },
        schema: {
          operationId: 'listLocations',
          tags,
          summary: 'Locations (the default first)',
          response: { 200: z.object({ items: z.array(locationSchema) }), ...problemResponses },
        },
      },
      async () => ({ items: (await listLocations(ctx.db)).map(toLocation) }),
    );
    app.get(
      '/locations/:id',
      {
        config: { access: 'stock.read' },
        schema: {
          operationId: 'getLocation',
          tags,
          summary: 'One location',
          params: idParams,
          response: { 200: locationSchema, ...problemResponses },
        },
      },
      async (request) => {
        const row = await ctx.db
          .selectFrom('locations')
          .selectAll()
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!row) throw notFound('Location');
        return toLocation(row);
      },
    );
    app.post(
      '/locations',
      {
        config: { access: 'stock.write' },
        schema: {
          operationId: 'createLocation',
          tags,
          summary: 'Add a location',
          body: createLocationBody,
          response: { 201: locationSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createLocation(ctx, actorOf(request), request.body, metaOf(request))),
    );
    app.patch(
      '/locations/:id',
      {
        config: { access: 'stock.write' },
        schema: {
          operationId: 'updateLocation',
          tags,
          summary: 'Rename or (de)activate a location',
          params: idParams,
          body: updateLocationBody,
          response: { 200: locationSchema, ...problemResponses },
        },
      },
      (request) => updateLocation(ctx, actorOf(request), request.params.id, request.body, metaOf(request)),
    );

    app.get(
      '/stock',
      {
        config: { access: 'stock.read' },
        schema: {
          operationId: 'listStockLevels',
          tags,
          summary: 'Stock levels per product and location',
          querystring: listStockQuery,
          response: { 200: pageOf(stockLevelSchema), ...problemResponses },
        },
      },
      (request) => listStockLevels(ctx.db, request.query),
    );
    app.post(
      '/stock/receipts',
      {
        config: { access: 'stock.write' },
        schema: {
          operationId: 'receiveStock',
          responseHeaders: { 200: ['Idempotent-Replayed'] },
          tags,
          summary: 'Receive goods (updates the moving average cost)',
          description: IDEMPOTENT,
          headers: idempotencyHeaders,
          body: receiptBody,
          response: { 201: receiptSchema, 200: receiptSchema, 422: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const { result, replayed } = await receiveStock(ctx, actorOf(request), request.body, key, metaOf(request));
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(replayed ? 200 : 201).send(result);
      },
    );
    app.post(
      '/stock/adjustments',
      {
        config: { access: 'stock.write' },
        schema: {
          operationId: 'adjustStock',
          responseHeaders: { 200: ['Idempotent-Replayed'] },
          tags,
          summary: 'Adjust on-hand with a reason (409 insufficient_stock below zero or below reserved)',
          description: IDEMPOTENT,
          headers: idempotencyHeaders,
          body: adjustmentBody,
          response: { 201: stockOperationResult, 200: stockOperationResult, 422: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const { result, replayed } = await adjustStock(ctx, actorOf(request), request.body, key, metaOf(request));
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(replayed ? 200 : 201).send(result);
      },
    );
    app.post(
      '/stock/transfers',
      {
        config: { access: 'stock.write' },
        schema: {
          operationId: 'transferStock',
          responseHeaders: { 200: ['Idempotent-Replayed'] },
          tags,
          summary: 'Move available stock between locations',
          description: IDEMPOTENT,
          headers: idempotencyHeaders,
          body: transferBody,
          response: { 201: stockOperationResult, 200: stockOperationResult, 422: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const { result, replayed } = await transferStock(ctx, actorOf(request), request.body, key, metaOf(request));
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(replayed ? 200 : 201).send(result);
      },
    );
    app.post(
      '/stock/counts',
      {
        config: { access: 'stock.write' },
        schema: {
          operationId: 'countStock',
          responseHeaders: { 200: ['Idempotent-Replayed'] },
          tags,
          summary: 'Record a physical count; the difference becomes a count movement',
          description: IDEMPOTENT,
          headers: idempotencyHeaders,
          body: countBody,
          response: { 201: stockOperationResult, 200: stockOperationResult, 422: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const { result, replayed } = await countStock(ctx, actorOf(request), request.body, key, metaOf(request));
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(replayed ? 200 : 201).send(result);
      },
    );

    app.get(
      '/stock/movements',
      {
        config: { access: 'ledger.read' },
        schema: {
          operationId: 'listStockMovements',
          tags,
          summary: 'The movements ledger, newest first (format=csv streams every matching row)',
          querystring: listMovementsQuery,
          response: { 200: pageOf(movementSchema), ...problemResponses },
        },
      },
      async (request, reply) => {
        return sendReport(reply, request.query.format, {
          json: () => listMovements(ctx.db, request.query),
          csv: () => ({
            fileName: 'stock-movements.csv',
            columns: MOVEMENT_COLUMNS,
            rows: (async function* () {
              for await (const batch of movementBatches(ctx.db, request.query)) yield* batch;
            })(),
          }),
        });
      },
    );
  };
