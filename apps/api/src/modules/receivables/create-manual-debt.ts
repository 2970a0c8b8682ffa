import type { Debt, ManualDebtBody } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { today } from '../settings/settings.queries';
import { assertBalanceRoom } from './debt-ledger';
import { loadDebt } from './receivables.queries';

/** An admin records what a customer owes from before Bodega (an opening balance) or otherwise, with a note. */
export async function createManualDebt(
  ctx: AppContext,
  actor: Actor,
  input: ManualDebtBody,
  meta: RequestMeta,
): Promise<Debt> {
  return inTransaction(ctx, async (work) => {
    const { trx, now } = work;
    const customer = await trx
      .selectFrom('customers')
      .select(['id', 'deleted_at'])
      .where('id', '=', input.customerId)
      .executeTakeFirst();
    if (!customer || customer.deleted_at !== null) throw notFound('Customer');
    await assertBalanceRoom(trx, input.customerId, input.amountCents);
    const day = await today(trx, now);
    const debt = await trx
      .insertInto('debts')
      .values({
        customer_id: input.customerId,
        order_id: null,
        amount_cents: input.amountCents,
        status: 'open',
        due_date: input.dueDate ?? day,
        note: input.note,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const result = await loadDebt(trx, debt.id, actor, day);
    await recordAudit(trx, {
      actor,
      meta,
      action: 'debt.created',
      entity: 'debt',
      entityId: debt.id,
      after: result,
      reason: input.note,
    });
    return result;
  });
}
