import { idParams, listReturnsQuery, openReturnBody, pageOf, problemResponses, returnSchema } from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { metaOf } from '../../platform/request-meta';
import { cancelReturn } from './cancel-return';
import { openReturn } from './open-return';
import { receiveReturn } from './receive-return';
import { listReturns, loadReturn } from './returns.queries';

const tags = ['returns'];

export const returnRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/orders/:id/returns',
      {
        config: { access: 'returns.open' },
        schema: {
          operationId: 'openReturn',
          tags,
          summary: 'Open a return on a delivered order, within the return window',
          params: idParams,
          body: openReturnBody,
          response: { 201: returnSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await openReturn(ctx, actorOf(request), request.params.id, request.body, metaOf(request))),
    );
    app.get(
      '/returns',
      {
        config: { access: 'returns.read' },
        schema: {
          operationId: 'listReturns',
          tags,
          summary: 'Returns, newest first (customers: their own)',
          querystring: listReturnsQuery,
          response: { 200: pageOf(returnSchema), ...problemResponses },
        },
      },
      (request) => listReturns(ctx.db, request.query, actorOf(request)),
    );
    app.get(
      '/returns/:id',
      {
        config: { access: 'returns.read' },
        schema: {
          operationId: 'getReturn',
          tags,
          summary: 'One return',
          params: idParams,
          response: { 200: returnSchema, ...problemResponses },
        },
      },
      (request) => loadReturn(ctx.db, request.params.id, actorOf(request)),
    );
    app.post(
      '/returns/:id/receive',
      {
        config: { access: 'returns.receive' },
        schema: {
          operationId: 'receiveReturn',
          tags,
          summary: 'Receive the goods: resellable lines go back to stock',
          params: idParams,
          response: { 200: returnSchema, ...problemResponses },
        },
      },
      (request) => receiveReturn(ctx, actorOf(request), request.params.id, metaOf(request)),
    );
    app.post(
      '/returns/:id/cancel',
      {
        config: { access: 'returns.open' },
        schema: {
          operationId: 'cancelReturn',
          tags,
          summary: 'Withdraw an open return',
          params: idParams,
          response: { 200: returnSchema, ...problemResponses },
        },
      },
      (request) => cancelReturn(ctx, actorOf(request), request.params.id, metaOf(request)),
    );
  };
