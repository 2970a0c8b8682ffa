import {
  createPurchaseOrderBody,
  createSupplierBody,
  documentLanguageQuery,
  idParams,
  idempotencyHeaders,
  listPurchaseOrdersQuery,
  listSupplierProductsQuery,
  listSuppliersQuery,
  pageOf,
  problemResponses,
  problemSchema,
  purchaseOrderReceiptResult,
  purchaseOrderSchema,
  purchaseOrdersFromSuggestionsBody,
  purchaseOrdersFromSuggestionsResult,
  purchaseOrderSummarySchema,
  purchaseOrderTransitionBody,
  receivePurchaseOrderBody,
  saveSupplierProductBody,
  supplierProductParams,
  supplierProductSchema,
  supplierSchema,
  updatePurchaseOrderBody,
  updateSupplierBody,
} from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { langOf } from '../../platform/pdf';
import { sendPdf } from '../../platform/report-format';
import { metaOf } from '../../platform/request-meta';
import { createPurchaseOrder } from './create-purchase-order';
import { createSupplier } from './create-supplier';
import { deleteSupplier } from './delete-supplier';
import { draftPurchaseOrdersFromSuggestions } from './draft-purchase-orders-from-suggestions';
import { emailPurchaseOrder } from './email-purchase-order';
import { listPurchaseOrders, loadPurchaseOrder } from './purchase-orders.queries';
import { receivePurchaseOrder } from './receive-purchase-order';
import { removeSupplierProduct } from './remove-supplier-product';
import { renderPurchaseOrder } from './render-purchase-order';
import { saveSupplierProduct } from './save-supplier-product';
import { findSupplier, listProductsOfSupplier, listSuppliers, listSuppliersOfProduct } from './suppliers.queries';
import { transitionPurchaseOrder } from './transition-purchase-order';
import { updatePurchaseOrder } from './update-purchase-order';
import { updateSupplier } from './update-supplier';

