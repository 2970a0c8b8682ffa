import type { UpdateMeBody, User } from '@bodega/contract';
import { isUniqueViolation } from '../../db/database';
import { verifyPassword } from '../../platform/auth/passwords';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../audit/record-audit';
import { auditSnapshot, findUserById, toUser } from './auth.queries';

/** A user edits their own name and email; a new email needs the current password. */
export async function updateProfile(
  ctx: AppContext,
  actor: Actor,
  input: UpdateMeBody,
  meta: RequestMeta,
): Promise<User> {
  const current = await findUserById(ctx.db, actor.userId);
  if (!current) throw new AppError('unauthenticated', 401, 'Sign in to continue');
  if (input.email !== undefined && input.email !== current.email) {
    if (!(await verifyPassword(current.password_hash, input.currentPassword ?? ''))) {
      throw new AppError('current_password_incorrect', 403, 'The current password is incorrect');
    }
  }
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('users')
        .set({
          name: input.name ?? current.name,
          email: input.email ?? current.email,
          updated_at: ctx.now().toISOString(),
        })
        .where('id', '=', actor.userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actor,
        meta,
        action: 'user.profile_updated',
        entity: 'user',
        entityId: actor.userId,
        before: auditSnapshot(current),
        after: auditSnapshot(updated),
      });
      return toUser(updated);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('email_taken', 409, 'An account with this email already exists');
    throw err;
  }
}
