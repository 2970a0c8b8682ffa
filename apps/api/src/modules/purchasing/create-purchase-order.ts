import type { CreatePurchaseOrderBody, PurchaseOrder } from '@bodega/contract';
import { addDays, localDay, purchaseOrderTotal } from '@bodega/domain';
import { dbKind, type Tx } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { nextNumber } from '../../platform/document-numbers';
import { AppError, notFound } from '../../platform/errors';
import { inTransaction, type Work } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { resolveLocation } from '../inventory/inventory.queries';
import { getSettings } from '../settings/settings.queries';
import { costedLines, loadPurchaseOrder } from './purchase-orders.queries';

export async function createPurchaseOrder(
  ctx: AppContext,
  actor: Actor,
  input: CreatePurchaseOrderBody,
  meta: RequestMeta,
): Promise<PurchaseOrder> {
  return inTransaction(ctx, async (work) =>
    loadPurchaseOrder(work.trx, await insertDraftPurchaseOrder(work, actor, input, meta)),
  );
}

/**
 * A draft purchase order in the caller's transaction: numbered from a sequence, expected by
 * default after the supplier's lead time, each line costed as given, else at the supplier's
 * last cost, else at the product's average cost.
 */
export async function insertDraftPurchaseOrder(
  work: Work,
  actor: Actor,
  input: CreatePurchaseOrderBody,
  meta: RequestMeta,
): Promise<number> {
  const { trx, now } = work;
  const supplier = await orderableSupplier(trx, input.supplierId);
  const locationId = await resolveLocation(trx, input.locationId);
  const lines = await costedLines(trx, supplier.id, input.lines);
  const today = localDay(new Date(now), (await getSettings(trx)).timeZone);
  const expectedDate = input.expectedDate ?? addDays(today, supplier.lead_time_days);
  const number = await nextNumber(trx, 'PO', now);
  const po = await trx
    .insertInto('purchase_orders')
    .values({
      number,
      supplier_id: supplier.id,
      location_id: locationId,
      status: 'draft',
      expected_date: expectedDate,
      notes: input.notes ?? null,
      total_cents: purchaseOrderTotal(lines.map((l) => ({ quantity: l.quantity, unitCostCents: l.unit_cost_cents }))),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('purchase_order_lines')
    .values(lines.map((l) => ({ ...l, purchase_order_id: po.id })))
    .execute();
  await trx
    .insertInto('purchase_order_history')
    .values({ purchase_order_id: po.id, from_status: null, to_status: 'draft', user_id: actor.userId, created_at: now })
    .execute();
  await recordAudit(trx, {
    actor,
    meta,
    action: 'purchase_order.created',
    entity: 'purchase_order',
    entityId: po.id,
    after: { number, supplierId: supplier.id, locationId, expectedDate, lines },
  });
  return po.id;
}

/**
 * The supplier a purchase order is for: it must exist and be active. Read under a share lock
 * (PostgreSQL), so that deleting the supplier waits for this order or sees it.
 */
async function orderableSupplier(trx: Tx, supplierId: number) {
  const query = trx.selectFrom('suppliers').select(['id', 'active', 'lead_time_days']).where('id', '=', supplierId);
  const supplier = await (dbKind(trx) === 'postgres' ? query.forShare() : query).executeTakeFirst();
  if (!supplier) throw notFound('Supplier');
  if (supplier.active !== 1) throw new AppError('supplier_inactive', 409, 'This supplier is inactive');
  return supplier;
}
