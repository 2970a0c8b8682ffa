import { z } from 'zod';
import { dateTime, pageQuery, text } from './common';

export const categorySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    parentId: z.number().int().nullable(),
    description: z.string().nullable(),
    productCount: z.number().int().optional(),
  })
  .meta({ id: 'Category' });
export type Category = z.infer<typeof categorySchema>;

export const productImageSchema = z
  .object({
    id: z.number().int(),
    url: z.string().meta({ description: 'full-size image, re-encoded, EXIF stripped' }),
    thumbnailUrl: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
  })
  .meta({ id: 'ProductImage' });
export type ProductImage = z.infer<typeof productImageSchema>;

const productBase = {
  id: z.number().int(),
  sku: z.string(),
  barcode: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  categoryId: z.number().int().nullable(),
  unit: z.string(),
  priceCents: z.number().int(),
  taxRateBp: z.number().int(),
  reorderPoint: z.number().int(),
  reorderQuantity: z.number().int(),
  active: z.boolean(),
  images: z.array(productImageSchema),
  version: z.number().int(),
  createdAt: dateTime,
  updatedAt: dateTime,
};

/** What staff see. */
export const productSchema = z.object({ ...productBase, costCents: z.number().int() }).meta({ id: 'Product' });
export type Product = z.infer<typeof productSchema>;

/** What customers see: no cost fields, and availability instead of stock detail. */
export const customerProductSchema = z
  .object({ ...productBase, available: z.number().int() })
  .meta({ id: 'CustomerProduct' });
export type CustomerProduct = z.infer<typeof customerProductSchema>;

const sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'letters, digits and . _ - / only');
const barcode = z
  .string()
  .trim()
  .min(4)
  .max(64)
  .regex(/^[A-Za-z0-9\-.]+$/, 'letters, digits, - and . only');
const cents = z.number().int().min(0).max(1_000_000_000_00);

export const createProductBody = z.strictObject({
  sku,
  barcode: barcode.nullable().optional(),
  name: text(200),
  description: z.string().trim().max(5000).nullable().optional(),
  categoryId: z.number().int().positive().nullable().optional(),
  unit: text(20).optional(),
  priceCents: cents,
  costCents: cents.optional(),
  taxRateBp: z.number().int().min(0).max(10_000).optional(),
  reorderPoint: z.number().int().min(0).max(1_000_000_000).optional(),
  reorderQuantity: z.number().int().min(0).max(1_000_000_000).optional(),
  active: z.boolean().optional(),
});
export type CreateProductBody = z.infer<typeof createProductBody>;

export const updateProductBody = createProductBody.partial().extend({ version: z.number().int().positive().optional() });
export type UpdateProductBody = z.infer<typeof updateProductBody>;

export const listProductsQuery = pageQuery.extend({
  q: z.string().trim().min(1).max(100).optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  lowStock: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

export const createCategoryBody = z.strictObject({
  name: text(120),
  parentId: z.number().int().positive().nullable().optional(),
  description: z.string().trim().max(2000).nullable().optional(),
});
export type CreateCategoryBody = z.infer<typeof createCategoryBody>;
export const updateCategoryBody = createCategoryBody.partial();
export type UpdateCategoryBody = z.infer<typeof updateCategoryBody>;