/** Suppliers, their products, and purchase orders from draft to received. */
export const purchasingRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['suppliers'];
    app.get(
      '/suppliers',
      {
        config: { access: 'purchasing.read' },
        schema: {
          operationId: 'listSuppliers',
          tags,
          summary: 'Suppliers, searchable by name, code, email or tax id',
          querystring: listSuppliersQuery,
          response: { 200: pageOf(supplierSchema), ...problemResponses },
        },
      },
      (request) => listSuppliers(ctx.db, request.query),
    );
    app.post(
      '/suppliers',
      {
        config: { access: 'suppliers.manage' },
        schema: {
          operationId: 'createSupplier',
          tags,
          summary: 'Add a supplier',
          body: createSupplierBody,
          response: { 201: supplierSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createSupplier(ctx, actorOf(request), request.body, metaOf(request))),
    );
    app.get(
      '/suppliers/:id',
      {
        config: { access: 'purchasing.read' },
        schema: {
          operationId: 'getSupplier',
          tags,
          summary: 'One supplier',
          params: idParams,
          response: { 200: supplierSchema, ...problemResponses },
        },
      },
      (request) => findSupplier(ctx.db, request.params.id),
    );
    app.patch(
      '/suppliers/:id',
      {
        config: { access: 'suppliers.manage' },
        schema: {
          operationId: 'updateSupplier',
          tags,
          summary: 'Edit, deactivate (active: false) or reactivate a supplier; `version` makes the write conditional',
          params: idParams,
          body: updateSupplierBody,
          response: { 200: supplierSchema, ...problemResponses },
        },
      },
      (request) => updateSupplier(ctx, actorOf(request), request.params.id, request.body, metaOf(request)),
    );
    app.delete(
      '/suppliers/:id',
      {
        config: { access: 'suppliers.manage' },
        schema: {
          operationId: 'deleteSupplier',
          tags,
          summary: 'Delete a supplier never ordered from (409 supplier_in_use otherwise: deactivate it)',
          params: idParams,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await deleteSupplier(ctx, actorOf(request), request.params.id, metaOf(request));
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/suppliers/:id/products',
      {
        config: { access: 'purchasing.read' },
        schema: {
          operationId: 'listSupplierProducts',
          tags,
          summary: 'What a supplier sells: SKU, last cost, minimum order, preferred flag',
          params: idParams,
          querystring: listSupplierProductsQuery,
          response: { 200: pageOf(supplierProductSchema), ...problemResponses },
        },
      },
      (request) => listProductsOfSupplier(ctx.db, request.params.id, request.query),
    );
    app.put(
      '/suppliers/:id/products/:productId',
      {
        config: { access: 'suppliers.manage' },
        schema: {
          operationId: 'saveSupplierProduct',
          tags,
          summary: "Link a product to a supplier or change the link (preferred: true takes over the product's flag)",
          params: supplierProductParams,
          body: saveSupplierProductBody,
          response: { 200: supplierProductSchema, ...problemResponses },
        },
      },
      (request) =>
        saveSupplierProduct(
          ctx,
          actorOf(request),
          request.params.id,
          request.params.productId,
          request.body,
          metaOf(request),
        ),
    );
    app.delete(
      '/suppliers/:id/products/:productId',
      {
        config: { access: 'suppliers.manage' },
        schema: {
          operationId: 'removeSupplierProduct',
          tags,
          summary: 'Unlink a product from a supplier',
          params: supplierProductParams,
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await removeSupplierProduct(
          ctx,
          actorOf(request),
          request.params.id,
          request.params.productId,
          metaOf(request),
        );
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/products/:id/suppliers',
      {
        config: { access: 'purchasing.read' },
        schema: {
          operationId: 'listProductSuppliers',
          tags,
          summary: 'Who sells a product (the preferred supplier first)',
          params: idParams,
          response: { 200: z.object({ items: z.array(supplierProductSchema) }), ...problemResponses },
        },
      },
      async (request) => ({ items: await listSuppliersOfProduct(ctx.db, request.params.id) }),
    );

    const poTags = ['purchase orders'];
    app.get(
      '/purchase-orders',
      {
        config: { access: 'purchasing.read' },
        schema: {
          operationId: 'listPurchaseOrders',
          tags: poTags,
          summary: 'Purchase orders, newest first',
          querystring: listPurchaseOrdersQuery,
          response: { 200: pageOf(purchaseOrderSummarySchema), ...problemResponses },
        },
      },
      (request) => listPurchaseOrders(ctx.db, request.query),
    );
    app.post(
      '/purchase-orders',
      {
        config: { access: 'purchasing.manage' },
        schema: {
          operationId: 'createPurchaseOrder',
          tags: poTags,
          summary: 'Draft a purchase order',
          body: createPurchaseOrderBody,
          response: { 201: purchaseOrderSchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createPurchaseOrder(ctx, actorOf(request), request.body, metaOf(request))),
    );
    app.post(
      '/purchase-orders/from-suggestions',
      {
        config: { access: 'purchasing.manage' },
        schema: {
          operationId: 'draftPurchaseOrdersFromSuggestions',
          tags: poTags,
          summary: 'Turn the reorder suggestions into one draft purchase order per preferred supplier',
          description:
            'Quantities are the suggested ones (computed with the supplier’s lead time and minimum order); each ' +
            'draft is expected after its supplier’s lead time. Products without a preferred supplier, or already ' +
            'on a draft purchase order, come back in `skipped`.',
          body: purchaseOrdersFromSuggestionsBody,
          response: { 201: purchaseOrdersFromSuggestionsResult, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await draftPurchaseOrdersFromSuggestions(ctx, actorOf(request), request.body, metaOf(request))),
    );
    app.get(
      '/purchase-orders/:id',
      {
        config: { access: 'purchasing.read' },
        schema: {
          operationId: 'getPurchaseOrder',
          tags: poTags,
          summary: 'One purchase order with lines, deliveries and history',
          params: idParams,
          response: { 200: purchaseOrderSchema, ...problemResponses },
        },
      },
      (request) => loadPurchaseOrder(ctx.db, request.params.id),
    );
    app.patch(
      '/purchase-orders/:id',
      {
        config: { access: 'purchasing.manage' },
        schema: {
          operationId: 'updatePurchaseOrder',
          tags: poTags,
          summary: 'Edit a draft purchase order (409 purchase_order_not_editable once sent)',
          params: idParams,
          body: updatePurchaseOrderBody,
          response: { 200: purchaseOrderSchema, ...problemResponses },
        },
      },
      (request) => updatePurchaseOrder(ctx, actorOf(request), request.params.id, request.body, metaOf(request)),
    );
    app.post(
      '/purchase-orders/:id/transitions',
      {
        config: { access: 'purchasing.manage' },
        schema: {
          operationId: 'transitionPurchaseOrder',
          tags: poTags,
          summary: 'Send or cancel a purchase order',
          description:
            'The moves are the table in packages/domain (purchasing.ts): draft → sent, draft/sent → cancelled; ' +
            'receipts move it to partially_received and received. On `sent` the PDF is emailed to the supplier ' +
            'when SMTP is configured and the supplier has an email (in the ?lang= or Accept-Language language).',
          params: idParams,
          querystring: documentLanguageQuery,
          body: purchaseOrderTransitionBody,
          response: { 200: purchaseOrderSchema, ...problemResponses },
        },
      },
      (request) =>
        transitionPurchaseOrder(
          ctx,
          actorOf(request),
          request.params.id,
          request.body,
          metaOf(request),
          langOf(request.query.lang, request.headers['accept-language']),
        ),
    );
    app.post(
      '/purchase-orders/:id/receipts',
      {
        config: { access: 'purchasing.manage' },
        schema: {
          operationId: 'receivePurchaseOrder',
          responseHeaders: { 200: ['Idempotent-Replayed'] },
          tags: poTags,
          summary: 'Receive goods against a purchase order, line by line (partial deliveries welcome)',
          description:
            'Each delivery is a stock receipt (ledger `receipt` rows referenced with the PO number; moving ' +
            'average cost from the actual unit cost). More than a line ordered is 409 `over_receipt` unless ' +
            '`allowOverReceipt: true`, which flags the line and is audited. A draft, cancelled or received ' +
            'order is 409 `purchase_order_not_receivable`. With an `Idempotency-Key` header, a retry with the ' +
            'same key and body answers 200 with the first answer (header `Idempotent-Replayed: true`) and ' +
            'receives nothing again; the same key with another body is a 422.',
          headers: idempotencyHeaders,
          params: idParams,
          body: receivePurchaseOrderBody,
          response: {
            201: purchaseOrderReceiptResult,
            200: purchaseOrderReceiptResult,
            422: problemSchema,
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const key = request.headers['idempotency-key'];
        const { result, replayed } = await receivePurchaseOrder(
          ctx,
          actorOf(request),
          id,
          request.body,
          key,
          metaOf(request),
        );
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(replayed ? 200 : 201).send(result);
      },
    );
    app.get(
      '/purchase-orders/:id/pdf',
      {
        config: { access: 'purchasing.read' },
        schema: {
          operationId: 'getPurchaseOrderPdf',
          produces: ['application/pdf'],
          tags: poTags,
          summary: 'The purchase order as a PDF for the supplier (?lang=es|en, else Accept-Language)',
          params: idParams,
          querystring: documentLanguageQuery,
          response: { 200: z.any().describe('the purchase order as application/pdf'), ...problemResponses },
        },
      },
      async (request, reply) => {
        const lang = langOf(request.query.lang, request.headers['accept-language']);
        const { purchaseOrder, pdf } = await renderPurchaseOrder(ctx, request.params.id, lang);
        return sendPdf(reply, `${purchaseOrder.number}.pdf`, pdf);
      },
    );
    app.post(
      '/purchase-orders/:id/email',
      {
        config: { access: 'purchasing.manage' },
        schema: {
          operationId: 'emailPurchaseOrder',
          tags: poTags,
          summary: 'Email the purchase order (PDF) to the supplier again',
          description: '409 `email_unavailable` without SMTP_URL or without a supplier email.',
          params: idParams,
          querystring: documentLanguageQuery,
          response: { 200: purchaseOrderSchema, ...problemResponses },
        },
      },
      (request) =>
        emailPurchaseOrder(
          ctx,
          actorOf(request),
          request.params.id,
          metaOf(request),
          langOf(request.query.lang, request.headers['accept-language']),
        ),
    );
  };
