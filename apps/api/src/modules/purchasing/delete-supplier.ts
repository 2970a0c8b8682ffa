import { lockForUpdate } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { allProductsOfSupplier, findSupplier } from './suppliers.queries';

/**
 * Removes a supplier that was never ordered from or received against, with its product
 * links; one with history is deactivated instead (409 `supplier_in_use`). The audit entry
 * keeps a snapshot.
 */
export async function deleteSupplier(ctx: AppContext, actor: Actor, id: number, meta: RequestMeta): Promise<void> {
  await inTransaction(ctx, async ({ trx }) => {
    // Held until commit: a purchase order being created for this supplier waits, or is waited for.
    await lockForUpdate(trx, trx.selectFrom('suppliers').select('id').where('id', '=', id)).execute();
    const supplier = await findSupplier(trx, id);
    const [orders, receipts] = await Promise.all([
      trx.selectFrom('purchase_orders').select('id').where('supplier_id', '=', id).limit(1).executeTakeFirst(),
      trx.selectFrom('stock_receipts').select('id').where('supplier_id', '=', id).limit(1).executeTakeFirst(),
    ]);
    if (orders || receipts) {
      throw new AppError(
        'supplier_in_use',
        409,
        'This supplier has purchase orders or receipts; deactivate it (active: false) instead',
      );
    }
    const products = await allProductsOfSupplier(trx, id);
    await trx.deleteFrom('product_suppliers').where('supplier_id', '=', id).execute();
    await trx.deleteFrom('suppliers').where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      meta,
      action: 'supplier.deleted',
      entity: 'supplier',
      entityId: id,
      before: { ...supplier, products },
    });
  });
}
