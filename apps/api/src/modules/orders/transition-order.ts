import type { Order, TransitionBody } from '@bodega/contract';
import { checkOrderMove } from '@bodega/domain';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { inTransaction, type Work } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { applyStockChanges } from '../inventory/stock-ledger';
import { cancelOrderDebt, openOrderDebt } from '../receivables/debt-ledger';
import { recordOrderTransition } from '../reports/sales-summary';
import { findOrderRow, loadOrder, orderFacts } from './orders.queries';

type OrderRow = Awaited<ReturnType<typeof findOrderRow>>;

/**
 * Moves an order along its workflow (the table and rules are `checkOrderMove` in packages/domain). The
 * status changes by a conditional UPDATE on the status it was read with, so of two racing
 * requests only one acts: stock is released or sold exactly once.
 */
export async function transitionOrder(
  ctx: AppContext,
  actor: Actor,
  orderId: number,
  input: TransitionBody,
  meta: RequestMeta,
): Promise<Order> {
  return inTransaction(ctx, async (work) => {
    const { trx, now } = work;
    const order = await findOrderRow(trx, orderId, actor);
    assertMoveAllowed(actor, order, input);

    const moved = await trx
      .updateTable('orders')
      .set((eb) => ({ status: input.to, version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', order.id)
      .where('status', '=', order.status)
      // A payment committed since the order was read blocks a cancel here, not just in the check above.
      .$if(input.to === 'cancelled', (q) => q.where('paid_cents', '=', 0))
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) {
      throw new AppError(
        'invalid_transition',
        409,
        'The order changed meanwhile (a payment, or another move); reload it',
      );
    }
    await moveStock(work, actor, order, input.to);
    if (input.to === 'confirmed') await openOrderDebt(work, order, actor.userId);
    if (input.to === 'cancelled') await cancelOrderDebt(work, order.id);
    await recordOrderTransition(work, order, input.to);
    await trx
      .insertInto('order_history')
      .values({
        order_id: order.id,
        from_status: order.status,
        to_status: input.to,
        user_id: actor.userId,
        reason: input.reason ?? null,
        note: input.note ?? null,
        created_at: now,
      })
      .execute();
    await recordAudit(trx, {
      actor,
      meta,
      action: `order.${input.to}`,
      entity: 'order',
      entityId: order.id,
      before: { status: order.status },
      after: { status: input.to },
      reason: input.reason ?? null,
    });
    work.emit({
      name: 'order.updated',
      payload: {
        id: order.id,
        number: order.number,
        customerId: order.customer_id,
        status: input.to,
        totalCents: order.total_cents,
        paidCents: order.paid_cents,
      },
    });
    return loadOrder(trx, order.id, actor);
  });
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
async function moveStock(work: Work, actor: Actor, order: OrderRow, to: TransitionBody['to']): Promise<void> {
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
            userId: actor.userId,
            movement: { type: 'sale' as const, unitCostCents: l.unit_cost_cents, reference: order.number },
          }
        : {
            productId: l.product_id,
            locationId: order.location_id,
            onHand: 0,
            reserved: -l.quantity,
            userId: actor.userId,
          },
    ),
  );
}
