import type { PurchaseOrder, PurchaseOrderTransitionBody } from '@bodega/contract';
import { canTransitionPurchaseOrder } from '@bodega/domain';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Lang } from '../../platform/pdf';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { mailOnSend } from './purchase-order-mail';
import { loadPurchaseOrder, lockPurchaseOrder } from './purchase-orders.queries';

/**
 * Sends or cancels a purchase order (the table is `canTransitionPurchaseOrder` in
 * packages/domain; receipts make the other moves). Once `sent` has committed, the order is
 * emailed to the supplier when SMTP is configured; a mail failure does not undo the send.
 */
export async function transitionPurchaseOrder(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: PurchaseOrderTransitionBody,
  meta: RequestMeta,
  lang: Lang,
): Promise<PurchaseOrder> {
  await inTransaction(ctx, async ({ trx, now }) => {
    const row = await lockPurchaseOrder(trx, id);
    if (!canTransitionPurchaseOrder(row.status, input.to, 'action').ok) {
      const hint =
        input.to === 'received' || input.to === 'partially_received'
          ? '; goods are received with POST /purchase-orders/:id/receipts'
          : '';
      throw new AppError(
        'invalid_transition',
        409,
        `A purchase order cannot go from ${row.status} to ${input.to}${hint}`,
      );
    }
    if (input.to === 'sent') {
      const supplier = await trx
        .selectFrom('suppliers')
        .select('active')
        .where('id', '=', row.supplier_id)
        .executeTakeFirstOrThrow();
      if (supplier.active !== 1) throw new AppError('supplier_inactive', 409, 'This supplier is inactive');
      // Stock screens list levels: one for each product on its way, so that its incoming shows.
      const lines = await trx
        .selectFrom('purchase_order_lines')
        .select('product_id')
        .where('purchase_order_id', '=', id)
        .execute();
      await trx
        .insertInto('stock_levels')
        .values(lines.map((l) => ({ product_id: l.product_id, location_id: row.location_id, updated_at: now })))
        .onConflict((oc) => oc.columns(['product_id', 'location_id']).doNothing())
        .execute();
    }
    const moved = await trx
      .updateTable('purchase_orders')
      .set((eb) => ({
        status: input.to,
        version: eb('version', '+', 1),
        updated_at: now,
        ...(input.to === 'sent' ? { sent_at: now } : {}),
      }))
      .where('id', '=', id)
      .where('status', '=', row.status)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) {
      throw new AppError('invalid_transition', 409, 'The purchase order changed meanwhile; reload it');
    }
    await trx
      .insertInto('purchase_order_history')
      .values({
        purchase_order_id: id,
        from_status: row.status,
        to_status: input.to,
        user_id: actor.userId,
        reason: input.reason ?? null,
        note: input.note ?? null,
        created_at: now,
      })
      .execute();
    await recordAudit(trx, {
      actor,
      meta,
      action: `purchase_order.${input.to}`,
      entity: 'purchase_order',
      entityId: id,
      before: { status: row.status },
      after: { status: input.to },
      reason: input.reason ?? null,
    });
  });
  if (input.to === 'sent') await mailOnSend(ctx, actor, id, meta, lang);
  return loadPurchaseOrder(ctx.db, id);
}
