import {
  MAX_AMOUNT_CENTS,
  MAX_ID,
  MAX_LINE_QUANTITY,
  MAX_ON_HAND,
  MAX_UNIT_COST_CENTS,
  MAX_UNIT_PRICE_CENTS,
  MAX_VERSION,
} from '@bodega/domain';
import * as z from 'zod';

/**
 * Bounded numbers, every one from packages/domain/src/limits.ts: every id and version a route
 * takes is one of these, so none reaches an INTEGER column out of its range (decision 0014).
 */
/** An id in a JSON body. */
export const id = z.number().int().positive().max(MAX_ID);
/** An id in a path or a query string (text, coerced). */
export const idSchema = z.coerce.number().int().positive().max(MAX_ID);
export const idParams = z.object({ id: idSchema });
/** The version a write expects (optimistic locking). */
export const version = z.number().int().positive().max(MAX_VERSION);
/** Units of one line (order, receipt, return, transfer, purchase order). */
export const quantity = z.number().int().min(1).max(MAX_LINE_QUANTITY);
/** Units on hand at one location (a count). */
export const onHandQuantity = z.number().int().min(0).max(MAX_ON_HAND);
export const priceCents = z.number().int().min(0).max(MAX_UNIT_PRICE_CENTS);
export const costCents = z.number().int().min(0).max(MAX_UNIT_COST_CENTS);
/** A payment, an allocation, a manual debt, a discount, a credit limit. */
export const amountCents = z.number().int().min(1).max(MAX_AMOUNT_CENTS);

/** ISO 8601 date-time as it travels in JSON. */
export const dateTime = z.string().meta({ format: 'date-time' });

/** An email address as the API answers it (checked when it came in). */
export const emailAddress = z.string().meta({ format: 'email' });

export const MAX_PAGE_SIZE = 200;
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: z.string().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Trimmed, non-empty, bounded text: what every name-like field accepts. */
export function text(max: number) {
  return z.string().trim().min(1).max(max);
}

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .transform((v) => v.toLowerCase())
  .meta({ format: 'email' });

/**
 * Spreadsheets run a cell starting with one of these as a formula: every CSV export guards such
 * a text cell with `'` (apps/api/src/platform/csv.ts), the product import drops the guard.
 */
export const CSV_FORMULA_START = /^[=+\-@\t\r]/;

/** `?format=` of a list that also downloads as a spreadsheet. */
export const listFormat = z.enum(['json', 'csv']);

/** The languages of the printed documents: invoice, statement, purchase order. */
export const DOCUMENT_LANGUAGES = ['es', 'en'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];
export const documentLanguage = z.enum(DOCUMENT_LANGUAGES);
/** `?lang=` of a printed document (else Accept-Language). */
export const documentLanguageQuery = z.object({ lang: documentLanguage.optional() });

export const okSchema = z.object({ ok: z.literal(true) });

/** A search box's text: trimmed; an empty box means no search. */
export function searchText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));
}
