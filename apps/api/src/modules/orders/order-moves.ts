import type { OrderStatus } from '@bodega/domain';
import type { Actor, RequestMeta } from '../../platform/context';
import type { Work } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { applyStockChanges } from '../inventory/stock-ledger';
import { cancelOrderDebt, lockCustomer, openOrderDebt } from '../receivables/debt-ledger';
import { recordOrderTransition } from '../reports/sales-summary';
import type { findOrderRow } from './orders.queries';

export type OrderRow = Awaited<ReturnType<typeof findOrderRow>>;

/** Who makes a move and why: a user, or no one (an expiry, made by the system). */
export type Mover = Readonly<{
  actor: Actor | null;
  meta: RequestMeta | null;
  reason: string | null;
  note: string | null;
}>;

/** The history entry and audit reason of an expired order (SPEC §2 Orders: an `expired` note). */
const EXPIRY: Mover = { actor: null, meta: null, reason: 'expired', note: 'expired' };

/** A customer's pending order whose deadline has passed: only an expiry may move it now. */
export function isOverdue(order: OrderRow, now: string): boolean {
  return order.status === 'pending' && order.expires_at !== null && Date.parse(order.expires_at) <= Date.parse(now);
}

/**
 * Cancels an overdue order as the system: the same move as a cancellation, with `expired` as
 * its reason and note and no user. False when another server or request moved it first.
 */
export async function expireOrder(work: Work, order: OrderRow): Promise<boolean> {
  return moveOrder(work, order, 'cancelled', EXPIRY);
}

/**
 * The one path of every move, checks done: the conditional status UPDATE, then stock, debt,
 * sales figures, history, audit and `order.updated`. False, with nothing written, when the
 * order is no longer as it was read.
 */
export async function moveOrder(work: Work, order: OrderRow, to: OrderStatus, by: Mover): Promise<boolean> {
  const { trx, now } = work;
  // Moves that open or cancel a debt take the customer before the order, in the order payments
  // and voids take them (customer, debt, order): the other way round two of them deadlock.
  if (to === 'confirmed' || to === 'cancelled') await lockCustomer(trx, order.customer_id);
  const moved = await trx
    .updateTable('orders')
    .set((eb) => ({ status: to, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', order.id)
    .where('status', '=', order.status)
    // A payment committed since the order was read blocks a cancel here, not just in the check above.
    .$if(to === 'cancelled', (q) => q.where('paid_cents', '=', 0))
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) return false;
  const userId = by.actor?.userId ?? null;
  await moveStock(work, userId, order, to);
  // Only users confirm (the system only expires), so a confirmation always has its actor.
  if (to === 'confirmed') await openOrderDebt(work, order, by.actor!.userId);
  if (to === 'cancelled') await cancelOrderDebt(work, order.id);
  await recordOrderTransition(work, order, to);
  await trx
    .insertInto('order_history')
    .values({
      order_id: order.id,
      from_status: order.status,
      to_status: to,
      user_id: userId,
      reason: by.reason,
      note: by.note,
      created_at: now,
    })
    .execute();
  await recordAudit(trx, {
    actor: by.actor,
    meta: by.meta,
    action: `order.${to}`,
    entity: 'order',
    entityId: order.id,
    before: { status: order.status },
    after: { status: to },
    reason: by.reason,
  });
  work.emit({
    name: 'order.updated',
    payload: {
      id: order.id,
      number: order.number,
      customerId: order.customer_id,
      status: to,
      totalCents: order.total_cents,
      paidCents: order.paid_cents,
    },
  });
  return true;
}

/** Shipping turns the reservation into a sale; cancelling releases it. */
async function moveStock(work: Work, userId: number | null, order: OrderRow, to: OrderStatus): Promise<void> {
  if (to !== 'shipped' && to !== 'cancelled') return;
  const lines = await work.trx
    .selectFrom('order_lines')
    .select(['product_id', 'quantity', 'unit_cost_cents'])
    .where('order_id', '=', order.id)
    .execute();
  await applyStockChanges(
    work,
    lines.map((l) =>
      to === 'shipped'
        ? {
            productId: l.product_id,
            locationId: order.location_id,
            onHand: -l.quantity,
            reserved: -l.quantity,
            userId,
            movement: { type: 'sale' as const, unitCostCents: l.unit_cost_cents, reference: order.number },
          }
        : {
            productId: l.product_id,
            locationId: order.location_id,
            onHand: 0,
            reserved: -l.quantity,
            userId,
          },
    ),
  );
}
