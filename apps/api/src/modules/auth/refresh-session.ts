import type { AuthResponse } from '@bodega/contract';
import { hashOpaqueToken } from '../../platform/auth/tokens';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { authResponseFor, issueRefreshToken, revokeSession, type IssuedSession } from './sessions';

const refused = () => new AppError('invalid_token', 401, 'The refresh token is invalid or expired; sign in again');

/**
 * Rotates a refresh token. A token that was already used (a thief's copy or the owner's,
 * whichever comes second) revokes its whole family: both must sign in again.
 */
export async function refreshSession(ctx: AppContext, refreshToken: string | undefined): Promise<AuthResponse> {
  if (!refreshToken) throw refused();
  const hash = hashOpaqueToken(refreshToken);
  const outcome = await ctx.db
    .transaction()
    .execute(async (trx): Promise<IssuedSession | { reused: number } | 'refused'> => {
      const now = ctx.now().toISOString();
      const row = await trx
        .selectFrom('refresh_tokens as t')
        .innerJoin('sessions as s', 's.id', 't.session_id')
        .select([
          't.id',
          't.used_at',
          't.expires_at',
          's.id as session_id',
          's.user_id',
          's.revoked_at',
          's.expires_at as session_expires_at',
        ])
        .where('t.token_hash', '=', hash)
        .executeTakeFirst();
      if (!row) return 'refused';
      if (row.revoked_at !== null || row.expires_at <= now) return 'refused';
      if (row.used_at !== null) {
        await revokeSession(ctx, trx, row.session_id, 'refresh_token_reuse');
        return { reused: row.session_id };
      }
      const claimed = await trx
        .updateTable('refresh_tokens')
        .set({ used_at: now })
        .where('id', '=', row.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        await revokeSession(ctx, trx, row.session_id, 'refresh_token_reuse');
        return { reused: row.session_id };
      }
      const user = await trx.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
      if (user.status !== 'active') return 'refused';
      const token = await issueRefreshToken(ctx, trx, row.session_id, row.session_expires_at);
      return { sessionId: row.session_id, refreshToken: token, user };
    });
  if (outcome === 'refused') throw refused();
  if ('reused' in outcome) {
    ctx.log.warn('refresh token reused: session family revoked');
    ctx.events.publishAccessChange({ sessionId: outcome.reused });
    throw refused();
  }
  return authResponseFor(ctx, outcome);
}
