import type { Location, UpdateLocationBody } from '@bodega/contract';
import { isUniqueViolation } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { recordAudit } from '../audit/record-audit';
import { toLocation } from './inventory.queries';
import { locationCodeTaken } from './location-errors';

/** Renames or (de)activates a location. The default location stays active; one with stock cannot be deactivated. */
export async function updateLocation(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: UpdateLocationBody,
  meta: RequestMeta,
): Promise<Location> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw notFound('Location');
      if (input.active === false && before.active === 1) {
        if (before.is_default === 1)
          throw new AppError('location_in_use', 409, 'The default location cannot be deactivated');
        const stock = await trx
          .selectFrom('stock_levels')
          .select('product_id')
          .where('location_id', '=', id)
          .where('on_hand', '>', 0)
          .executeTakeFirst();
        if (stock) throw new AppError('location_in_use', 409, 'This location still holds stock; transfer it first');
      }
      const row = await trx
        .updateTable('locations')
        .set({
          ...(input.code !== undefined ? { code: input.code } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.address !== undefined ? { address: input.address } : {}),
          ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
          updated_at: ctx.now().toISOString(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        meta,
        action: 'location.updated',
        entity: 'location',
        entityId: id,
        before: toLocation(before),
        after: toLocation(row),
      });
      return toLocation(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw locationCodeTaken();
    throw err;
  }
}
