import { PURCHASE_ORDER_STATUSES } from '@bodega/domain';
import * as z from 'zod';
import {
  costCents as cents,
  dateTime,
  emailAddress,
  emailSchema,
  id,
  idSchema,
  pageQuery,
  quantity,
  searchText,
  text,
  version,
} from './common';
import { receiptSchema } from './inventory';

const day = z.iso.date().meta({ description: 'calendar day YYYY-MM-DD, in the installation time zone' });
const days = z.number().int().min(0).max(365);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const code = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

// Suppliers

export const supplierSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    contact: z.string().nullable().meta({ description: 'the person to speak to' }),
    email: emailAddress.nullable().meta({ description: 'purchase orders are emailed here' }),
    phone: z.string().nullable(),
    taxId: z.string().nullable(),
    address: z.string().nullable(),
    paymentTermsDays: z.number().int(),
    leadTimeDays: z.number().int().meta({ description: 'days from sending an order to its arrival' }),
    notes: z.string().nullable(),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Supplier' });
export type Supplier = z.infer<typeof supplierSchema>;

export const createSupplierBody = z.strictObject({
  code: code.optional().meta({ description: 'generated (S-000042) when absent' }),
  name: text(200),
  contact: optionalText(200),
  email: emailSchema.nullable().optional(),
  phone: optionalText(40),
  taxId: optionalText(40),
  address: optionalText(500),
  paymentTermsDays: days.optional(),
  leadTimeDays: days.optional().meta({ description: '7 when absent' }),
  notes: optionalText(5000),
  active: z.boolean().optional(),
});
export type CreateSupplierBody = z.infer<typeof createSupplierBody>;

export const updateSupplierBody = createSupplierBody
  .partial()
  .extend({ version: version.optional().meta({ description: 'stale: 412' }) });
export type UpdateSupplierBody = z.infer<typeof updateSupplierBody>;

export const listSuppliersQuery = pageQuery.extend({ q: searchText(100), active: booleanQuery });
export type ListSuppliersQuery = z.infer<typeof listSuppliersQuery>;

/** A product as a supplier sells it. */
export const supplierProductSchema = z
  .object({
    supplierId: z.number().int(),
    supplierCode: z.string(),
    supplierName: z.string(),
    productId: z.number().int(),
    sku: z.string(),
    name: z.string(),
    supplierSku: z.string().nullable(),
    lastCostCents: z.number().int().nullable().meta({ description: 'what the last delivery cost, per unit' }),
    minOrderQuantity: z.number().int(),
    preferred: z.boolean().meta({ description: 'the supplier reorder suggestions go to (one per product)' }),
    updatedAt: dateTime,
  })
  .meta({ id: 'SupplierProduct' });
export type SupplierProduct = z.infer<typeof supplierProductSchema>;

export const listSupplierProductsQuery = pageQuery.extend({});
export type ListSupplierProductsQuery = z.infer<typeof listSupplierProductsQuery>;

export const supplierProductParams = z.object({
  id: idSchema,
  productId: idSchema,
});

export const saveSupplierProductBody = z.strictObject({
  supplierSku: optionalText(60),
  lastCostCents: cents.nullable().optional(),
  minOrderQuantity: quantity.optional(),
  preferred: z
    .boolean()
    .optional()
    .meta({ description: "true makes this the product's preferred supplier (the previous one stops being)" }),
});
export type SaveSupplierProductBody = z.infer<typeof saveSupplierProductBody>;

// Purchase orders

export const purchaseOrderLineSchema = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  sku: z.string(),
  name: z.string(),
  supplierSku: z.string().nullable(),
  quantity: z.number().int(),
  unitCostCents: z.number().int().meta({ description: 'expected unit cost' }),
  totalCents: z.number().int(),
  receivedQuantity: z.number().int(),
  outstandingQuantity: z.number().int(),
  overReceived: z.boolean().meta({ description: 'more than ordered was received (allowOverReceipt)' }),
});

export const purchaseOrderHistorySchema = z.object({
  from: z.enum(PURCHASE_ORDER_STATUSES).nullable(),
  to: z.enum(PURCHASE_ORDER_STATUSES),
  userId: z.number().int().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: dateTime,
});

/** One delivery against a purchase order. */
export const purchaseOrderDeliverySchema = z.object({
  receiptId: z.number().int().meta({ description: 'the stock receipt' }),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  userId: z.number().int().nullable(),
  createdAt: dateTime,
  lines: z.array(
    z.object({
      lineId: z.number().int(),
      productId: z.number().int(),
      quantity: z.number().int(),
      unitCostCents: z.number().int().meta({ description: 'actual unit cost' }),
      excessQuantity: z.number().int().meta({ description: 'units beyond what the line ordered' }),
    }),
  ),
});

const purchaseOrderFields = {
  id: z.number().int(),
  number: z.string().meta({ description: 'PO-YYYYMMDD-NNNN' }),
  supplierId: z.number().int(),
  supplierName: z.string(),
  locationId: z.number().int().meta({ description: 'where the goods are received' }),
  status: z.enum(PURCHASE_ORDER_STATUSES),
  expectedDate: day.nullable(),
  notes: z.string().nullable(),
  totalCents: z.number().int(),
  sentAt: dateTime.nullable(),
  emailedAt: dateTime.nullable(),
  emailedTo: emailAddress.nullable(),
  createdBy: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: dateTime,
  updatedAt: dateTime,
};

