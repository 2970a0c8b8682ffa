import type { Product } from '@bodega/contract';
import { sql } from 'kysely';
import { lockForUpdate } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { evaluateAlerts } from '../inventory/stock-ledger';
import { recordAudit } from '../audit/record-audit';
import { stale } from './product-version';
import { present, productSnapshot } from './products.queries';

/**
 * DELETE archives: the row stays for orders, stock and history. Archiving an archived
 * product changes nothing. `expected` (from If-Match) is checked when given.
 */
export async function archiveProduct(
  ctx: AppContext,
  actor: Actor,
  id: number,
  expected: number | undefined,
  meta: RequestMeta,
): Promise<Product> {
  return inTransaction(ctx, async (work) => {
    const { trx, now } = work;
    const before = await lockForUpdate(
      trx,
      trx.selectFrom('products').selectAll().where('id', '=', id),
    ).executeTakeFirst();
    if (!before) throw notFound('Product');
    if (expected !== undefined && expected !== before.version) throw stale(before.version);
    if (before.active === 0) return (await present(trx, [before], 'staff'))[0]!;
    const after = await trx
      .updateTable('products')
      .set({ active: 0, version: sql`version + 1`, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', before.version)
      .returningAll()
      .executeTakeFirstOrThrow();
    await evaluateAlerts(work, [id]);
    await recordAudit(trx, {
      actor,
      meta,
      action: 'product.archived',
      entity: 'product',
      entityId: id,
      before: productSnapshot(before),
      after: productSnapshot(after),
    });
    return (await present(trx, [after], 'staff'))[0]!;
  });
}
