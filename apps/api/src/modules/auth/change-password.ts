import type { AuthResponse, ChangePasswordBody } from '@bodega/contract';
import { assertStrongPassword, hashPassword, verifyPassword } from '../../platform/auth/passwords';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../audit/record-audit';
import { findUserById } from './auth.queries';
import { authResponseFor, revokeUserSessions, startSession } from './sessions';

/** Ends every session of the user (other devices included) and opens a fresh one here. */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: ChangePasswordBody,
  meta: RequestMeta,
): Promise<AuthResponse> {
  const user = await findUserById(ctx.db, actor.userId);
  if (!user || !(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('current_password_incorrect', 403, 'The current password is incorrect');
  }
  await assertStrongPassword(input.newPassword, 'newPassword', [user.email, user.name]);
  const passwordHash = await hashPassword(input.newPassword);
  const issued = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    const updated = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await revokeUserSessions(ctx, trx, user.id, 'password_changed');
    await recordAudit(trx, { actor, meta, action: 'user.password_changed', entity: 'user', entityId: user.id });
    return startSession(ctx, trx, updated, meta);
  });
  ctx.events.publishAccessChange({ userId: user.id });
  return authResponseFor(ctx, issued);
}
