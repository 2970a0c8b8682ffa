import type { Return } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { claimOpenReturn } from './return-claim';
import { loadReturn } from './returns.queries';

/** An open return withdrawn: its quantities become returnable again. */
export async function cancelReturn(ctx: AppContext, actor: Actor, id: number, meta: RequestMeta): Promise<Return> {
  return inTransaction(ctx, async (work) => {
    await claimOpenReturn(work.trx, id, 'cancelled', actor, work.now);
    const lines = await work.trx
      .selectFrom('return_lines')
      .select(['order_line_id', 'quantity'])
      .where('return_id', '=', id)
      .execute();
    for (const l of lines) {
      await work.trx
        .updateTable('order_lines')
        .set((eb) => ({ returned_quantity: eb('returned_quantity', '-', l.quantity) }))
        .where('id', '=', l.order_line_id)
        .execute();
    }
    const result = await loadReturn(work.trx, id, actor);
    await recordAudit(work.trx, {
      actor,
      meta,
      action: 'return.cancelled',
      entity: 'return',
      entityId: id,
      after: result,
    });
    return result;
  });
}
