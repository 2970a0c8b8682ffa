import type { Order, TransitionBody } from '@bodega/contract';
import { checkOrderMove, type OrderStatus } from '@bodega/domain';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { inTransaction, type Work } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { applyStockChanges } from '../inventory/stock-ledger';
import { cancelOrderDebt, openOrderDebt } from '../receivables/debt-ledger';
import { recordOrderTransition } from '../reports/sales-summary';
import { findOrderRow, loadOrder, orderFacts } from './orders.queries';

type OrderRow = Awaited<ReturnType<typeof findOrderRow>>;

/** Who makes a move and why: a user, or no one (an expiry, made by the system). */
type Mover = Readonly<{ actor: Actor | null; meta: RequestMeta | null; reason: string | null; note: string | null }>;

/** The history entry and audit reason of an expired order (docs/decisions/0012-pending-order-expiry.md). */
const EXPIRY: Mover = { actor: null, meta: null, reason: 'expired', note: 'expired' };

/**
 * Moves an order along its workflow (the table and rules are `checkOrderMove` in packages/domain). The
 * status changes by a conditional UPDATE on the status it was read with, so of two racing
 * requests only one acts: stock is released or sold exactly once. A pending order past its
 * deadline is expired first, whatever was asked, so that no move depends on when the sweep ran.
 */
export async function transitionOrder(
  ctx: AppContext,
  actor: Actor,
  orderId: number,
  input: TransitionBody,
  meta: RequestMeta,
): Promise<Order> {
  const moved = await inTransaction(ctx, async (work) => {
    const { trx, now } = work;
    const order = await findOrderRow(trx, orderId, actor);
    if (isOverdue(order, now)) {
      // Lost to a concurrent sweep or not, the order is cancelled once; answer after the commit.
      await expireOrder(work, order);
      return { expiredAt: order.expires_at };
    }
    assertMoveAllowed(actor, order, input);
    const by: Mover = { actor, meta, reason: input.reason ?? null, note: input.note ?? null };
    if (!(await moveOrder(work, order, input.to, by))) {
      throw new AppError(
        'invalid_transition',
        409,
        'The order changed meanwhile (a payment, or another move); reload it',
      );
    }
    return loadOrder(trx, order.id, actor);
  });
  if ('expiredAt' in moved) {
    throw new AppError('order_expired', 409, `This order was not confirmed by ${moved.expiredAt} and has expired`);
  }
  return moved;
}

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
async function moveOrder(work: Work, order: OrderRow, to: OrderStatus, by: Mover): Promise<boolean> {
  const { trx, now } = work;
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

/** The rules are `checkOrderMove` in packages/domain, which also gives clients their buttons. */
function assertMoveAllowed(actor: Actor, order: OrderRow, input: TransitionBody): void {
  const check = checkOrderMove(actor.role, orderFacts(order), input.to, input.reason);
  if (check.ok) return;
  switch (check.reason) {
    case 'forbidden':
      throw new AppError('forbidden', 403, `Your role may not move an order to ${input.to}`);
    case 'invalid_transition':
      throw new AppError('invalid_transition', 409, `An order cannot go from ${order.status} to ${input.to}`);
    case 'order_has_payments':
      throw new AppError('order_has_payments', 409, 'This order has payments; void them before cancelling');
    case 'unpaid_cash_order':
      throw new AppError(
        'unpaid_cash_order',
        409,
        'A cash order must be paid before delivery; an admin may override with a reason',
      );
  }
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
