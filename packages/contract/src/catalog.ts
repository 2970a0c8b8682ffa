import * as z from 'zod';
import { MAX_UNIT_COST_CENTS } from '@bodega/domain';
import {
  CSV_FORMULA_START,
  costCents,
  dateTime,
  id,
  idSchema,
  pageQuery,
  priceCents,
  text,
  searchText,
  version,
} from './common';
import { problemSchema } from './errors';

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
export const productSchema = z
  .object({
    ...productBase,
    costCents: z.number().int(),
    onHand: z
      .number()
      .int()
      .optional()
      .meta({ description: 'units on hand over every location (in the staff list only)' }),
  })
  .meta({ id: 'Product' });
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

export const createProductBody = z.strictObject({
  sku,
  barcode: barcode.nullable().optional(),
  name: text(200),
  description: z.string().trim().max(5000).nullable().optional(),
  categoryId: id.nullable().optional(),
  unit: text(20).optional(),
  priceCents,
  costCents: costCents.optional(),
  taxRateBp: z.number().int().min(0).max(10_000).optional(),
  reorderPoint: z.number().int().min(0).max(1_000_000_000).optional(),
  reorderQuantity: z.number().int().min(0).max(1_000_000_000).optional(),
  active: z.boolean().optional(),
});
export type CreateProductBody = z.infer<typeof createProductBody>;

export const updateProductBody = createProductBody.partial().extend({ version: version.optional() });
export type UpdateProductBody = z.infer<typeof updateProductBody>;

export const listProductsQuery = pageQuery.extend({
  q: searchText(100),
  categoryId: idSchema.optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  lowStock: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

export const createCategoryBody = z.strictObject({
  name: text(120),
  parentId: id.nullable().optional(),
  description: z.string().trim().max(2000).nullable().optional(),
});
export type CreateCategoryBody = z.infer<typeof createCategoryBody>;
export const updateCategoryBody = createCategoryBody.partial();
export type UpdateCategoryBody = z.infer<typeof updateCategoryBody>;

export const categoryPage = z.object({ items: z.array(categorySchema), nextCursor: z.string().nullable() });

export const barcodeParams = z.object({ code: z.string().trim().min(1).max(64) });

/** `If-Match: "<version>"` on product writes (other headers pass through untouched). */
export const ifMatchHeaders = z.looseObject({
  'if-match': z.string().max(100).optional().meta({ description: 'The ETag of the version being changed, e.g. "3"' }),
});

/** CSV import/export of products: the columns, in this order. */
export const PRODUCT_CSV_COLUMNS = [
  'sku',
  'barcode',
  'name',
  'description',
  'category',
  'unit',
  'priceCents',
  'costCents',
  'taxRateBp',
  'reorderPoint',
  'reorderQuantity',
  'active',
] as const;
export type ProductCsvColumn = (typeof PRODUCT_CSV_COLUMNS)[number];
export const REQUIRED_CSV_COLUMNS = ['sku', 'name', 'priceCents'] as const satisfies readonly ProductCsvColumn[];

/** Separates the levels of a category path in the CSV `category` column: "Tools > Hand tools". */
export const CATEGORY_PATH_SEPARATOR = ' > ';

const unguard = (v: string) =>
  v.startsWith("'") && CSV_FORMULA_START.test(v.slice(1).replace(/^'/, '')) ? v.slice(1) : v;
const csvCell = z.string().transform((v) => unguard(v.trim()));
/** An empty cell clears a nullable field. */
const csvNullable = (inner: z.ZodType<string, string>) =>
  csvCell.pipe(z.union([z.literal('').transform(() => null), inner]));
/** An empty cell keeps the current value (or the default for a new product). */
const csvInt = (max: number) =>
  csvCell
    .pipe(z.string().regex(/^\d*$/, 'expected a whole number, 0 or more'))
    .transform((v) => (v === '' ? undefined : Number(v)))
    .pipe(z.number().int().max(max).optional());

/**
 * One data row of a product CSV, cells as text. A column missing from the file leaves the
 * field unchanged on existing products (and at its default on new ones).
 */
export const productCsvRow = z.object({
  sku: csvCell.pipe(sku),
  barcode: csvNullable(barcode).optional(),
  name: csvCell.pipe(text(200)),
  description: csvNullable(z.string().max(5000)).optional(),
  category: csvNullable(z.string().max(500)).optional(),
  unit: csvCell
    .pipe(z.string().max(20))
    .transform((v) => (v === '' ? undefined : v))
    .optional(),
  priceCents: csvCell
    .pipe(z.string().regex(/^\d+$/, 'required: a whole number of cents'))
    .transform(Number)
    .pipe(priceCents),
  costCents: csvInt(MAX_UNIT_COST_CENTS).optional(),
  taxRateBp: csvInt(10_000).optional(),
  reorderPoint: csvInt(1_000_000_000).optional(),
  reorderQuantity: csvInt(1_000_000_000).optional(),
  active: csvCell
    .pipe(z.string().regex(/^(true|false|1|0|yes|no|)$/i, 'expected true or false'))
    .transform((v) => (v === '' ? undefined : /^(true|1|yes)$/i.test(v)))
    .optional(),
});
export type ProductCsvRow = z.infer<typeof productCsvRow>;

export const importResultSchema = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    total: z.number().int(),
    categoriesCreated: z.number().int(),
  })
  .meta({ id: 'ProductImportResult' });
export type ImportResult = z.infer<typeof importResultSchema>;

/** A row error of a refused import: `row` counts data rows from 1, `line` is the file's line. */
export const importRowErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  row: z.number().int().optional(),
  line: z.number().int().optional(),
  field: z.string().optional(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

/** 422 `import_failed`: nothing was imported; at most 100 row errors are listed. */
export const importProblemSchema = problemSchema
  .extend({ errors: z.array(importRowErrorSchema).optional() })
  .meta({ id: 'ImportProblem' });

export const importQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'true: check every row and answer what would happen, writing nothing' }),
});

/** The answer of `?dryRun=true`: what the import would do, or every row error, and nothing written. */
export const importPreviewSchema = z
  .object({
    dryRun: z.literal(true),
    valid: z.boolean(),
    errorCount: z.number().int(),
    errors: z.array(importRowErrorSchema),
    result: importResultSchema.nullable(),
  })
  .meta({ id: 'ProductImportPreview' });
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/** Barcode labels (PDF) for these products, one label each, in this order. */
export const productLabelsBody = z.strictObject({
  productIds: z.array(id).min(1).max(500),
});

/** The lines of an import answered as `application/x-ndjson`. */
export const importProgressLine = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    phase: z.enum(['validating', 'importing']),
    processed: z.number().int(),
    total: z.number().int(),
  }),
  z.object({ type: z.literal('result'), result: importResultSchema }),
  z.object({
    type: z.literal('error'),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    errors: z.array(importRowErrorSchema).optional(),
  }),
]);
export type ImportProgressLine = z.infer<typeof importProgressLine>;
