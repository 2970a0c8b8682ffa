import type { CreateLocationBody, Location } from '@bodega/contract';
import { isUniqueViolation } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { recordAudit } from '../audit/record-audit';
import { toLocation } from './inventory.queries';
import { locationCodeTaken } from './location-errors';

export async function createLocation(
  ctx: AppContext,
  actor: Actor,
  input: CreateLocationBody,
  meta: RequestMeta,
): Promise<Location> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.now().toISOString();
      const row = await trx
        .insertInto('locations')
        .values({
          code: input.code,
          name: input.name,
          address: input.address ?? null,
          active: 1,
          is_default: 0,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        meta,
        action: 'location.created',
        entity: 'location',
        entityId: row.id,
        after: toLocation(row),
      });
      return toLocation(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw locationCodeTaken();
    throw err;
  }
}
