import type { CreateProductBody, Product } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { findCategoryRow } from './catalog.queries';
import { isForeignKeyViolation, productConflict, unknownCategory } from './constraint-errors';
import { productSnapshot, toProduct } from './products.queries';

export async function createProduct(
  ctx: AppContext,
  actor: Actor,
  input: CreateProductBody,
  meta: RequestMeta,
): Promise<Product> {
  try {
    return await inTransaction(ctx, async ({ trx, now }) => {
      if (input.categoryId && !(await findCategoryRow(trx, input.categoryId))) throw unknownCategory('body.categoryId');
      const row = await trx
        .insertInto('products')
        .values({
          sku: input.sku,
          barcode: input.barcode ?? null,
          name: input.name,
          description: input.description ?? null,
          category_id: input.categoryId ?? null,
          unit: input.unit,
          price_cents: input.priceCents,
          cost_cents: input.costCents,
          tax_rate_bp: input.taxRateBp,
          reorder_point: input.reorderPoint,
          reorder_quantity: input.reorderQuantity,
          active: input.active === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        meta,
        action: 'product.created',
        entity: 'product',
        entityId: row.id,
        after: productSnapshot(row),
      });
      return toProduct(row, []);
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw unknownCategory('body.categoryId');
    throw productConflict(err) ?? err;
  }
}
