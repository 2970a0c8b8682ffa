import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { findCategoryRow, toCategory } from './catalog.queries';
import { isForeignKeyViolation } from './constraint-errors';

/** Deletes an unused category; products (archived ones too) or subcategories keep it alive. */
export async function deleteCategory(ctx: AppContext, actor: Actor, id: number, meta: RequestMeta): Promise<void> {
  try {
    await inTransaction(ctx, async ({ trx }) => {
      const before = await findCategoryRow(trx, id);
      if (!before) throw notFound('Category');
      const products = await trx
        .selectFrom('products')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('category_id', '=', id)
        .executeTakeFirstOrThrow();
      const children = await trx
        .selectFrom('categories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_id', '=', id)
        .executeTakeFirstOrThrow();
      if (Number(products.n) > 0 || Number(children.n) > 0) throw inUse(Number(products.n), Number(children.n));
      await trx.deleteFrom('categories').where('id', '=', id).execute();
      await recordAudit(trx, {
        actor,
        meta,
        action: 'category.deleted',
        entity: 'category',
        entityId: id,
        before: toCategory(before),
      });
    });
  } catch (err) {
    // A product or subcategory added at the same moment: the foreign key refuses the delete.
    if (isForeignKeyViolation(err)) throw inUse(null, null);
    throw err;
  }
}

function inUse(products: number | null, children: number | null) {
  const what =
    products === null ? 'Products or subcategories use' : `${products} product(s) and ${children} subcategory(ies) use`;
  return new AppError('category_in_use', 409, `${what} this category; move them to another category first`);
}
