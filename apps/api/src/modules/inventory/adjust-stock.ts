import type { AdjustmentBody } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { requestHash, runOnce } from '../../platform/idempotency';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { assertProductsExist, resolveLocation } from './inventory.queries';
import { applyStockChanges } from './stock-ledger';

/**
 * A signed correction with a reason; refused (409) when it would take on-hand below zero or
 * below what is reserved. With an Idempotency-Key it is made once; a retry gets the first answer.
 */
export async function adjustStock(
  ctx: AppContext,
  actor: Actor,
  input: AdjustmentBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
) {
  const hash = requestHash('stock/adjustments', input);
  return inTransaction(ctx, (work) =>
    runOnce(work, actor.userId, idempotencyKey, hash, async () => {
      const locationId = await resolveLocation(work.trx, input.locationId);
      await assertProductsExist(work.trx, [input.productId]);
      const result = await applyStockChanges(work, [
        {
          productId: input.productId,
          locationId,
          onHand: input.quantity,
          userId: actor.userId,
          movement: { type: 'adjustment', reason: input.reason, note: input.note ?? null },
        },
      ]);
      await recordAudit(work.trx, {
        actor,
        meta,
        action: 'stock.adjusted',
        entity: 'product',
        entityId: input.productId,
        after: { locationId, quantity: input.quantity, onHandAfter: result.levels[0]?.onHand },
        reason: input.note ? `${input.reason}: ${input.note}` : input.reason,
      });
      return result;
    }),
  );
}
