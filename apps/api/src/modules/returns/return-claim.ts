import type { Tx } from '../../db/database';
import type { Actor } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';

/** Closes an open return by one conditional UPDATE, so of two racing closes only one acts. */
export async function claimOpenReturn(trx: Tx, id: number, to: 'received' | 'cancelled', actor: Actor, now: string) {
  const row = await trx.selectFrom('returns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Return');
  const moved = await trx
    .updateTable('returns')
    .set({ status: to, updated_at: now, ...(to === 'received' ? { received_by: actor.userId, received_at: now } : {}) })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1)
    throw new AppError('invalid_transition', 409, `This return is already ${row.status}`);
  return row;
}
