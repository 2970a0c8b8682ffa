import { ADJUSTMENT_REASONS, ALERT_STATUSES, ALERT_TYPES, MAX_LINE_QUANTITY, MOVEMENT_TYPES } from '@bodega/domain';
import * as z from 'zod';
import {
  costCents,
  dateTime,
  id,
  idSchema,
  listFormat,
  onHandQuantity,
  pageQuery,
  quantity,
  searchText,
  text,
} from './common';

export const locationSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    active: z.boolean(),
    isDefault: z.boolean(),
  })
  .meta({ id: 'Location' });
export type Location = z.infer<typeof locationSchema>;

export const createLocationBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
  name: text(120),
  address: z.string().trim().max(300).nullable().optional(),
});
export type CreateLocationBody = z.infer<typeof createLocationBody>;
export const updateLocationBody = createLocationBody.partial().extend({ active: z.boolean().optional() });
export type UpdateLocationBody = z.infer<typeof updateLocationBody>;

export const stockLevelSchema = z
  .object({
    productId: z.number().int(),
    locationId: z.number().int(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    incoming: z
      .number()
      .int()
      .optional()
      .meta({ description: 'on open purchase orders (sent, partially received) for this location; in GET /stock' }),
    sku: z.string().optional().meta({ description: "the product's SKU; in GET /stock" }),
    name: z.string().optional().meta({ description: "the product's name; in GET /stock" }),
    reorderPoint: z.number().int().optional().meta({ description: "the product's reorder point; in GET /stock" }),
  })
  .meta({ id: 'StockLevel' });
export type StockLevel = z.infer<typeof stockLevelSchema>;

export const listStockQuery = pageQuery.extend({
  productId: idSchema.optional(),
  locationId: idSchema.optional(),
  q: searchText(100),
  lowStock: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: products whose total available (all locations) is at or below their reorder point' }),
});
export type ListStockQuery = z.infer<typeof listStockQuery>;

export const movementSchema = z
  .object({
    id: z.number().int(),
    productId: z.number().int(),
    locationId: z.number().int(),
    type: z.enum(MOVEMENT_TYPES),
    quantity: z.number().int(),
    onHandAfter: z.number().int(),
    unitCostCents: z.number().int().nullable(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    reference: z.string().nullable(),
    userId: z.number().int().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'StockMovement' });
export type Movement = z.infer<typeof movementSchema>;

export const listMovementsQuery = pageQuery.extend({
  productId: idSchema.optional(),
  locationId: idSchema.optional(),
  type: z.enum(MOVEMENT_TYPES).optional(),
  userId: idSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  format: listFormat.optional(),
});
export type ListMovementsQuery = z.infer<typeof listMovementsQuery>;

export const receiptBody = z.strictObject({
  locationId: id.optional(),
  supplierId: id.optional(),
  reference: z.string().trim().max(100).optional(),
  note: z.string().trim().max(1000).optional(),
  lines: z
    .array(z.strictObject({ productId: id, quantity, unitCostCents: costCents }))
    .min(1)
    .max(500),
});
export type ReceiptBody = z.infer<typeof receiptBody>;

export const receiptSchema = z
  .object({
    id: z.number().int(),
    locationId: z.number().int(),
    supplierId: z.number().int().nullable(),
    reference: z.string().nullable(),
    note: z.string().nullable(),
    userId: z.number().int().nullable(),
    createdAt: dateTime,
    movements: z.array(movementSchema),
  })
  .meta({ id: 'StockReceipt' });

export const adjustmentBody = z
  .strictObject({
    productId: id,
    locationId: id.optional(),
    quantity: z
      .number()
      .int()
      .min(-MAX_LINE_QUANTITY)
      .max(MAX_LINE_QUANTITY)
      .refine((q) => q !== 0, 'must not be zero'),
    reason: z.enum(ADJUSTMENT_REASONS),
    note: z.string().trim().min(1).max(1000).optional(),
  })
  .refine((b) => b.reason !== 'other' || b.note !== undefined, {
    message: 'a note is required when the reason is other',
    path: ['note'],
  });
export type AdjustmentBody = z.infer<typeof adjustmentBody>;

export const transferBody = z.strictObject({
  productId: id,
  fromLocationId: id,
  toLocationId: id,
  quantity,
  note: z.string().trim().max(1000).optional(),
});
export type TransferBody = z.infer<typeof transferBody>;

export const countBody = z.strictObject({
  productId: id,
  locationId: id.optional(),
  countedQuantity: onHandQuantity,
  note: z.string().trim().max(1000).optional(),
});
export type CountBody = z.infer<typeof countBody>;

/** The movements a stock operation wrote, and the levels it left. */
export const stockOperationResult = z
  .object({ movements: z.array(movementSchema), levels: z.array(stockLevelSchema) })
  .meta({ id: 'StockOperationResult' });

export const alertSchema = z
  .object({
    id: z.number().int(),
    productId: z.number().int(),
    sku: z.string(),
    name: z.string(),
    type: z.enum(ALERT_TYPES),
    status: z.enum(ALERT_STATUSES),
    available: z.number().int(),
    reorderPoint: z.number().int(),
    openedAt: dateTime,
    acknowledgedAt: dateTime.nullable(),
    acknowledgedBy: z.number().int().nullable(),
    resolvedAt: dateTime.nullable(),
  })
  .meta({ id: 'StockAlert' });
export type Alert = z.infer<typeof alertSchema>;

export const listAlertsQuery = pageQuery.extend({
  status: z.enum(ALERT_STATUSES).optional(),
  type: z.enum(ALERT_TYPES).optional(),
  productId: idSchema.optional(),
});
export type ListAlertsQuery = z.infer<typeof listAlertsQuery>;
