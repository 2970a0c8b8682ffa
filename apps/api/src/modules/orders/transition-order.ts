import type { Order, TransitionBody } from '@bodega/contract';
import { checkOrderMove } from '@bodega/domain';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { expireOrder, isOverdue, moveOrder, type Mover, type OrderRow } from './order-moves';
import { findOrderRow, loadOrder, orderFacts } from './orders.queries';

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
      // Say why when it can be said (a payment that just committed: `order_has_payments`).
      assertMoveAllowed(actor, await findOrderRow(trx, orderId, actor), input);
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
