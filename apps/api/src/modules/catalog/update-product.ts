import type { Product, UpdateProductBody } from '@bodega/contract';
import { sql } from 'kysely';
import { lockForUpdate } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { assertStockValueWithinLimits, evaluateAlerts } from '../inventory/stock-ledger';
import { recordAudit } from '../audit/record-audit';
import { findCategoryRow } from './catalog.queries';
import { isForeignKeyViolation, productConflict, unknownCategory } from './constraint-errors';
import { stale } from './product-version';
import { present, productSnapshot } from './products.queries';

/**
 * Optimistic concurrency: one conditional UPDATE (… WHERE id = ? AND version = ?) decides,
 * so of several writers holding the same version exactly one wins and the rest get 412.
 * An empty change still bumps the version: the client asked for a write and gets a new ETag.
 */
export async function updateProduct(
  ctx: AppContext,
  actor: Actor,
  id: number,
  expected: number,
  input: Omit<UpdateProductBody, 'version'>,
  meta: RequestMeta,
): Promise<Product> {
  try {
    return await inTransaction(ctx, async (work) => {
      const { trx, now } = work;
      if (input.categoryId && !(await findCategoryRow(trx, input.categoryId))) throw unknownCategory('body.categoryId');
      // Locked only so that the audit's `before` is exactly the row the UPDATE replaces.
      const before = await lockForUpdate(
        trx,
        trx.selectFrom('products').selectAll().where('id', '=', id),
      ).executeTakeFirst();
      if (!before) throw notFound('Product');
      const after = await trx
        .updateTable('products')
        .set({
          ...(input.sku !== undefined ? { sku: input.sku } : {}),
          ...(input.barcode !== undefined ? { barcode: input.barcode } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
          ...(input.unit !== undefined ? { unit: input.unit } : {}),
          ...(input.priceCents !== undefined ? { price_cents: input.priceCents } : {}),
          ...(input.costCents !== undefined ? { cost_cents: input.costCents } : {}),
          ...(input.taxRateBp !== undefined ? { tax_rate_bp: input.taxRateBp } : {}),
          ...(input.reorderPoint !== undefined ? { reorder_point: input.reorderPoint } : {}),
          ...(input.reorderQuantity !== undefined ? { reorder_quantity: input.reorderQuantity } : {}),
          ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
          version: sql`version + 1`,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('version', '=', expected)
        .returningAll()
        .executeTakeFirst();
      if (!after) throw stale(before.version);
      if (after.reorder_point !== before.reorder_point || after.active !== before.active)
        await evaluateAlerts(work, [id]);
      if (after.cost_cents > before.cost_cents) await assertStockValueWithinLimits(trx, [id]);
      await recordAudit(trx, {
        actor,
        meta,
        action: 'product.updated',
        entity: 'product',
        entityId: id,
        before: productSnapshot(before),
        after: productSnapshot(after),
      });
      return (await present(trx, [after], 'staff'))[0]!;
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw unknownCategory('body.categoryId');
    throw productConflict(err) ?? err;
  }
}
