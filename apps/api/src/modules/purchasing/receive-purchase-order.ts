import type { ReceivePurchaseOrderBody } from '@bodega/contract';
import {
  canReceivePurchaseOrder,
  canTransitionPurchaseOrder,
  excessQuantity,
  statusAfterReceipt,
} from '@bodega/domain';
import { sql } from 'kysely';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError, type FieldError } from '../../platform/errors';
import { requestHash, runOnce } from '../../platform/idempotency';
import { inTransaction, type Work } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { resolveLocation } from '../inventory/inventory.queries';
import { recordReceipt } from '../inventory/receive-stock';
import { loadPurchaseOrder, lockPurchaseOrder } from './purchase-orders.queries';

/**
 * Goods arriving against a purchase order, line by line, in one transaction:
 * - each line's received quantity grows by one conditional UPDATE that refuses to pass what
 *   was ordered unless `allowOverReceipt` (then the line is flagged), so two deliveries
 *   racing on one line never receive more than ordered without the flag;
 * - the goods go in through the receipt use-case (at the order's location unless the delivery
 *   names another): `receipt` ledger rows referenced with the PO number, and the moving
 *   average cost from the actual unit cost;
 * - the supplier's last cost for each product follows, and the order becomes
 *   partially received or received.
 * With an Idempotency-Key a delivery is received once; a retry gets the first answer.
 */
export async function receivePurchaseOrder(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: ReceivePurchaseOrderBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
) {
  const hash = requestHash('purchase-orders/receipts', { purchaseOrderId: id, ...input });
  return inTransaction(ctx, (work) =>
    runOnce(work, actor.userId, idempotencyKey, hash, () => receive(work, actor, id, input, meta)),
  );
}

async function receive(work: Work, actor: Actor, id: number, input: ReceivePurchaseOrderBody, meta: RequestMeta) {
  const { trx, now } = work;
  const po = await lockPurchaseOrder(trx, id);
  if (!canReceivePurchaseOrder(po.status)) {
    throw new AppError(
      'purchase_order_not_receivable',
      409,
      `Goods cannot be received against a ${po.status.replace('_', ' ')} purchase order`,
    );
  }
  const lines = await trx.selectFrom('purchase_order_lines').selectAll().where('purchase_order_id', '=', id).execute();
  // A delivery may go into another location than the one the order named (an active one).
  const locationId = input.locationId === undefined ? po.location_id : await resolveLocation(trx, input.locationId);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const missing = input.lines.filter((l) => !byId.has(l.lineId)).map((l) => l.lineId);
  if (missing.length) throw new AppError('not_found', 404, `Purchase order line not found: ${missing.join(', ')}`);

  const allow = input.allowOverReceipt === true;
  const refused: FieldError[] = [];
  const delivered = [];
  for (const [i, item] of input.lines.entries()) {
    const line = byId.get(item.lineId)!;
    const after = await trx
      .updateTable('purchase_order_lines')
      .set({
        received_quantity: sql`received_quantity + ${item.quantity}`,
        over_received: sql`case when received_quantity + ${item.quantity} > quantity then 1 else over_received end`,
      })
      .where('id', '=', line.id)
      .where('purchase_order_id', '=', id)
      .$if(!allow, (q) => q.where(sql<boolean>`received_quantity + ${item.quantity} <= quantity`))
      .returning(['received_quantity'])
      .executeTakeFirst();
    if (!after) {
      const current = await trx
        .selectFrom('purchase_order_lines')
        .select('received_quantity')
        .where('id', '=', line.id)
        .executeTakeFirstOrThrow();
      const outstanding = Math.max(0, line.quantity - current.received_quantity);
      refused.push({
        path: `body.lines.${i}.quantity`,
        message: `line ${line.id} has ${outstanding} of ${line.quantity} outstanding; allowOverReceipt: true receives more`,
      });
      continue;
    }
    delivered.push({
      line,
      quantity: item.quantity,
      unitCostCents: item.unitCostCents ?? line.unit_cost_cents,
      excess: excessQuantity(
        { quantity: line.quantity, receivedQuantity: after.received_quantity - item.quantity },
        item.quantity,
      ),
    });
  }
  if (refused.length) {
    throw new AppError('over_receipt', 409, 'This delivery is more than was ordered', { errors: refused });
  }

  const receipt = await recordReceipt(
    work,
    actor,
    {
      locationId,
      supplierId: po.supplier_id,
      reference: input.reference ?? po.number,
      note: input.note,
      lines: delivered.map((d) => ({
        productId: d.line.product_id,
        quantity: d.quantity,
        unitCostCents: d.unitCostCents,
      })),
    },
    meta,
    { purchaseOrder: { id: po.id, number: po.number } },
  );
  await trx
    .insertInto('purchase_order_receipt_lines')
    .values(
      delivered.map((d) => ({
        receipt_id: receipt.id,
        purchase_order_line_id: d.line.id,
        quantity: d.quantity,
        unit_cost_cents: d.unitCostCents,
        excess_quantity: d.excess,
      })),
    )
    .execute();
  for (const d of delivered) {
    await trx
      .updateTable('product_suppliers')
      .set({ last_cost_cents: d.unitCostCents, updated_at: now })
      .where('product_id', '=', d.line.product_id)
      .where('supplier_id', '=', po.supplier_id)
      .execute();
  }

  const progress = await trx
    .selectFrom('purchase_order_lines')
    .select(['quantity', 'received_quantity as receivedQuantity'])
    .where('purchase_order_id', '=', id)
    .execute();
  const status = statusAfterReceipt(progress);
  if (!canTransitionPurchaseOrder(po.status, status, 'receipt').ok) {
    throw new Error(`receipt left purchase order ${po.id} in ${status} from ${po.status}`);
  }
  await trx
    .updateTable('purchase_orders')
    .set((eb) => ({ status, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute();
  if (status !== po.status) {
    await trx
      .insertInto('purchase_order_history')
      .values({
        purchase_order_id: id,
        from_status: po.status,
        to_status: status,
        user_id: actor.userId,
        note: `receipt:${receipt.id}`,
        created_at: now,
      })
      .execute();
  }
  const lineEntries = delivered.map((d) => ({
    lineId: d.line.id,
    productId: d.line.product_id,
    quantity: d.quantity,
    unitCostCents: d.unitCostCents,
    excessQuantity: d.excess,
  }));
  await recordAudit(trx, {
    actor,
    meta,
    action: 'purchase_order.received',
    entity: 'purchase_order',
    entityId: id,
    before: { status: po.status },
    after: { status, receiptId: receipt.id, lines: lineEntries },
  });
  const over = lineEntries.filter((l) => l.excessQuantity > 0);
  if (over.length) {
    await recordAudit(trx, {
      actor,
      meta,
      action: 'purchase_order.over_received',
      entity: 'purchase_order',
      entityId: id,
      after: { receiptId: receipt.id, lines: over },
      reason: input.note ?? 'allowOverReceipt',
    });
  }
  return { purchaseOrder: await loadPurchaseOrder(trx, id), receipt };
}