export const purchaseOrderSummarySchema = z
  .object({ ...purchaseOrderFields, lineCount: z.number().int() })
  .meta({ id: 'PurchaseOrderSummary' });
export type PurchaseOrderSummary = z.infer<typeof purchaseOrderSummarySchema>;

export const purchaseOrderSchema = z
  .object({
    ...purchaseOrderFields,
    lines: z.array(purchaseOrderLineSchema),
    history: z.array(purchaseOrderHistorySchema),
    deliveries: z.array(purchaseOrderDeliverySchema),
    nextStatuses: z
      .array(z.enum(PURCHASE_ORDER_STATUSES))
      .meta({ description: 'moves available by action (send, cancel)' }),
    receivable: z.boolean().meta({ description: 'goods may be received against it now' }),
  })
  .meta({ id: 'PurchaseOrder' });
export type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;

const purchaseOrderLinesBody = z
  .array(
    z.strictObject({
      productId: id,
      quantity,
      unitCostCents: cents
        .optional()
        .meta({ description: "expected; the supplier's last cost for the product, else its average cost" }),
    }),
  )
  .min(1)
  .max(500)
  .refine((lines) => new Set(lines.map((l) => l.productId)).size === lines.length, {
    message: 'a product appears once per purchase order',
  });

export const createPurchaseOrderBody = z.strictObject({
  supplierId: id,
  locationId: id.optional().meta({ description: 'where goods will be received; the default location when absent' }),
  expectedDate: day.optional().meta({ description: "today + the supplier's lead time when absent" }),
  notes: optionalText(2000),
  lines: purchaseOrderLinesBody,
});
export type CreatePurchaseOrderBody = z.infer<typeof createPurchaseOrderBody>;

export const updatePurchaseOrderBody = z.strictObject({
  locationId: id.optional(),
  expectedDate: day.nullable().optional(),
  notes: optionalText(2000),
  lines: purchaseOrderLinesBody.optional().meta({ description: 'replaces every line' }),
  version: version.optional().meta({ description: 'stale: 412' }),
});
export type UpdatePurchaseOrderBody = z.infer<typeof updatePurchaseOrderBody>;

export const purchaseOrderTransitionBody = z.strictObject({
  to: z.enum(PURCHASE_ORDER_STATUSES),
  reason: optionalText(500),
  note: optionalText(1000),
});
export type PurchaseOrderTransitionBody = z.infer<typeof purchaseOrderTransitionBody>;

export const receivePurchaseOrderBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        lineId: id,
        quantity,
        unitCostCents: cents.optional().meta({ description: "actual unit cost; the line's expected cost when absent" }),
      }),
    )
    .min(1)
    .max(500)
    .refine((lines) => new Set(lines.map((l) => l.lineId)).size === lines.length, {
      message: 'a line appears once per delivery',
    }),
  locationId: id
    .optional()
    .meta({ description: "where this delivery goes in; the purchase order's location when absent" }),
  allowOverReceipt: z
    .boolean()
    .optional()
    .meta({ description: 'receive more than a line ordered (recorded); otherwise that is 409 over_receipt' }),
  reference: z.string().trim().max(100).optional().meta({ description: "the supplier's delivery note" }),
  note: z.string().trim().max(1000).optional(),
});
export type ReceivePurchaseOrderBody = z.infer<typeof receivePurchaseOrderBody>;

export const purchaseOrderReceiptResult = z
  .object({ purchaseOrder: purchaseOrderSchema, receipt: receiptSchema })
  .meta({ id: 'PurchaseOrderReceipt' });

export const listPurchaseOrdersQuery = pageQuery.extend({
  status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
  supplierId: idSchema.optional(),
  productId: idSchema.optional(),
  q: searchText(40).meta({ description: 'part of the number' }),
});
export type ListPurchaseOrdersQuery = z.infer<typeof listPurchaseOrdersQuery>;

export const purchaseOrdersFromSuggestionsBody = z.strictObject({
  supplierIds: z.array(id).min(1).max(200).optional().meta({ description: 'only these suppliers' }),
  productIds: z.array(id).min(1).max(1000).optional().meta({ description: 'only these products' }),
  locationId: id.optional().meta({ description: 'where goods will be received; the default location when absent' }),
});
export type PurchaseOrdersFromSuggestionsBody = z.infer<typeof purchaseOrdersFromSuggestionsBody>;

export const SUGGESTION_SKIP_REASONS = ['no_preferred_supplier', 'on_draft_purchase_order'] as const;

export const purchaseOrdersFromSuggestionsResult = z
  .object({
    items: z.array(purchaseOrderSchema).meta({ description: 'one draft per supplier' }),
    skipped: z.array(
      z.object({
        productId: z.number().int(),
        sku: z.string(),
        name: z.string(),
        suggestedQuantity: z.number().int(),
        reason: z.enum(SUGGESTION_SKIP_REASONS),
      }),
    ),
  })
  .meta({ id: 'PurchaseOrdersFromSuggestions' });
export type PurchaseOrdersFromSuggestionsResult = z.infer<typeof purchaseOrdersFromSuggestionsResult>;
