import {
  documentLanguageQuery,
  idempotencyHeaders,
  idParams,
  listOrdersQuery,
  orderSchema,
  orderSummarySchema,
  pageOf,
  placeOrderBody,
  problemResponses,
  problemSchema,
  transitionBody,
} from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { langOf } from '../../platform/pdf';
import { sendPdf } from '../../platform/report-format';
import { metaOf } from '../../platform/request-meta';
import { listOrders, loadOrder } from './orders.queries';
import { placeOrder } from './place-order';
import { renderInvoice } from './render-invoice';
import { transitionOrder } from './transition-order';

const tags = ['orders'];

export const orderRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/orders',
      {
        config: { access: 'orders.create' },
        schema: {
          operationId: 'placeOrder',
          responseHeaders: { 200: ['Idempotent-Replayed'] },
          tags,
          summary: 'Place an order (prices from the catalog; stock reserved for every line or none)',
          description:
            'With an `Idempotency-Key` header, a retry with the same key and body answers 200 with the first order ' +
            '(header `Idempotent-Replayed: true`); the same key with another body is a 422. A shortfall is ' +
            '409 `insufficient_stock` with `shortages` per line.',
          headers: idempotencyHeaders,
          body: placeOrderBody,
          response: { 201: orderSchema, 200: orderSchema, 422: problemSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const key = request.headers['idempotency-key'];
        const { order, replayed } = await placeOrder(ctx, actorOf(request), request.body, key, metaOf(request));
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(replayed ? 200 : 201).send(order);
      },
    );
    app.get(
      '/orders',
      {
        config: { access: 'orders.read' },
        schema: {
          operationId: 'listOrders',
          tags,
          summary: 'Orders, newest first (customers: their own)',
          querystring: listOrdersQuery,
          response: { 200: pageOf(orderSummarySchema), ...problemResponses },
        },
      },
      (request) => listOrders(ctx.db, request.query, actorOf(request)),
    );
    app.get(
      '/orders/:id',
      {
        config: { access: 'orders.read' },
        schema: {
          operationId: 'getOrder',
          tags,
          summary: 'One order with lines and history',
          params: idParams,
          response: { 200: orderSchema, ...problemResponses },
        },
      },
      (request) => loadOrder(ctx.db, request.params.id, actorOf(request)),
    );
    app.post(
      '/orders/:id/transitions',
      {
        config: { access: 'orders.read' },
        schema: {
          operationId: 'transitionOrder',
          tags,
          summary: 'Move an order: confirm, process, ship, deliver or cancel',
          description: 'Who may make which move is the transition table in packages/domain (orders.ts).',
          params: idParams,
          body: transitionBody,
          response: { 200: orderSchema, ...problemResponses },
        },
      },
      (request) => transitionOrder(ctx, actorOf(request), request.params.id, request.body, metaOf(request)),
    );
    app.get(
      '/orders/:id/invoice.pdf',
      {
        config: { access: 'orders.read' },
        schema: {
          operationId: 'getOrderInvoice',
          produces: ['application/pdf'],
          tags,
          summary: 'The printable invoice (PDF), in Spanish or English (?lang=es|en, else Accept-Language)',
          params: idParams,
          querystring: documentLanguageQuery,
          response: { 200: z.any().describe('the invoice as application/pdf'), ...problemResponses },
        },
      },
      async (request, reply) => {
        const lang = langOf(request.query.lang, request.headers['accept-language']);
        const { order, pdf } = await renderInvoice(ctx, actorOf(request), request.params.id, lang);
        return sendPdf(reply, `${order.number}.pdf`, pdf);
      },
    );
  };
