import * as z from 'zod';
import { dateTime, idSchema, listFormat, pageQuery } from './common';

const day = z.iso.date().meta({ description: 'calendar day YYYY-MM-DD, in the installation time zone' });

export const valuationSchema = z
  .object({
    currency: z.string(),
    totalValueCents: z.number().int(),
    totalUnits: z.number().int(),
    totalProducts: z.number().int(),
    byCategory: z.array(
      z.object({
        categoryId: z.number().int().nullable().meta({ description: 'null: uncategorised products' }),
        categoryName: z.string().nullable(),
        parentId: z.number().int().nullable(),
        valueCents: z.number().int(),
        units: z.number().int(),
        products: z.number().int().meta({ description: 'products with stock on hand' }),
      }),
    ),
  })
  .meta({
    id: 'InventoryValuation',
    description: 'Σ onHand × costCents over every location; archived products count while they hold stock.',
  });
export type Valuation = z.infer<typeof valuationSchema>;

export const valuePointSchema = z
  .object({ day, valueCents: z.number().int(), units: z.number().int(), products: z.number().int() })
  .meta({ id: 'InventoryValuePoint' });
export type ValuePoint = z.infer<typeof valuePointSchema>;

export const snapshotSchema = valuePointSchema
  .extend({
    takenBy: z.number().int().nullable().meta({ description: 'null: taken by the daily scheduler' }),
    createdAt: dateTime,
    created: z.boolean().meta({ description: 'false when the day already had its snapshot' }),
  })
  .meta({ id: 'InventorySnapshot' });
export type Snapshot = z.infer<typeof snapshotSchema>;

export const valueHistoryQuery = z
  .object({ from: day.optional(), to: day.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });
export type ValueHistoryQuery = z.infer<typeof valueHistoryQuery>;

export const valueHistorySchema = z
  .object({ from: day, to: day, items: z.array(valuePointSchema) })
  .meta({ id: 'InventoryValueHistory', description: 'One point per day with a snapshot, oldest first.' });
export type ValueHistory = z.infer<typeof valueHistorySchema>;

export const reorderSuggestionSchema = z
  .object({
    productId: z.number().int(),
    sku: z.string(),
    name: z.string(),
    available: z.number().int(),
    reorderPoint: z.number().int(),
    reorderQuantity: z.number().int(),
    soldLast30Days: z.number().int(),
    suggestedQuantity: z.number().int(),
    costCents: z.number().int(),
    estimatedCostCents: z.number().int(),
    incoming: z
      .number()
      .int()
      .meta({ description: 'already on open purchase orders: counted with available before suggesting' }),
    supplierId: z.number().int().nullable().meta({ description: 'the preferred (active) supplier; null: none' }),
    supplierName: z.string().nullable(),
    leadTimeDays: z.number().int().meta({ description: "the supplier's lead time, else the default" }),
  })
  .meta({ id: 'ReorderSuggestion' });
export type ReorderSuggestion = z.infer<typeof reorderSuggestionSchema>;

export const reorderSuggestionsQuery = pageQuery.extend({
  format: listFormat.optional(),
  supplierId: idSchema.optional(),
});
export type ReorderSuggestionsQuery = z.infer<typeof reorderSuggestionsQuery>;

export const reorderSuggestionsSchema = z
  .object({
    items: z.array(reorderSuggestionSchema),
    nextCursor: z.string().nullable(),
    windowDays: z.number().int(),
    leadTimeDays: z.number().int(),
    safetyDays: z.number().int(),
  })
  .meta({ id: 'ReorderSuggestions' });
