import {
  adjustmentBody,
  countBody,
  createLocationBody,
  idParams,
  listMovementsQuery,
  listStockQuery,
  locationSchema,
  movementSchema,
  pageOf,
  problemResponses,
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
          tags,
          summary: 'Receive goods (updates the moving average cost)',
          body: receiptBody,
          response: { 201: receiptSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await receiveStock(ctx, actorOf(request), request.body, metaOf(request))),
    );
    app.post(
      '/stock/adjustments',
      {
        config: { access: 'stock.write' },
        schema: {
          operationId: 'adjustStock',
          tags,
          summary: 'Adjust on-hand with a reason (409 insufficient_stock below zero or below reserved)',
          body: adjustmentBody,
          response: { 201: stockOperationResult, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await adjustStock(ctx, actorOf(request), request.body, metaOf(request))),
    );
    app.post(
      '/stock/transfers',
      {
        config: { access: 'stock.write' },
        schema: {
          operationId: 'transferStock',
          tags,
          summary: 'Move available stock between locations',
          body: transferBody,
          response: { 201: stockOperationResult, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await transferStock(ctx, actorOf(request), request.body, metaOf(request))),
    );
    app.post(
      '/stock/counts',
      {
        config: { access: 'stock.write' },
        schema: {
          operationId: 'countStock',
          tags,
          summary: 'Record a physical count; the difference becomes a count movement',
          body: countBody,
          response: { 201: stockOperationResult, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await countStock(ctx, actorOf(request), request.body, metaOf(request))),
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
