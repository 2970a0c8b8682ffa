import type { CountBody } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { requestHash, runOnce } from '../../platform/idempotency';
import { inTransaction, type Work } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { assertProductsExist, resolveLocation } from './inventory.queries';
import { applyStockChanges, lockProducts } from './stock-ledger';

/**
 * A physical count: the counted quantity becomes on-hand, through a `count` movement for the
 * difference. The level is read under the product lock, so a concurrent change cannot slip in.
 * A count is absolute, so a retry after a sale in between would set the old figure back: with
 * an Idempotency-Key the count is made once and a retry gets its first answer.
 */
export async function countStock(
  ctx: AppContext,
  actor: Actor,
  input: CountBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
) {
  const hash = requestHash('stock/counts', input);
  return inTransaction(ctx, (work) =>
    runOnce(work, actor.userId, idempotencyKey, hash, () => count(work, actor, input, meta)),
  );
}

async function count(work: Work, actor: Actor, input: CountBody, meta: RequestMeta) {
  const { trx } = work;
  const locationId = await resolveLocation(trx, input.locationId);
  await assertProductsExist(trx, [input.productId]);
  await lockProducts(trx, [input.productId]);
  const level = await trx
    .selectFrom('stock_levels')
    .select(['on_hand', 'reserved'])
    .where('product_id', '=', input.productId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  const onHand = level?.on_hand ?? 0;
  const reserved = level?.reserved ?? 0;
  if (input.countedQuantity < reserved) {
    throw new AppError(
      'insufficient_stock',
      409,
      `Counted ${input.countedQuantity}, but ${reserved} are reserved for orders here; release or move those first`,
      {
        extra: {
          shortages: [
            { productId: input.productId, locationId, requested: reserved, available: input.countedQuantity },
          ],
        },
      },
    );
  }
  const difference = input.countedQuantity - onHand;
  const result =
    difference === 0
      ? {
          levels: [{ productId: input.productId, locationId, onHand, reserved, available: onHand - reserved }],
          movements: [],
        }
      : await applyStockChanges(work, [
          {
            productId: input.productId,
            locationId,
            onHand: difference,
            userId: actor.userId,
            movement: { type: 'count', reason: 'count', note: input.note ?? null },
          },
        ]);
  await recordAudit(trx, {
    actor,
    meta,
    action: 'stock.counted',
    entity: 'product',
    entityId: input.productId,
    before: { onHand },
    after: { onHand: input.countedQuantity, difference, locationId },
  });
  return result;
}
