import type { OpenReturnBody, Return } from '@bodega/contract';
import { mulDivHalfUp } from '@bodega/domain';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { nextNumber } from '../../platform/document-numbers';
import { AppError } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { findOrderRow } from '../orders/orders.queries';
import { loadReturn } from './returns.queries';

const DAY_MS = 86_400_000;
const refused = (detail: string) => new AppError('return_not_allowed', 409, detail);

/** The credit for `n` more units of a line, such that returning every unit credits exactly the line total. */
function creditFor(lineTotal: number, lineQuantity: number, before: number, n: number): number {
  const upTo = (k: number) => mulDivHalfUp(lineTotal, k, lineQuantity);
  return upTo(before + n) - upTo(before);
}

/**
 * Opens a return on a delivered order within the return window. Each product's returned
 * quantity grows by a conditional UPDATE, so two returns racing on a line never exceed what
 * was delivered.
 */
export async function openReturn(
  ctx: AppContext,
  actor: Actor,
  orderId: number,
  input: OpenReturnBody,
  meta: RequestMeta,
): Promise<Return> {
  return inTransaction(ctx, async (work) => {
    const { trx, now } = work;
    const order = await findOrderRow(trx, orderId, actor);
    if (order.status !== 'delivered') throw refused('Only delivered orders can be returned');
    const delivered = await trx
      .selectFrom('order_history')
      .select('created_at')
      .where('order_id', '=', order.id)
      .where('to_status', '=', 'delivered')
      .executeTakeFirstOrThrow();
    const windowDays = ctx.config.returnWindowDays;
    if (Date.parse(now) - Date.parse(delivered.created_at) > windowDays * DAY_MS) {
      throw refused(`The return window of ${windowDays} days has closed`);
    }

    const number = await nextNumber(trx, 'RET', now);
    const ret = await trx
      .insertInto('returns')
      .values({
        number,
        order_id: order.id,
        customer_id: order.customer_id,
        status: 'open',
        reason: input.reason,
        opened_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    let credit = 0;
    for (const line of input.lines) {
      const orderLine = await trx
        .selectFrom('order_lines')
        .select(['id', 'quantity', 'returned_quantity', 'total_cents'])
        .where('order_id', '=', order.id)
        .where('product_id', '=', line.productId)
        .executeTakeFirst();
      if (!orderLine) throw refused(`Product ${line.productId} is not on this order`);
      const grown = await trx
        .updateTable('order_lines')
        .set((eb) => ({ returned_quantity: eb('returned_quantity', '+', line.quantity) }))
        .where('id', '=', orderLine.id)
        .where((eb) => eb(eb('returned_quantity', '+', line.quantity), '<=', eb.ref('quantity')))
        .returning('returned_quantity')
        .executeTakeFirst();
      if (!grown) {
        throw refused(
          `Product ${line.productId}: ${line.quantity} more than the ${orderLine.quantity - orderLine.returned_quantity} still returnable`,
        );
      }
      const lineCredit = creditFor(
        orderLine.total_cents,
        orderLine.quantity,
        grown.returned_quantity - line.quantity,
        line.quantity,
      );
      credit += lineCredit;
      await trx
        .insertInto('return_lines')
        .values({
          return_id: ret.id,
          order_line_id: orderLine.id,
          product_id: line.productId,
          quantity: line.quantity,
          condition: line.condition,
          credit_cents: lineCredit,
        })
        .execute();
    }
    await trx.updateTable('returns').set({ credit_cents: credit }).where('id', '=', ret.id).execute();
    const result = await loadReturn(trx, ret.id, actor);
    await recordAudit(trx, {
      actor,
      meta,
      action: 'return.opened',
      entity: 'return',
      entityId: ret.id,
      after: result,
      reason: input.reason,
    });
    return result;
  });
}
