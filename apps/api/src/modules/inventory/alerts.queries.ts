import type { Alert, ListAlertsQuery } from '@bodega/contract';
import type { Db, Tx } from '../../db/database';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

const alertColumns = [
  'a.id',
  'a.product_id',
  'p.sku',
  'p.name',
  'a.type',
  'a.status',
  'a.available',
  'a.reorder_point',
  'a.opened_at',
  'a.acknowledged_at',
  'a.acknowledged_by',
  'a.resolved_at',
] as const;

const alerts = (db: Db | Tx) =>
  db.selectFrom('stock_alerts as a').innerJoin('products as p', 'p.id', 'a.product_id').select(alertColumns);

type AlertRow = Awaited<ReturnType<ReturnType<typeof alerts>['executeTakeFirstOrThrow']>>;

/** Newest first, keyset on id. */
export async function listAlerts(db: Db, query: ListAlertsQuery) {
  const after = decodeCursor(query.cursor, isPositiveInt);
  let q = alerts(db)
    .orderBy('a.id', 'desc')
    .limit(query.limit + 1);
  if (after !== undefined) q = q.where('a.id', '<', after);
  if (query.status) q = q.where('a.status', '=', query.status);
  if (query.type) q = q.where('a.type', '=', query.type);
  if (query.productId) q = q.where('a.product_id', '=', query.productId);
  return toPage(await q.execute(), query.limit, toAlert, (r) => r.id);
}

export async function findAlert(db: Db | Tx, id: number): Promise<Alert | undefined> {
  const row = await alerts(db).where('a.id', '=', id).executeTakeFirst();
  return row && toAlert(row);
}

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    type: row.type,
    status: row.status,
    available: row.available,
    reorderPoint: row.reorder_point,
    openedAt: row.opened_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: row.resolved_at,
  };
}
