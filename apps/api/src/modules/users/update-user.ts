import type { UpdateUserBody, User } from '@bodega/contract';
import { canChangeRoleOf, removesActiveAdmin } from '@bodega/domain';
import { lockForUpdate } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { recordAudit } from '../audit/record-audit';
import { auditSnapshot, toUser } from '../auth/auth.queries';
import { revokeUserSessions } from '../auth/sessions';

/**
 * An admin changes a user's role or status. Customer accounts never become staff (they are
 * tied to a customer record); the last active admin cannot be demoted or disabled; a
 * disabled user's sessions end at once.
 */
export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  userId: number,
  input: UpdateUserBody,
  meta: RequestMeta,
): Promise<User> {
  let accessChanged = false;
  const user = await ctx.db.transaction().execute(async (trx) => {
    // Lock every active admin (PostgreSQL) so two admins demoting each other cannot race past the check.
    const admins = await lockForUpdate(
      trx,
      trx.selectFrom('users').select('id').where('role', '=', 'admin').where('status', '=', 'active'),
    ).execute();
    const before = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!before) throw notFound('User');
    if (input.role !== undefined && !canChangeRoleOf(before.role)) {
      throw new AppError('role_change_not_allowed', 409, 'A customer account cannot be given a staff role');
    }
    const role = input.role ?? before.role;
    const status = input.status ?? before.status;
    if (removesActiveAdmin(before, { role, status }) && admins.filter((a) => a.id !== userId).length === 0) {
      throw new AppError('last_admin', 409, 'At least one active admin must remain');
    }
    const after = await trx
      .updateTable('users')
      .set({ role, status, updated_at: ctx.now().toISOString() })
      .where('id', '=', userId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (status === 'disabled' && before.status !== 'disabled')
      await revokeUserSessions(ctx, trx, userId, 'user_disabled');
    accessChanged = status !== before.status || role !== before.role;
    await recordAudit(trx, {
      actor,
      meta,
      action: 'user.updated',
      entity: 'user',
      entityId: userId,
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    return toUser(after);
  });
  // Live sockets were authorized for the old role or status: they must reconnect (or stay out).
  if (accessChanged) ctx.events.publishAccessChange({ userId });
  return user;
}
