import type { Category, CreateCategoryBody } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { findCategoryRow, toCategory } from './catalog.queries';
import { categoryWriteError, unknownCategory } from './constraint-errors';

export async function createCategory(
  ctx: AppContext,
  actor: Actor,
  input: CreateCategoryBody,
  meta: RequestMeta,
): Promise<Category> {
  try {
    return await inTransaction(ctx, async ({ trx, now }) => {
      if (input.parentId && !(await findCategoryRow(trx, input.parentId))) throw unknownCategory('body.parentId');
      const row = await trx
        .insertInto('categories')
        .values({
          name: input.name,
          parent_id: input.parentId ?? null,
          description: input.description ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toCategory(row);
      await recordAudit(trx, { actor, meta, action: 'category.created', entity: 'category', entityId: row.id, after });
      return { ...after, productCount: 0 };
    });
  } catch (err) {
    throw categoryWriteError(err, input.name);
  }
}
