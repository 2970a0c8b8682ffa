import type { Movement, StockLevel } from '@bodega/contract';
import {
  alertFor,
  fitsWithin,
  MAX_INVENTORY_VALUE_CENTS,
  MAX_ON_HAND,
  MAX_PRODUCT_STOCK_VALUE_CENTS,
  type MovementType,
} from '@bodega/domain';
import { sql } from 'kysely';
import { dbKind, type Tx } from '../../db/database';
import type { MovementRow, StockAlertRow } from '../../db/schema';
import { AppError } from '../../platform/errors';
import type { Work } from '../../platform/transaction';

/**
 * The one place every stock change passes through: receipts (purchase orders' too),
 * adjustments, transfers, counts, order reservations and their release, sales and returns.
 * In the caller's transaction it
 * - locks the products involved (PostgreSQL), in id order, so that per-product work is serial;
 * - changes each level with one conditional UPDATE (never read-then-write), so that the
 *   database refuses what would overdraw it;
 * - appends one ledger row per change of on-hand, with the on-hand it left;
 * - opens, escalates or resolves the product's alert;
 * - queues `stock.changed` / `alert.*` events, sent only if the transaction commits.
 * If any change cannot be made, nothing is: it throws `insufficient_stock` listing each short line,
 * or `amount_too_large` when a level would pass MAX_ON_HAND, or a product's or the whole
 * inventory's value its limit (decision 0014).
 */
export type StockChange = {
  productId: number;
  locationId: number;
  /** Signed change of on-hand; with a ledger row when not zero. */
  onHand: number;
  /** Signed change of reserved (orders); no ledger row of its own. */
  reserved?: number;
  movement?: {
    type: MovementType;
    unitCostCents?: number | null;
    reason?: string | null;
    note?: string | null;
    reference?: string | null;
  };
  userId: number | null;
};

export type StockChangeResult = { levels: StockLevel[]; movements: Movement[] };

