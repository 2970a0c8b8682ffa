import type { PurchaseOrder, UpdatePurchaseOrderBody } from '@bodega/contract';
import { purchaseOrderTotal } from '@bodega/domain';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { resolveLocation } from '../inventory/inventory.queries';
import { costedLines, loadPurchaseOrder, lockPurchaseOrder } from './purchase-orders.queries';

/** Edits a draft: where goods go, when they are expected, notes, and (all of) its lines. */
export async function updatePurchaseOrder(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: UpdatePurchaseOrderBody,
  meta: RequestMeta,
): Promise<PurchaseOrder> {
  return inTransaction(ctx, async ({ trx, now }) => {
    const row = await lockPurchaseOrder(trx, id);
    if (row.status !== 'draft') {
      throw new AppError('purchase_order_not_editable', 409, `A ${row.status} purchase order cannot be edited`);
    }
    if (input.version !== undefined && input.version !== row.version) {
      throw new AppError('precondition_failed', 412, 'Someone else changed this purchase order; reload and try again');
    }
    const before = await loadPurchaseOrder(trx, id);
    const locationId = input.locationId === undefined ? undefined : await resolveLocation(trx, input.locationId);
    let totalCents: number | undefined;
    if (input.lines) {
      const lines = await costedLines(trx, row.supplier_id, input.lines);
      await trx.deleteFrom('purchase_order_lines').where('purchase_order_id', '=', id).execute();
      await trx
        .insertInto('purchase_order_lines')
        .values(lines.map((l) => ({ ...l, purchase_order_id: id })))
        .execute();
      totalCents = purchaseOrderTotal(lines.map((l) => ({ quantity: l.quantity, unitCostCents: l.unit_cost_cents })));
    }
    await trx
      .updateTable('purchase_orders')
      .set((eb) => ({
        ...(locationId !== undefined ? { location_id: locationId } : {}),
        ...(input.expectedDate !== undefined ? { expected_date: input.expectedDate } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        ...(totalCents !== undefined ? { total_cents: totalCents } : {}),
        version: eb('version', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', id)
      .execute();
    const after = await loadPurchaseOrder(trx, id);
    await recordAudit(trx, {
      actor,
      meta,
      action: 'purchase_order.updated',
      entity: 'purchase_order',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}
