import type { Customer } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { recordAudit } from '../audit/record-audit';
import { revokeUserSessions } from '../auth/sessions';
import { lockCustomer } from '../receivables/debt-ledger';
import { customerObligations, findCustomer } from './customers.queries';

/**
 * Soft delete with a reason. Refused while the customer has open orders or owes money. The
 * record and its history stay readable to staff; a linked login is disabled at once.
 */
export async function deleteCustomer(
  ctx: AppContext,
  actor: Actor,
  id: number,
  reason: string,
  meta: RequestMeta,
): Promise<Customer> {
  const deleted = await ctx.db.transaction().execute(async (trx) => {
    await lockCustomer(trx, id);
    const before = await findCustomer(trx, id);
    if (before.deletedAt) throw notFound('Customer');
    const { openOrders, openBalanceCents } = await customerObligations(trx, id);
    if (openOrders > 0 || openBalanceCents > 0) {
      throw new AppError(
        'customer_has_obligations',
        409,
        `This customer has ${openOrders} open order(s) and an open balance of ${openBalanceCents} cents; settle them first`,
      );
    }
    const now = ctx.now().toISOString();
    await trx
      .updateTable('customers')
      .set((eb) => ({
        deleted_at: now,
        delete_reason: reason,
        active: 0,
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .execute();
    if (before.userId !== null) {
      await trx
        .updateTable('users')
        .set({ status: 'disabled', updated_at: now })
        .where('id', '=', before.userId)
        .execute();
      await revokeUserSessions(ctx, trx, before.userId, 'customer_deleted');
    }
    const after = await findCustomer(trx, id);
    await recordAudit(trx, {
      actor,
      meta,
      action: 'customer.deleted',
      entity: 'customer',
      entityId: id,
      before,
      after,
      reason,
    });
    return after;
  });
  if (deleted.userId !== null) ctx.events.publishAccessChange({ userId: deleted.userId });
  return deleted;
}
