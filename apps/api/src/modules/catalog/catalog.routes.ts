import {
  categoryPage,
  categorySchema,
  createCategoryBody,
  idParams,
  problemResponses,
  updateCategoryBody,
} from '@bodega/contract';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { metaOf } from '../../platform/request-meta';
import { findCategory, listCategories } from './catalog.queries';
import { createCategory } from './create-category';
import { deleteCategory } from './delete-category';
import { productCsvRoutes } from './product-csv.routes';
import { viewFor } from './product-view';
import { productRoutes } from './products.routes';
import { updateCategory } from './update-category';

const tags = ['catalog'];

export const catalogRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/categories',
      {
        config: { access: 'catalog.read' },
        schema: {
          operationId: 'listCategories',
          tags,
          summary: 'All categories, flat and by name (the tree is in parentId)',
          description: 'productCount counts the products directly in each category (active ones, for customers).',
          response: { 200: categoryPage, ...problemResponses },
        },
      },
      (request) => listCategories(ctx.db, viewFor(actorOf(request).role)),
    );

    app.post(
      '/categories',
      {
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'createCategory',
          tags,
          summary: 'Create a category (names are unique among siblings, ignoring case)',
          body: createCategoryBody,
          response: { 201: categorySchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createCategory(ctx, actorOf(request), request.body, metaOf(request))),
    );

    app.get(
      '/categories/:id',
      {
        config: { access: 'catalog.read' },
        schema: {
          operationId: 'getCategory',
          tags,
          summary: 'One category',
          params: idParams,
          response: { 200: categorySchema, ...problemResponses },
        },
      },
      async (request) => {
        const category = await findCategory(ctx.db, request.params.id, viewFor(actorOf(request).role));
        if (!category) throw notFound('Category');
        return category;
      },
    );

    app.patch(
      '/categories/:id',
      {
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'updateCategory',
          tags,
          summary: 'Rename, describe or move a category',
          description: 'Moving a category under itself or one of its subcategories is a 409 `category_cycle`.',
          params: idParams,
          body: updateCategoryBody,
          response: { 200: categorySchema, ...problemResponses },
        },
      },
      (request) => updateCategory(ctx, actorOf(request), request.params.id, request.body, metaOf(request)),
    );

    app.delete(
      '/categories/:id',
      {
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'deleteCategory',
          tags,
          summary: 'Delete an unused category',
          description: 'Refused with 409 `category_in_use` while products (archived too) or subcategories use it.',
          params: idParams,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await deleteCategory(ctx, actorOf(request), request.params.id, metaOf(request));
        return reply.code(204).send(null);
      },
    );

    await app.register(productCsvRoutes(ctx));
    await app.register(productRoutes(ctx));
  };
