import type { ResetPasswordBody } from '@bodega/contract';
import { assertStrongPassword, hashPassword } from '../../platform/auth/passwords';
import { hashOpaqueToken } from '../../platform/auth/tokens';
import type { AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { recordAudit } from '../audit/record-audit';
import { revokeUserSessions } from './sessions';

const refused = () =>
  new AppError('invalid_reset_token', 400, 'This reset link is invalid, used or expired; ask for a new one');

/** Sets a new password from a mailed token; the token works once, and every session ends. */
export async function resetPassword(ctx: AppContext, input: ResetPasswordBody, meta: RequestMeta): Promise<void> {
  const hash = hashOpaqueToken(input.token);
  // Judged against the holder's email and name before the token is spent: a refused password
  // leaves the link usable for a better one.
  const holder = await ctx.db
    .selectFrom('password_reset_tokens')
    .innerJoin('users', 'users.id', 'password_reset_tokens.user_id')
    .select(['users.email', 'users.name'])
    .where('password_reset_tokens.token_hash', '=', hash)
    .where('password_reset_tokens.used_at', 'is', null)
    .where('password_reset_tokens.expires_at', '>', ctx.now().toISOString())
    .executeTakeFirst();
  if (!holder) throw refused();
  await assertStrongPassword(input.newPassword, 'newPassword', [holder.email, holder.name]);
  const passwordHash = await hashPassword(input.newPassword);
  const userId = await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    const token = await trx
      .selectFrom('password_reset_tokens')
      .select(['id', 'user_id'])
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (!token) return null;
    const claimed = await trx
      .updateTable('password_reset_tokens')
      .set({ used_at: now })
      .where('id', '=', token.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: now, updated_at: now })
      .where('id', '=', token.user_id)
      .where('status', '=', 'active')
      .returning('id')
      .executeTakeFirst();
    if (!user) return null;
    await revokeUserSessions(ctx, trx, user.id, 'password_reset');
    await recordAudit(trx, { actor: null, meta, action: 'user.password_reset', entity: 'user', entityId: user.id });
    return user.id;
  });
  if (userId === null) throw refused();
  ctx.events.publishAccessChange({ userId });
}