/** `checkValue: false`: the caller checks the value itself, once, after several calls (a receipt). */
export async function applyStockChanges(
  work: Work,
  changes: StockChange[],
  options: { checkValue?: boolean } = {},
): Promise<StockChangeResult> {
  const { trx } = work;
  await lockProducts(
    trx,
    changes.map((c) => c.productId),
  );
  const ordered = [...changes].sort((a, b) => a.productId - b.productId || a.locationId - b.locationId);

  const shortages: { productId: number; locationId: number; requested: number; available: number }[] = [];
  const levels = new Map<string, StockLevel>();
  const movements: Movement[] = [];

  for (const change of ordered) {
    const reserved = change.reserved ?? 0;
    if (change.onHand !== 0 && !change.movement) throw new Error('a change of on-hand needs a ledger movement');
    // A missing level is 0 on hand, 0 reserved. Create it only for a change that could succeed
    // on such a level (a receipt, a positive adjustment); any other change, an order's
    // reservation among them, would be refused on it anyway, so the UPDATE below finding no
    // row is the same shortage, one statement sooner.
    if (change.onHand >= 0 && reserved >= 0 && reserved <= change.onHand) {
      await trx
        .insertInto('stock_levels')
        .values({ product_id: change.productId, location_id: change.locationId, updated_at: work.now })
        .onConflict((oc) => oc.columns(['product_id', 'location_id']).doNothing())
        .execute();
    }
    const after = await trx
      .updateTable('stock_levels')
      .set({
        on_hand: sql`on_hand + ${change.onHand}`,
        reserved: sql`reserved + ${reserved}`,
        updated_at: work.now,
      })
      .where('product_id', '=', change.productId)
      .where('location_id', '=', change.locationId)
      .where(sql<boolean>`on_hand + ${change.onHand} >= 0`)
      .where(sql<boolean>`reserved + ${reserved} >= 0`)
      .where(sql<boolean>`reserved + ${reserved} <= on_hand + ${change.onHand}`)
      .where(sql<boolean>`on_hand + ${change.onHand} <= ${MAX_ON_HAND}`)
      .returning(['on_hand', 'reserved'])
      .executeTakeFirst();
    if (!after) {
      const current = await trx
        .selectFrom('stock_levels')
        .select(['on_hand', 'reserved'])
        .where('product_id', '=', change.productId)
        .where('location_id', '=', change.locationId)
        .executeTakeFirst();
      if (current && current.on_hand + change.onHand > MAX_ON_HAND) {
        throw new AppError(
          'amount_too_large',
          422,
          `Product ${change.productId} would have ${current.on_hand + change.onHand} units at location ${change.locationId}; a location holds at most ${MAX_ON_HAND}`,
        );
      }
      shortages.push({
        productId: change.productId,
        locationId: change.locationId,
        requested: Math.abs(reserved > 0 ? reserved : change.onHand),
        available: current ? current.on_hand - current.reserved : 0,
      });
      continue;
    }
    const level = {
      productId: change.productId,
      locationId: change.locationId,
      onHand: after.on_hand,
      reserved: after.reserved,
      available: after.on_hand - after.reserved,
    };
    levels.set(`${level.productId}:${level.locationId}`, level);
    if (change.onHand !== 0 && change.movement) {
      const row = await trx
        .insertInto('stock_movements')
        .values({
          product_id: change.productId,
          location_id: change.locationId,
          type: change.movement.type,
          quantity: change.onHand,
          on_hand_after: after.on_hand,
          unit_cost_cents: change.movement.unitCostCents ?? null,
          reason: change.movement.reason ?? null,
          note: change.movement.note ?? null,
          reference: change.movement.reference ?? null,
          user_id: change.userId,
          created_at: work.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      movements.push(toMovement(row));
    }
  }

  if (shortages.length) {
    throw new AppError('insufficient_stock', 409, 'Not enough stock available', { extra: { shortages } });
  }
  if (options.checkValue !== false) await assertStockValueWithinLimits(trx, raisedProducts(changes));
  for (const level of levels.values()) work.emit({ name: 'stock.changed', payload: level });
  await evaluateAlerts(
    work,
    changes.map((c) => c.productId),
  );
  return { levels: [...levels.values()], movements };
}

/** The products whose on-hand, all locations together, the changes raise (a transfer does not). */
function raisedProducts(changes: StockChange[]): number[] {
  const net = new Map<number, number>();
  for (const c of changes) net.set(c.productId, (net.get(c.productId) ?? 0) + c.onHand);
  return [...net].filter(([, n]) => n > 0).map(([id]) => id);
}

/**
 * Refuses (422 `amount_too_large`) stock whose value could no longer be added up exactly: a
 * product's on hand × cost above MAX_PRODUCT_STOCK_VALUE_CENTS, or the whole inventory above
 * MAX_INVENTORY_VALUE_CENTS. In the transaction that raised the stock or the cost, before it
 * commits. The second is one aggregate over the levels with stock, run only by writes that
 * raise a product's stock or cost (receipts, counts, adjustments, returns, cost edits), never
 * by orders.
 */
export async function assertStockValueWithinLimits(trx: Tx, productIds: number[]): Promise<void> {
  if (productIds.length === 0) return;
  for (let i = 0; i < productIds.length; i += ALERT_BATCH) {
    await assertProductValues(trx, productIds.slice(i, i + ALERT_BATCH));
  }
  const total = await trx
    .selectFrom('stock_levels as l')
    .innerJoin('products as p', 'p.id', 'l.product_id')
    .select(sql<number>`coalesce(sum(l.on_hand * p.cost_cents), 0)`.as('value'))
    .where('l.on_hand', '>', 0)
    .executeTakeFirstOrThrow();
  if (Number(total.value) > MAX_INVENTORY_VALUE_CENTS) {
    throw new AppError(
      'amount_too_large',
      422,
      `The inventory would be worth more than ${MAX_INVENTORY_VALUE_CENTS} cents, the most Bodega values exactly`,
    );
  }
}

async function assertProductValues(trx: Tx, productIds: number[]): Promise<void> {
  const rows = await trx
    .selectFrom('products as p')
    .innerJoin('stock_levels as l', 'l.product_id', 'p.id')
    .select((eb) => ['p.id', 'p.sku', 'p.cost_cents', eb.fn.sum<number>('l.on_hand').as('on_hand')])
    .where('p.id', 'in', productIds)
    .groupBy(['p.id', 'p.sku', 'p.cost_cents'])
    .execute();
  for (const row of rows) {
    if (!fitsWithin(Number(row.on_hand), row.cost_cents, MAX_PRODUCT_STOCK_VALUE_CENTS)) {
      throw new AppError(
        'amount_too_large',
        422,
        `${row.sku}: ${Number(row.on_hand)} units at ${row.cost_cents} cents would be worth more than ${MAX_PRODUCT_STOCK_VALUE_CENTS} cents, the most one product's stock may be worth`,
      );
    }
  }
}

/** Row locks on products, in id order (PostgreSQL; a SQLite write transaction is already exclusive). */
export async function lockProducts(trx: Tx, productIds: number[]): Promise<void> {
  if (dbKind(trx) !== 'postgres' || productIds.length === 0) return;
  await trx
    .selectFrom('products')
    .select('id')
    .where(
      'id',
      'in',
      [...new Set(productIds)].sort((a, b) => a - b),
    )
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

/**
 * Keeps at most one unresolved alert per product in line with its total availability across
 * locations. Archived products raise no alerts. Two statements for any number of products:
 * their availability, and their unresolved alerts; then a write only where an alert changes.
 */
export async function evaluateAlerts(work: Work, productIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(productIds)].sort((a, b) => a - b);
  // Bounded IN lists: a CSV import can re-evaluate a whole catalog.
  for (let i = 0; i < ids.length; i += ALERT_BATCH) await evaluateBatch(work, ids.slice(i, i + ALERT_BATCH));
}

const ALERT_BATCH = 500;

async function evaluateBatch(work: Work, ids: number[]): Promise<void> {
  const { trx } = work;
  const [products, unresolved] = await Promise.all([
    trx
      .selectFrom('products as p')
      .leftJoin('stock_levels as l', 'l.product_id', 'p.id')
      .select((eb) => [
        'p.id',
        'p.reorder_point',
        'p.active',
        eb.fn.coalesce(eb.fn.sum<number>(sql`l.on_hand - l.reserved`), sql<number>`0`).as('available'),
      ])
      .where('p.id', 'in', ids)
      .groupBy(['p.id', 'p.reorder_point', 'p.active'])
      .orderBy('p.id')
      .execute(),
    trx
      .selectFrom('stock_alerts')
      .selectAll()
      .where('product_id', 'in', ids)
      .where('resolved_at', 'is', null)
      .execute(),
  ]);
  const openOf = new Map(unresolved.map((a) => [a.product_id, a]));
  for (const product of products) {
    await settleAlert(work, product.id, Number(product.available), product, openOf.get(product.id));
  }
}

async function settleAlert(
  work: Work,
  productId: number,
  available: number,
  product: { reorder_point: number; active: number },
  open: StockAlertRow | undefined,
): Promise<void> {
  const { trx } = work;
  const wanted = product.active ? alertFor(available, product.reorder_point) : null;
  if (!wanted) {
    if (!open) return;
    await trx
      .updateTable('stock_alerts')
      .set({ status: 'resolved', resolved_at: work.now, available })
      .where('id', '=', open.id)
      .execute();
    work.emit({
      name: 'alert.resolved',
      payload: {
        id: open.id,
        productId,
        type: open.type,
        status: 'resolved',
        available,
        reorderPoint: product.reorder_point,
      },
    });
    return;
  }
  if (open) {
    // Running out re-opens an alert someone acknowledged as merely low; any other change just updates it.
    const escalated = wanted === 'out_of_stock' && open.type === 'low_stock';
    const unchanged =
      !escalated &&
      open.type === wanted &&
      open.available === available &&
      open.reorder_point === product.reorder_point;
    if (unchanged) return;
    await trx
      .updateTable('stock_alerts')
      .set({
        type: wanted,
        available,
        reorder_point: product.reorder_point,
        ...(escalated ? { status: 'open', acknowledged_at: null, acknowledged_by: null } : {}),
      })
      .where('id', '=', open.id)
      .execute();
    if (escalated) {
      work.emit({
        name: 'alert.opened',
        payload: {
          id: open.id,
          productId,
          type: wanted,
          status: 'open',
          available,
          reorderPoint: product.reorder_point,
        },
      });
    }
    return;
  }
  const inserted = await trx
    .insertInto('stock_alerts')
    .values({
      product_id: productId,
      type: wanted,
      status: 'open',
      available,
      reorder_point: product.reorder_point,
      opened_at: work.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  work.emit({
    name: 'alert.opened',
    payload: {
      id: inserted.id,
      productId,
      type: wanted,
      status: 'open',
      available,
      reorderPoint: product.reorder_point,
    },
  });
}

export function toMovement(row: MovementRow): Movement {
  return {
    id: row.id,
    productId: row.product_id,
    locationId: row.location_id,
    type: row.type,
    quantity: row.quantity,
    onHandAfter: row.on_hand_after,
    unitCostCents: row.unit_cost_cents,
    reason: row.reason,
    note: row.note,
    reference: row.reference,
    userId: row.user_id,
    createdAt: row.created_at,
  };
}
