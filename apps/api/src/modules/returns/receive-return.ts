import type { Return } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { applyStockChanges } from '../inventory/stock-ledger';
import { creditDebtForReturn } from '../receivables/debt-ledger';
import { recordReturnReceived } from '../reports/sales-summary';
import { claimOpenReturn } from './return-claim';
import { loadReturn } from './returns.queries';

/**
 * The goods are back: resellable lines return to stock (a `return` movement at the order's
 * location, at the cost they left with); damaged lines do not. The credit stands.
 */
export async function receiveReturn(ctx: AppContext, actor: Actor, id: number, meta: RequestMeta): Promise<Return> {
  return inTransaction(ctx, async (work) => {
    const ret = await claimOpenReturn(work.trx, id, 'received', actor, work.now);
    const order = await work.trx
      .selectFrom('orders')
      .select(['location_id'])
      .where('id', '=', ret.order_id)
      .executeTakeFirstOrThrow();
    const lines = await work.trx
      .selectFrom('return_lines as r')
      .innerJoin('order_lines as o', 'o.id', 'r.order_line_id')
      .select(['r.product_id', 'r.quantity', 'r.condition', 'o.unit_cost_cents'])
      .where('r.return_id', '=', id)
      .execute();
    const resellable = lines.filter((l) => l.condition === 'resellable');
    if (resellable.length) {
      await applyStockChanges(
        work,
        resellable.map((l) => ({
          productId: l.product_id,
          locationId: order.location_id,
          onHand: l.quantity,
          userId: actor.userId,
          movement: { type: 'return' as const, unitCostCents: l.unit_cost_cents, reference: ret.number },
        })),
      );
    }
    const applied = await creditDebtForReturn(work, ret.order_id, id, ret.credit_cents);
    await recordReturnReceived(work, id);
    const result = await loadReturn(work.trx, id, actor);
    await recordAudit(work.trx, {
      actor,
      meta,
      action: 'return.received',
      entity: 'return',
      entityId: id,
      after: { ...result, creditAppliedCents: applied },
    });
    return result;
  });
}
