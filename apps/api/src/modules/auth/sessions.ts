import type { AuthResponse } from '@bodega/contract';
import type { Tx } from '../../db/database';
import type { UserRow } from '../../db/schema';
import type { AppContext, RequestMeta } from '../../platform/context';
import { newOpaqueToken } from '../../platform/auth/tokens';
import { toUser } from './auth.queries';

const DAY_MS = 86_400_000;

export type IssuedSession = { sessionId: number; refreshToken: string; user: UserRow };

/** Opens a session (a refresh-token family) for a user who just proved who they are. */
export async function startSession(ctx: AppContext, trx: Tx, user: UserRow, meta: RequestMeta): Promise<IssuedSession> {
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.refreshTokenTtlDays * DAY_MS).toISOString();
  const session = await trx
    .insertInto('sessions')
    .values({
      user_id: user.id,
      expires_at: expiresAt,
      user_agent: meta.userAgent,
      ip: meta.ip,
      created_at: ctx.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const refreshToken = await issueRefreshToken(ctx, trx, session.id, expiresAt);
  return { sessionId: session.id, refreshToken, user };
}

/** A new refresh token in an existing family; it lives no longer than its session. */
export async function issueRefreshToken(
  ctx: AppContext,
  trx: Tx,
  sessionId: number,
  expiresAt: string,
): Promise<string> {
  const { token, hash } = newOpaqueToken();
  await trx
    .insertInto('refresh_tokens')
    .values({ session_id: sessionId, token_hash: hash, expires_at: expiresAt, created_at: ctx.now().toISOString() })
    .execute();
  return token;
}

/** Ends every live session of a user: the next request with any of their tokens gets 401. */
export async function revokeUserSessions(ctx: AppContext, trx: Tx, userId: number, reason: string): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ revoked_at: ctx.now().toISOString(), revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeSession(ctx: AppContext, trx: Tx, sessionId: number, reason: string): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ revoked_at: ctx.now().toISOString(), revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Signs the access token once the session is committed. */
export async function authResponseFor(ctx: AppContext, issued: IssuedSession): Promise<AuthResponse> {
  const accessToken = await ctx.tokens.sign({ userId: issued.user.id, sessionId: issued.sessionId });
  return {
    accessToken,
    expiresIn: ctx.tokens.ttlSeconds,
    refreshToken: issued.refreshToken,
    user: toUser(issued.user),
  };
}
