import type { Work } from '../../platform/transaction';
import { openBalanceCents } from './balance.queries';

/**
 * `payment.recorded` or `payment.voided` for the customer and staff, and `order.updated` for
 * each order whose paid amount moved.
 */
export async function announce(
  work: Work,
  name: 'payment.recorded' | 'payment.voided',
  paymentId: number,
  customerId: number,
  amountCents: number,
  orderIds: number[],
): Promise<void> {
  const balanceCents = await openBalanceCents(work.trx, customerId);
  work.emit({ name, payload: { id: paymentId, customerId, amountCents, orderIds, balanceCents } });
  if (orderIds.length === 0) return;
  const orders = await work.trx
    .selectFrom('orders')
    .select(['id', 'number', 'customer_id', 'status', 'total_cents', 'paid_cents'])
    .where('id', 'in', orderIds)
    .execute();
  for (const o of orders) {
    work.emit({
      name: 'order.updated',
      payload: {
        id: o.id,
        number: o.number,
        customerId: o.customer_id,
        status: o.status,
        totalCents: o.total_cents,
        paidCents: o.paid_cents,
      },
    });
  }
}
