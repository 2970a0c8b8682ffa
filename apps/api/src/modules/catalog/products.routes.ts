import {
  barcodeParams,
  createProductBody,
  customerProductSchema,
  documentLanguageQuery,
  idParams,
  ifMatchHeaders,
  listProductsQuery,
  pageOf,
  problemResponses,
  problemSchema,
  productLabelsBody,
  productSchema,
  updateProductBody,
} from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { langOf } from '../../platform/pdf';
import { sendPdf } from '../../platform/report-format';
import { metaOf } from '../../platform/request-meta';
import { sendSerialized, serializeWith, UnchangedCache } from '../../platform/unchanged-cache';
import { archiveProduct } from './archive-product';
import { createProduct } from './create-product';
import { etagOf, expectedVersion } from './product-version';
import { viewFor } from './product-view';
import { findProduct, listProducts } from './products.queries';
import { renderProductLabels } from './render-product-labels';
import { updateProduct } from './update-product';

const tags = ['catalog'];
/** Customers' shape first: an object without `available` (staff) never matches it, and one with it loses any cost field. */
const anyProduct = z
  .xor([customerProductSchema, productSchema])
  .meta({ description: 'Product for staff, CustomerProduct for customers' });
const productPage = pageOf(anyProduct);
/** Pages kept (LRU): at ~18 kB a page of 50, about 9 MB. */
const CACHED_PAGES = 500;
const writeProblems = { ...problemResponses, 412: problemSchema, 428: problemSchema };
const etag = { 200: ['ETag'], 201: ['ETag'] } as const;

export const productRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const pages = new UnchangedCache<Buffer>(ctx.db, CACHED_PAGES);

    app.get(
      '/products',
      {
        config: { access: 'catalog.read' },
        schema: {
          operationId: 'listProducts',
          tags,
          summary: 'List and search products',
          description: [
            'Keyset-paginated by id. `q` finds a fragment of the name, SKU or barcode (3 characters or more,',
            'anywhere in the text; 1–2 characters match the start of the SKU or name); a product whose SKU or',
            'barcode equals `q` comes first. `categoryId` includes its subcategories. `lowStock=true`: total',
            'available across locations at or below the reorder point. Customers see active products only,',
            'without costs and with `available`.',
          ].join(' '),
          querystring: listProductsQuery,
          response: { 200: productPage, ...problemResponses },
        },
      },
      async (request, reply) => {
        const view = viewFor(actorOf(request).role);
        // Serialised once through the response schema (which strips what the view may not see),
        // then served as is until the database changes.
        const body = await pages.get(
          `${view} ${JSON.stringify(request.query)}`,
          async () => serializeWith(productPage, await listProducts(ctx.db, request.query, view)),
          request.changeStamp,
        );
        return sendSerialized(reply, body);
      },
    );

    app.get(
      '/products/by-barcode/:code',
      {
        config: { access: 'catalog.read' },
        schema: {
          operationId: 'getProductByBarcode',
          responseHeaders: etag,
          tags,
          summary: 'Look a product up by its barcode (scanner)',
          params: barcodeParams,
          response: { 200: anyProduct, ...problemResponses },
        },
      },
      async (request, reply) => {
        const product = await findProduct(ctx.db, viewFor(actorOf(request).role), { barcode: request.params.code });
        if (!product) throw notFound('Product');
        return reply.header('etag', etagOf(product.version)).send(product);
      },
    );

    app.get(
      '/products/:id',
      {
        config: { access: 'catalog.read' },
        schema: {
          operationId: 'getProduct',
          responseHeaders: etag,
          tags,
          summary: 'One product',
          params: idParams,
          response: { 200: anyProduct, ...problemResponses },
        },
      },
      async (request, reply) => {
        const product = await findProduct(ctx.db, viewFor(actorOf(request).role), { id: request.params.id });
        if (!product) throw notFound('Product');
        return reply.header('etag', etagOf(product.version)).send(product);
      },
    );

    app.post(
      '/products',
      {
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'createProduct',
          responseHeaders: etag,
          tags,
          summary: 'Create a product',
          body: createProductBody,
          response: { 201: productSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const product = await createProduct(ctx, actorOf(request), request.body, metaOf(request));
        return reply.code(201).header('etag', etagOf(product.version)).send(product);
      },
    );

    app.post(
      '/products/labels',
      {
        // Labels go on shelves and stock: the people who keep the catalog print them.
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'printProductLabels',
          produces: ['application/pdf'],
          tags,
          summary: 'Printable barcode labels (PDF, A4, 21 a sheet), one per product id in the order given',
          description:
            'Each label has the name, the SKU, the price and a Code 128 barcode of the barcode (or the SKU). An unknown id is a 404.',
          querystring: documentLanguageQuery,
          body: productLabelsBody,
          response: { 200: z.any().describe('the labels as application/pdf'), ...problemResponses },
        },
      },
      async (request, reply) => {
        const lang = langOf(request.query.lang, request.headers['accept-language']);
        const pdf = await renderProductLabels(ctx, request.body.productIds, lang);
        return sendPdf(reply, 'labels.pdf', pdf);
      },
    );

    app.patch(
      '/products/:id',
      {
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'updateProduct',
          responseHeaders: etag,
          tags,
          summary: 'Change a product',
          description:
            'Needs `If-Match: "<version>"` (the ETag) or `version` in the body: without either 428, with a stale one 412.',
          params: idParams,
          headers: ifMatchHeaders,
          body: updateProductBody,
          response: { 200: productSchema, ...writeProblems },
        },
      },
      async (request, reply) => {
        const { version, ...changes } = request.body;
        const expected = expectedVersion(request.headers['if-match'], version);
        const product = await updateProduct(
          ctx,
          actorOf(request),
          request.params.id,
          expected,
          changes,
          metaOf(request),
        );
        return reply.header('etag', etagOf(product.version)).send(product);
      },
    );

    app.delete(
      '/products/:id',
      {
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'archiveProduct',
          responseHeaders: etag,
          tags,
          summary: 'Archive a product (it is never deleted)',
          description: 'Answers the archived product. `If-Match` is checked when sent.',
          params: idParams,
          headers: ifMatchHeaders,
          response: { 200: productSchema, ...problemResponses, 412: problemSchema },
        },
      },
      async (request, reply) => {
        const ifMatch = request.headers['if-match'];
        const expected = ifMatch === undefined ? undefined : expectedVersion(ifMatch, undefined);
        const product = await archiveProduct(ctx, actorOf(request), request.params.id, expected, metaOf(request));
        return reply.header('etag', etagOf(product.version)).send(product);
      },
    );
  };
