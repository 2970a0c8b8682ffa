import type { ListMovementsQuery, ListStockQuery, Location, StockLevel } from '@bodega/contract';
import { OPEN_PURCHASE_ORDER_STATUSES } from '@bodega/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database';
import type { LocationsTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import { AppError, notFound } from '../../platform/errors';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';
import { matches } from '../catalog/products.queries';
import { toMovement } from './stock-ledger';

export function toLocation(row: Selectable<LocationsTable>): Location {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    address: row.address,
    active: row.active === 1,
    isDefault: row.is_default === 1,
  };
}

export function listLocations(db: Db) {
  return db.selectFrom('locations').selectAll().orderBy('is_default', 'desc').orderBy('name').execute();
}

/** The location a stock write uses: the one asked for, or the default. Must be active. */
export async function resolveLocation(db: Db | Tx, locationId: number | undefined): Promise<number> {
  const row = await db
    .selectFrom('locations')
    .select(['id', 'active'])
    .$if(locationId === undefined, (q) => q.where('is_default', '=', 1))
    .$if(locationId !== undefined, (q) => q.where('id', '=', locationId!))
    .executeTakeFirst();
  if (!row) throw notFound('Location');
  if (row.active !== 1) throw new AppError('conflict', 409, 'This location is inactive');
  return row.id;
}

/** Products a stock write names must exist. */
export async function assertProductsExist(db: Db | Tx, productIds: number[]): Promise<void> {
  const ids = [...new Set(productIds)];
  const found = await db.selectFrom('products').select('id').where('id', 'in', ids).execute();
  if (found.length !== ids.length) {
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    throw new AppError('not_found', 404, `Product not found: ${missing.join(', ')}`);
  }
}

/**
 * Units still to come for a product (at a location, when given): what open purchase orders
 * ordered and have not yet received. An over-received line owes nothing.
 */
export function incomingQuantity(productRef: string, locationRef?: string) {
  const atLocation = locationRef ? sql`and po.location_id = ${sql.ref(locationRef)}` : sql``;
  return sql<number>`(select coalesce(sum(case when pl.quantity > pl.received_quantity then pl.quantity - pl.received_quantity else 0 end), 0)
    from purchase_order_lines pl join purchase_orders po on po.id = pl.purchase_order_id
    where pl.product_id = ${sql.ref(productRef)} ${atLocation}
      and po.status in (${sql.join(OPEN_PURCHASE_ORDER_STATUSES.map((s) => sql.lit(s)))}))`;
}

type LevelKey = [number, number];
const isLevelKey = (v: unknown): v is LevelKey => Array.isArray(v) && v.length === 2 && v.every(isPositiveInt);

/**
 * Stock levels with their product's SKU, name and reorder point, keyset-paginated on
 * (product, location). `q` searches products as GET /products does (same indexes);
 * `lowStock` keeps products whose total available is at or below their reorder point.
 */
export async function listStockLevels(db: Db, query: ListStockQuery) {
  const after = decodeCursor(query.cursor, isLevelKey);
  let q = db
    .selectFrom('stock_levels')
    .innerJoin('products', 'products.id', 'stock_levels.product_id')
    .select([
      'stock_levels.product_id',
      'stock_levels.location_id',
      'stock_levels.on_hand',
      'stock_levels.reserved',
      'products.sku',
      'products.name',
      'products.reorder_point',
    ])
    .select(incomingQuantity('stock_levels.product_id', 'stock_levels.location_id').as('incoming'))
    .orderBy('stock_levels.product_id')
    .orderBy('stock_levels.location_id')
    .limit(query.limit + 1);
  if (query.productId) q = q.where('stock_levels.product_id', '=', query.productId);
  if (query.locationId) q = q.where('stock_levels.location_id', '=', query.locationId);
  if (query.q) {
    const text = query.q;
    q = q.where('stock_levels.product_id', 'in', db.selectFrom('products').select('id').where(matches(db, text)));
  }
  if (query.lowStock !== undefined) {
    const total = sql`coalesce((select sum(l.on_hand - l.reserved) from stock_levels l where l.product_id = products.id), 0)`;
    q = q.where(sql<boolean>`${total} ${sql.raw(query.lowStock ? '<=' : '>')} products.reorder_point`);
  }
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('stock_levels.product_id', '>', after[0]),
        eb.and([eb('stock_levels.product_id', '=', after[0]), eb('stock_levels.location_id', '>', after[1])]),
      ]),
    );
  }
  return toPage(
    await q.execute(),
    query.limit,
    (r): StockLevel => ({
      productId: r.product_id,
      locationId: r.location_id,
      onHand: r.on_hand,
      reserved: r.reserved,
      available: r.on_hand - r.reserved,
      incoming: Number(r.incoming),
      sku: r.sku,
      name: r.name,
      reorderPoint: r.reorder_point,
    }),
    (r) => [r.product_id, r.location_id],
  );
}

/** The ledger, newest first, filtered. */
export function movementsQuery(db: Db, query: Omit<ListMovementsQuery, 'limit' | 'cursor' | 'format'>) {
  let q = db.selectFrom('stock_movements').selectAll().orderBy('id', 'desc');
  if (query.productId) q = q.where('product_id', '=', query.productId);
  if (query.locationId) q = q.where('location_id', '=', query.locationId);
  if (query.type) q = q.where('type', '=', query.type);
  if (query.userId) q = q.where('user_id', '=', query.userId);
  if (query.from) q = q.where('created_at', '>=', new Date(query.from).toISOString());
  if (query.to) q = q.where('created_at', '<', new Date(query.to).toISOString());
  return q;
}

export async function listMovements(db: Db, query: ListMovementsQuery) {
  const after = decodeCursor(query.cursor, isPositiveInt);
  let q = movementsQuery(db, query).limit(query.limit + 1);
  if (after !== undefined) q = q.where('id', '<', after);
  return toPage(await q.execute(), query.limit, toMovement, (r) => r.id);
}

/** Streams the filtered ledger in keyset batches, never the whole table at once. */
export async function* movementBatches(db: Db, query: ListMovementsQuery, batch = 1000) {
  let before: number | undefined;
  for (;;) {
    let q = movementsQuery(db, query).limit(batch);
    if (before !== undefined) q = q.where('id', '<', before);
    const rows = await q.execute();
    if (rows.length === 0) return;
    yield rows.map(toMovement);
    before = rows[rows.length - 1]!.id;
    if (rows.length < batch) return;
  }
}
