import {
  MAX_SHIPPING_CENTS,
  ORDER_STATUSES,
  PAYMENT_TERMS,
  RETURN_LINE_CONDITIONS,
  RETURN_STATUSES,
} from '@bodega/domain';
import * as z from 'zod';
import { amountCents, dateTime, id, idSchema, pageQuery, quantity, text, searchText } from './common';

export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid'] as const;

export const placeOrderBody = z.strictObject({
  customerId: id.optional().meta({ description: 'staff only: whom the order is for' }),
  lines: z
    .array(z.strictObject({ productId: id, quantity }))
    .min(1)
    .max(200),
  paymentTerms: z.enum(PAYMENT_TERMS),
  notes: z.string().trim().max(2000).optional(),
  discount: z
    .discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('percent'),
        percent: z.number().gt(0).max(100).multipleOf(0.01),
        reason: text(300),
      }),
      z.strictObject({
        type: z.literal('amount'),
        amountCents,
        reason: text(300),
      }),
    ])
    .optional()
    .meta({ description: 'staff only; above 20 % an admin only' }),
  shippingCents: z.number().int().min(0).max(MAX_SHIPPING_CENTS).optional().meta({ description: 'staff only' }),
  locationId: id.optional().meta({ description: 'where stock is reserved; the default location when absent' }),
});
export type PlaceOrderBody = z.infer<typeof placeOrderBody>;

export const orderLineSchema = z.object({
  productId: z.number().int(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  taxRateBp: z.number().int(),
  subtotalCents: z.number().int(),
  discountCents: z.number().int(),
  taxCents: z.number().int(),
  totalCents: z.number().int(),
  returnedQuantity: z.number().int(),
});

export const orderHistorySchema = z.object({
  from: z.enum(ORDER_STATUSES).nullable(),
  to: z.enum(ORDER_STATUSES),
  userId: z.number().int().nullable(),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: dateTime,
});

export const orderSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    customerId: z.number().int(),
    locationId: z.number().int(),
    status: z.enum(ORDER_STATUSES),
    paymentTerms: z.enum(PAYMENT_TERMS),
    notes: z.string().nullable(),
    lines: z.array(orderLineSchema),
    subtotalCents: z.number().int(),
    discountCents: z.number().int(),
    discountReason: z.string().nullable(),
    taxCents: z.number().int(),
    shippingCents: z.number().int(),
    totalCents: z.number().int(),
    paidCents: z.number().int(),
    creditedCents: z.number().int().meta({ description: 'credits from returns against this order' }),
    balanceCents: z.number().int(),
    paymentStatus: z.enum(PAYMENT_STATUSES),
    history: z.array(orderHistorySchema),
    nextStatuses: z.array(z.enum(ORDER_STATUSES)).meta({ description: 'the moves the caller may make now' }),
    transitions: z
      .array(
        z.object({
          to: z.enum(ORDER_STATUSES),
          needsReason: z.boolean().meta({ description: 'allowed only with a `reason` (an admin override)' }),
        }),
      )
      .meta({ description: 'the moves the caller may make now (`nextStatuses`), and which need a reason' }),
    expiresAt: dateTime.nullable().meta({
      description:
        "when this pending order expires unless confirmed (a customer's own orders only); null for staff orders and once it is no longer pending",
    }),
    version: z.number().int(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof orderSchema>;

export const orderSummarySchema = orderSchema
  .omit({ lines: true, history: true, nextStatuses: true, transitions: true })
  .extend({ lineCount: z.number().int() })
  .meta({ id: 'OrderSummary' });
export type OrderSummary = z.infer<typeof orderSummarySchema>;

export const transitionBody = z.strictObject({
  to: z.enum(ORDER_STATUSES),
  reason: z.string().trim().min(1).max(500).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type TransitionBody = z.infer<typeof transitionBody>;

export const listOrdersQuery = pageQuery.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  customerId: idSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: searchText(40).meta({ description: 'order number, or part of it' }),
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

export const idempotencyHeaders = z
  .object({
    'idempotency-key': z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII')
      .optional(),
  })
  .loose();

export const openReturnBody = z.strictObject({
  reason: text(500),
  lines: z
    .array(
      z.strictObject({
        productId: id,
        quantity,
        condition: z.enum(RETURN_LINE_CONDITIONS),
      }),
    )
    .min(1)
    .max(200),
});
export type OpenReturnBody = z.infer<typeof openReturnBody>;

export const returnSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    orderId: z.number().int(),
    customerId: z.number().int(),
    status: z.enum(RETURN_STATUSES),
    reason: z.string(),
    creditCents: z.number().int(),
    lines: z.array(
      z.object({
        productId: z.number().int(),
        quantity: z.number().int(),
        condition: z.enum(RETURN_LINE_CONDITIONS),
        creditCents: z.number().int(),
      }),
    ),
    receivedAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'Return' });
export type Return = z.infer<typeof returnSchema>;

export const listReturnsQuery = pageQuery.extend({
  status: z.enum(RETURN_STATUSES).optional(),
  orderId: idSchema.optional(),
});
export type ListReturnsQuery = z.infer<typeof listReturnsQuery>;
