import { sql } from 'kysely';
import type { AppContext } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { expireOrder, isOverdue } from './order-moves';

/**
 * Expires customers' pending orders whose deadline has passed (oldest deadline first, at most
 * `batch` per call; the next tick takes the rest). Each order is cancelled in a transaction of
 * its own through `expireOrder`, the cancellation path, whose conditional UPDATE lets exactly
 * one of several servers sweeping at once cancel it. Answers how many this call expired.
 */
export async function expireDueOrders(ctx: AppContext, batch = 200): Promise<number> {
  const now = ctx.now().toISOString();
  const due = await ctx.db
    .selectFrom('orders')
    .select('id')
    // Literals, so that both databases see the partial index's own condition (0008).
    .where('status', '=', sql.lit('pending'))
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .orderBy('id')
    .limit(batch)
    .execute();
  let expired = 0;
  for (const { id } of due) {
    try {
      const done = await inTransaction(ctx, async (work) => {
        const order = await work.trx.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
        return order !== undefined && isOverdue(order, work.now) && (await expireOrder(work, order));
      });
      if (done) expired++;
    } catch (err) {
      // One order that cannot be expired now must not hold back the others; the next tick retries it.
      ctx.log.error({ err, orderId: id }, 'expiring a pending order failed');
    }
  }
  return expired;
}
