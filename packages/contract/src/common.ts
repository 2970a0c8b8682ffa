import { z } from 'zod';

export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);
export const idParams = z.object({ id: idSchema });

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
