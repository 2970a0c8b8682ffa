import type { ReceiptBody } from '@bodega/contract';
import { movingAverageCost } from '@bodega/domain';
import { sql } from 'kysely';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { requestHash, runOnce } from '../../platform/idempotency';
import { inTransaction, type Work } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { assertProductsExist, resolveLocation } from './inventory.queries';
import { applyStockChanges, assertStockValueWithinLimits, lockProducts } from './stock-ledger';

/** Goods in against a purchase order: the receipt names it and its ledger rows carry its number. */
export type ReceiptOptions = { purchaseOrder?: { id: number; number: string } };

/**
 * Goods in: raises on-hand line by line and moves each product's cost to the moving average
 * of what was on hand (all locations) and what arrived. With an Idempotency-Key the goods go
 * in once; a retry gets the first receipt.
 */
export async function receiveStock(
  ctx: AppContext,
  actor: Actor,
  input: ReceiptBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
) {
  const hash = requestHash('stock/receipts', input);
  return inTransaction(ctx, (work) =>
    runOnce(work, actor.userId, idempotencyKey, hash, () => recordReceipt(work, actor, input, meta)),
  );
}

/** The receipt itself, in the caller's transaction (a purchase-order receipt runs it in its own). */
export async function recordReceipt(
  work: Work,
  actor: Actor,
  input: ReceiptBody,
  meta: RequestMeta,
  options: ReceiptOptions = {},
) {
  const { trx } = work;
  const locationId = await resolveLocation(trx, input.locationId);
  await assertProductsExist(
    trx,
    input.lines.map((l) => l.productId),
  );
  await lockProducts(
    trx,
    input.lines.map((l) => l.productId),
  );
  const receipt = await trx
    .insertInto('stock_receipts')
    .values({
      location_id: locationId,
      supplier_id: input.supplierId ?? null,
      reference: input.reference ?? null,
      note: input.note ?? null,
      user_id: actor.userId,
      purchase_order_id: options.purchaseOrder?.id ?? null,
      created_at: work.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

  const movements = [];
  for (const line of input.lines) {
    const before = await trx
      .selectFrom('products as p')
      .leftJoin('stock_levels as l', 'l.product_id', 'p.id')
      .select((eb) => ['p.cost_cents', eb.fn.coalesce(eb.fn.sum<number>('l.on_hand'), sql<number>`0`).as('on_hand')])
      .where('p.id', '=', line.productId)
      .groupBy(['p.id', 'p.cost_cents'])
      .executeTakeFirstOrThrow();
    const cost = movingAverageCost(Number(before.on_hand), before.cost_cents, line.quantity, line.unitCostCents);
    // The version moves too: an edit made from an older read must not overwrite the new cost.
    await trx
      .updateTable('products')
      .set((eb) => ({ cost_cents: cost, version: eb('version', '+', 1), updated_at: work.now }))
      .where('id', '=', line.productId)
      .execute();
    const result = await applyStockChanges(
      work,
      [
        {
          productId: line.productId,
          locationId,
          onHand: line.quantity,
          userId: actor.userId,
          movement: {
            type: 'receipt',
            unitCostCents: line.unitCostCents,
            reference: options.purchaseOrder?.number ?? `receipt:${receipt.id}`,
            note: input.reference ?? null,
          },
        },
      ],
      { checkValue: false },
    );
    movements.push(...result.movements);
  }
  await assertStockValueWithinLimits(trx, [...new Set(input.lines.map((l) => l.productId))]);
  await recordAudit(trx, {
    actor,
    meta,
    action: 'stock.received',
    entity: 'stock_receipt',
    entityId: receipt.id,
    after: {
      locationId,
      reference: receipt.reference,
      lines: input.lines,
      ...(options.purchaseOrder ? { purchaseOrder: options.purchaseOrder.number } : {}),
    },
  });
  return {
    id: receipt.id,
    locationId,
    supplierId: receipt.supplier_id,
    reference: receipt.reference,
    note: receipt.note,
    userId: receipt.user_id,
    createdAt: receipt.created_at,
    movements,
  };
}
