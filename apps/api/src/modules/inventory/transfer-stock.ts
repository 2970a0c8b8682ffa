import type { TransferBody } from '@bodega/contract';
import { randomUUID } from 'node:crypto';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { requestHash, runOnce } from '../../platform/idempotency';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { assertProductsExist, resolveLocation } from './inventory.queries';
import { applyStockChanges } from './stock-ledger';

/**
 * Moves available stock between two locations: a transfer_out and a transfer_in, together or
 * not at all. With an Idempotency-Key it is made once; a retry gets the first answer.
 */
export async function transferStock(
  ctx: AppContext,
  actor: Actor,
  input: TransferBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
) {
  if (input.fromLocationId === input.toLocationId) {
    throw new AppError('same_location', 400, 'Choose two different locations', {
      errors: [{ path: 'body.toLocationId', message: 'must differ from fromLocationId' }],
    });
  }
  const hash = requestHash('stock/transfers', input);
  return inTransaction(ctx, (work) =>
    runOnce(work, actor.userId, idempotencyKey, hash, async () => {
      await resolveLocation(work.trx, input.fromLocationId);
      await resolveLocation(work.trx, input.toLocationId);
      await assertProductsExist(work.trx, [input.productId]);
      const reference = `transfer:${randomUUID()}`;
      const movement = { reference, note: input.note ?? null };
      // Only available stock leaves: the out-change also keeps reserved ≤ on-hand at the source.
      const result = await applyStockChanges(work, [
        {
          productId: input.productId,
          locationId: input.fromLocationId,
          onHand: -input.quantity,
          userId: actor.userId,
          movement: { type: 'transfer_out', ...movement },
        },
        {
          productId: input.productId,
          locationId: input.toLocationId,
          onHand: input.quantity,
          userId: actor.userId,
          movement: { type: 'transfer_in', ...movement },
        },
      ]);
      await recordAudit(work.trx, {
        actor,
        meta,
        action: 'stock.transferred',
        entity: 'product',
        entityId: input.productId,
        after: { from: input.fromLocationId, to: input.toLocationId, quantity: input.quantity, reference },
      });
      return result;
    }),
  );
}
