import type { SaveSupplierProductBody, SupplierProduct } from '@bodega/contract';
import { isUniqueViolation } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { assertProductsExist } from '../inventory/inventory.queries';
import { lockProducts } from '../inventory/stock-ledger';
import { findSupplierProduct, findSupplierRow } from './suppliers.queries';

/**
 * Links a product to a supplier, or changes the link: the supplier's SKU, last cost, minimum
 * order quantity, and whether it is the product's preferred supplier. Making it preferred
 * takes the flag from the previous one, under the product's lock; the partial unique index
 * keeps one preferred supplier per product whatever happens.
 */
export async function saveSupplierProduct(
  ctx: AppContext,
  actor: Actor,
  supplierId: number,
  productId: number,
  input: SaveSupplierProductBody,
  meta: RequestMeta,
): Promise<SupplierProduct> {
  try {
    return await inTransaction(ctx, async ({ trx, now }) => {
      await findSupplierRow(trx, supplierId);
      await assertProductsExist(trx, [productId]);
      await lockProducts(trx, [productId]);
      const existing = await trx
        .selectFrom('product_suppliers')
        .select('id')
        .where('supplier_id', '=', supplierId)
        .where('product_id', '=', productId)
        .executeTakeFirst();
      const before = existing ? await findSupplierProduct(trx, supplierId, productId) : null;
      if (input.preferred) {
        await trx
          .updateTable('product_suppliers')
          .set({ preferred: 0, updated_at: now })
          .where('product_id', '=', productId)
          .where('supplier_id', '<>', supplierId)
          .where('preferred', '=', 1)
          .execute();
      }
      const fields = {
        ...(input.supplierSku !== undefined ? { supplier_sku: input.supplierSku } : {}),
        ...(input.lastCostCents !== undefined ? { last_cost_cents: input.lastCostCents } : {}),
        ...(input.minOrderQuantity !== undefined ? { min_order_quantity: input.minOrderQuantity } : {}),
        ...(input.preferred !== undefined ? { preferred: input.preferred ? 1 : 0 } : {}),
      };
      if (existing) {
        await trx
          .updateTable('product_suppliers')
          .set({ ...fields, updated_at: now })
          .where('id', '=', existing.id)
          .execute();
      } else {
        await trx
          .insertInto('product_suppliers')
          .values({
            product_id: productId,
            supplier_id: supplierId,
            preferred: 0,
            ...fields,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      const after = await findSupplierProduct(trx, supplierId, productId);
      await recordAudit(trx, {
        actor,
        meta,
        action: existing ? 'supplier_product.updated' : 'supplier_product.created',
        entity: 'supplier_product',
        entityId: `${supplierId}:${productId}`,
        before,
        after,
      });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('conflict', 409, 'Another supplier became preferred for this product meanwhile; try again');
    }
    throw err;
  }
}
