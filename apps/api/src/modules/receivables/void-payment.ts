import type { Payment } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { changeDebtPaid, lockCustomer } from './debt-ledger';
import { announce } from './payment-events';
import { loadPayment } from './receivables.queries';

/** Voids a payment with a reason: its allocations are reversed, the rows stay. Twice is refused. */
export async function voidPayment(
  ctx: AppContext,
  actor: Actor,
  paymentId: number,
  reason: string,
  meta: RequestMeta,
): Promise<Payment> {
  return inTransaction(ctx, async (work) => {
    const { trx, now } = work;
    const payment = await trx
      .selectFrom('payments')
      .select(['id', 'customer_id', 'amount_cents'])
      .where('id', '=', paymentId)
      .executeTakeFirst();
    if (!payment) throw notFound('Payment');
    await lockCustomer(trx, payment.customer_id);
    const voided = await trx
      .updateTable('payments')
      .set({ status: 'voided', void_reason: reason, voided_at: now, voided_by: actor.userId })
      .where('id', '=', paymentId)
      .where('status', '=', 'recorded')
      .executeTakeFirst();
    if (Number(voided.numUpdatedRows) !== 1) throw new AppError('payment_voided', 409, 'This payment is already void');
    const allocations = await trx
      .selectFrom('payment_allocations')
      .select(['debt_id', 'amount_cents'])
      .where('payment_id', '=', paymentId)
      .execute();
    const orderIds: number[] = [];
    for (const a of allocations) {
      const orderId = await changeDebtPaid(work, a.debt_id, -a.amount_cents);
      if (orderId !== null) orderIds.push(orderId);
    }
    await recordAudit(trx, {
      actor,
      meta,
      action: 'payment.voided',
      entity: 'payment',
      entityId: paymentId,
      before: { status: 'recorded' },
      after: { status: 'voided', reversed: allocations },
      reason,
    });
    await announce(work, 'payment.voided', paymentId, payment.customer_id, payment.amount_cents, orderIds);
    return loadPayment(trx, paymentId, actor);
  });
}
