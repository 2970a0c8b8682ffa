import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { findSupplierProduct } from './suppliers.queries';

/** Unlinks a product from a supplier (its purchase orders keep their lines). */
export async function removeSupplierProduct(
  ctx: AppContext,
  actor: Actor,
  supplierId: number,
  productId: number,
  meta: RequestMeta,
): Promise<void> {
  await inTransaction(ctx, async ({ trx }) => {
    const before = await findSupplierProduct(trx, supplierId, productId);
    await trx
      .deleteFrom('product_suppliers')
      .where('supplier_id', '=', supplierId)
      .where('product_id', '=', productId)
      .execute();
    await recordAudit(trx, {
      actor,
      meta,
      action: 'supplier_product.deleted',
      entity: 'supplier_product',
      entityId: `${supplierId}:${productId}`,
      before,
    });
  });
}
