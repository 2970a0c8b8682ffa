import type { ForgotPasswordBody } from '@bodega/contract';
import { newOpaqueToken } from '../../platform/auth/tokens';
import type { AppContext, RequestMeta } from '../../platform/context';
import { findUserByEmail } from './auth.queries';

const MAILS_PER_HOUR = 3;
type PasswordResetApp = ForgotPasswordBody['app'];

/**
 * For an active account, mails a single-use link (the token is kept hashed). The route runs
 * this after answering, so nothing in the response depends on whether the account exists.
 */
export async function requestPasswordReset(
  ctx: AppContext,
  email: string,
  meta: RequestMeta,
  app: PasswordResetApp = 'mobile',
): Promise<void> {
  const user = await findUserByEmail(ctx.db, email);
  if (!user || user.status !== 'active') return;
  const { count } = await ctx.counters.hit(`reset-mail:${user.id}`, 3600);
  if (count > MAILS_PER_HOUR) return;
  const { token, hash } = newOpaqueToken();
  const now = ctx.now();
  const ttl = ctx.config.passwordResetTtlMinutes;
  await ctx.db.transaction().execute(async (trx) => {
    // Only the newest link works.
    await trx
      .updateTable('password_reset_tokens')
      .set({ used_at: now.toISOString() })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('password_reset_tokens')
      .values({
        user_id: user.id,
        token_hash: hash,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + ttl * 60_000).toISOString(),
      })
      .execute();
  });
  const link = `${ctx.config.publicUrl}${app === 'admin' ? '/admin' : ''}/reset-password?token=${token}`;
  await ctx.mailer.send({
    to: user.email,
    subject: 'Reset your Bodega password / Restablece tu contraseña de Bodega',
    text: [
      `Hello ${user.name},`,
      '',
      `To choose a new password, open this link within ${ttl} minutes:`,
      link,
      '',
      `Para elegir una contraseña nueva, abre este enlace en los próximos ${ttl} minutos:`,
      link,
      '',
      'If you did not ask for this, ignore this message. / Si no lo pediste, ignora este mensaje.',
    ].join('\n'),
  });
  ctx.log.info({ requestId: meta.requestId, userId: user.id }, 'password reset mail sent');
}
