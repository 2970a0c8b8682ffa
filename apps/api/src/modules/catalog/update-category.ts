import type { Category, UpdateCategoryBody } from '@bodega/contract';
import { sql } from 'kysely';
import { dbKind, type Tx } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { ancestorIds, findCategory, findCategoryRow, toCategory } from './catalog.queries';
import { categoryWriteError, unknownCategory } from './constraint-errors';

/** Renames, describes or moves a category; a move under itself or its own descendant is refused. */
export async function updateCategory(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: UpdateCategoryBody,
  meta: RequestMeta,
): Promise<Category> {
  try {
    return await inTransaction(ctx, async ({ trx, now }) => {
      if (input.parentId) await lockTree(trx);
      const before = await findCategoryRow(trx, id);
      if (!before) throw notFound('Category');
      if (input.parentId) {
        const above = await ancestorIds(trx, input.parentId);
        if (above.length === 0) throw unknownCategory('body.parentId');
        if (above.includes(id)) {
          throw new AppError(
            'category_cycle',
            409,
            'A category cannot be moved under itself or one of its subcategories',
          );
        }
      }
      const row = await trx
        .updateTable('categories')
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        meta,
        action: 'category.updated',
        entity: 'category',
        entityId: id,
        before: toCategory(before),
        after: toCategory(row),
      });
      return (await findCategory(trx, id, 'staff'))!;
    });
  } catch (err) {
    throw categoryWriteError(err, input.name);
  }
}

/** Moves are serialised on PostgreSQL: two crossing moves (A under B, B under A) must not both pass the check. */
async function lockTree(trx: Tx): Promise<void> {
  if (dbKind(trx) === 'postgres')
    await sql`select pg_advisory_xact_lock(hashtext('bodega.categories.tree'))`.execute(trx);
}
