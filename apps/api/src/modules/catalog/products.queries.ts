import type { CustomerProduct, ListProductsQuery, Product, ProductImage } from '@bodega/contract';
import { sql, type SelectQueryBuilder } from 'kysely';
import { dbKind, type Db, type Tx } from '../../db/database';
import type { DB, ProductRow } from '../../db/schema';
import { decodeCursor, encodeCursor, isIdOrZero } from '../../platform/pagination';
import { descendantIds } from './catalog.queries';
import { imagesFor } from './product-images.queries';
import type { ProductView } from './product-view';

export function toProduct(row: ProductRow, images: ProductImage[]): Product {
  return { ...publicFields(row, images), costCents: row.cost_cents };
}

/** Built field by field from the public ones, so no cost can reach a customer. */
export function toCustomerProduct(row: ProductRow, images: ProductImage[], available: number): CustomerProduct {
  return { ...publicFields(row, images), available };
}

function publicFields(row: ProductRow, images: ProductImage[]) {
  return {
    id: row.id,
    sku: row.sku,
    barcode: row.barcode,
    name: row.name,
    description: row.description,
    categoryId: row.category_id,
    unit: row.unit,
    priceCents: row.price_cents,
    taxRateBp: row.tax_rate_bp,
    reorderPoint: row.reorder_point,
    reorderQuantity: row.reorder_quantity,
    active: row.active === 1,
    images,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A product as the audit log keeps it: every stored field, no images. */
export function productSnapshot(row: ProductRow) {
  const { images: _images, ...rest } = toProduct(row, []);
  return rest;
}

/** Available units (on hand − reserved) summed over locations; 0 without any stock level. */
export async function availabilityFor(db: Db | Tx, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('stock_levels')
    .select((eb) => ['product_id', eb.fn.sum<number>(sql`on_hand - reserved`).as('available')])
    .where('product_id', 'in', ids)
    .groupBy('product_id')
    .execute();
  return new Map(rows.map((r) => [r.product_id, Number(r.available)]));
}

/** Rows as the caller's view shows them: images for all, availability for customers. */
export async function present(db: Db | Tx, rows: ProductRow[], view: 'staff'): Promise<Product[]>;
export async function present(
  db: Db | Tx,
  rows: ProductRow[],
  view: ProductView,
): Promise<(Product | CustomerProduct)[]>;
export async function present(db: Db | Tx, rows: ProductRow[], view: ProductView) {
  const ids = rows.map((r) => r.id);
  const images = await imagesFor(db, ids);
  if (view === 'staff') return rows.map((r) => toProduct(r, images.get(r.id) ?? []));
  const available = await availabilityFor(db, ids);
  return rows.map((r) => toCustomerProduct(r, images.get(r.id) ?? [], available.get(r.id) ?? 0));
}

export function findProductRow(db: Db | Tx, id: number) {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One product as `view` may see it; customers never see an archived one. */
export async function findProduct(db: Db, view: ProductView, by: { id: number } | { barcode: string }) {
  let q = db.selectFrom('products').selectAll();
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('barcode', '=', by.barcode);
  if (view === 'customer') q = q.where('active', '=', 1);
  const row = await q.executeTakeFirst();
  return row ? (await present(db, [row], view))[0] : undefined;
}

/** Staff's list also shows units on hand over every location: one grouped read of the page's ids. */
export async function listProducts(db: Db, query: ListProductsQuery, view: ProductView) {
  const { rows, nextCursor } = await searchProducts(db, query, view);
  const items = await present(db, rows, view);
  if (view !== 'staff' || rows.length === 0) return { items, nextCursor };
  const sums = await db
    .selectFrom('stock_levels')
    .select((eb) => ['product_id', eb.fn.sum<number>('on_hand').as('on_hand')])
    .where(
      'product_id',
      'in',
      rows.map((r) => r.id),
    )
    .groupBy('product_id')
    .execute();
  const onHand = new Map(sums.map((r) => [r.product_id, Number(r.on_hand)]));
  return { items: items.map((p) => ({ ...p, onHand: onHand.get(p.id) ?? 0 })), nextCursor };
}

type ProductQuery = SelectQueryBuilder<DB, 'products', ProductRow>;
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The product list and search behind GET /products, keyset-paginated on id.
 * `q` of 3 characters or more is a substring search through an index: the FTS5 trigram table
 * on SQLite, the GIN trigram index on PostgreSQL (the expression below must stay identical
 * to the index's). Shorter `q` matches the start of the name or SKU, through indexes too
 * (see `matches`). A product whose SKU or barcode equals `q` comes first on the
 * first page, and is left out of the id-ordered rest.
 */
export async function searchProducts(db: Db, query: ListProductsQuery, view: ProductView) {
  const after = decodeCursor(query.cursor, isIdOrZero) ?? 0;
  const categories = query.categoryId ? await descendantIds(db, query.categoryId) : undefined;
  const filtered = (q: ProductQuery): ProductQuery => {
    if (view === 'customer') {
      q = q.where('active', '=', 1);
      if (query.active === false) q = q.where(sql<boolean>`1 = 0`);
    } else if (query.active !== undefined) {
      q = q.where('active', '=', query.active ? 1 : 0);
    }
    if (categories) q = q.where('category_id', 'in', categories);
    if (query.lowStock !== undefined) q = q.where(lowStock(query.lowStock));
    return q;
  };
  const base = () => filtered(db.selectFrom('products').selectAll());

  const exact = query.q ? await exactMatches(base(), query.q) : [];
  const shown = after === 0 ? exact : [];
  const room = Math.max(query.limit - shown.length, 0);
  let rest = base()
    .where('id', '>', after)
    .orderBy('id')
    .limit(room + 1);
  if (query.q) rest = rest.where(matches(db, query.q));
  if (exact.length)
    rest = rest.where(
      'id',
      'not in',
      exact.map((r) => r.id),
    );
  const rows = await rest.execute();
  const kept = rows.slice(0, room);
  const last = kept.length ? kept[kept.length - 1]!.id : after;
  return { rows: [...shown, ...kept], nextCursor: rows.length > room ? encodeCursor(last) : null };
}

function exactMatches(q: ProductQuery, text: string) {
  return q
    .where((eb) => eb.or([eb(eb.fn('lower', ['sku']), '=', text.toLowerCase()), eb('barcode', '=', text)]))
    .orderBy(sql`case when lower(sku) = ${text.toLowerCase()} then 0 else 1 end`)
    .limit(2)
    .execute();
}

/** The expression of PostgreSQL's trigram index `products_search_trgm`, character for character. */
const searchText = sql`lower(name || ' ' || sku || ' ' || coalesce(barcode, ''))`;
const MAX_CHAR = '\u{10FFFF}';

/** The search condition of `q` over `products` (also used by GET /stock's product search). */
export function matches(db: Db, text: string) {
  const pg = dbKind(db) === 'postgres';
  if ([...text].length >= 3) {
    if (pg) return sql<boolean>`${searchText} like lower(${`%${escapeLike(text)}%`}) escape '\\'`;
    // An FTS5 string: the whole text as one phrase, so operators and quotes in it are just characters.
    const phrase = `"${text.replace(/"/g, '""')}"`;
    return sql<boolean>`id in (select rowid from products_fts where products_fts match ${phrase})`;
  }
  // Too short for trigrams inside a word: the start of the name or of the SKU.
  const lower = text.toLowerCase();
  if (pg) {
    // The trigram index serves both arms (a pattern's start counts as a word start); the SKU check is a recheck.
    const prefix = escapeLike(lower);
    return sql<boolean>`(${searchText} like ${`${prefix}%`} escape '\\' or (${searchText} like ${`% ${prefix}%`} escape '\\' and lower(sku) like ${`${prefix}%`} escape '\\'))`;
  }
  // Range scans of products_name_idx (once per letter case) and products_sku_uq.
  const ranges = caseVariants(text).map((v) => sql`(name >= ${v} and name < ${v + MAX_CHAR})`);
  ranges.push(sql`(lower(sku) >= ${lower} and lower(sku) < ${lower + MAX_CHAR})`);
  return sql<boolean>`id in (select id from products where ${sql.join(ranges, sql` or `)})`;
}

/** "ab" → ab, aB, Ab, AB: names are indexed as written. */
function caseVariants(text: string): string[] {
  let variants = [''];
  for (const char of text) {
    const forms = [...new Set([char, char.toLowerCase(), char.toUpperCase()])];
    variants = variants.flatMap((v) => forms.map((f) => v + f));
  }
  return [...new Set(variants)];
}

/** Total availability across locations at or below the reorder point (or above it, for `false`). */
const lowStock = (wanted: boolean) =>
  sql<boolean>`coalesce((select sum(l.on_hand - l.reserved) from stock_levels l where l.product_id = products.id), 0) ${sql.raw(wanted ? '<=' : '>')} products.reorder_point`;
