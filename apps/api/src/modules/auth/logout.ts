import type { Actor, AppContext } from '../../platform/context';
import { revokeSession } from './sessions';

/** Ends the caller's session: its access and refresh tokens stop working at once. */
export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  await ctx.db.transaction().execute((trx) => revokeSession(ctx, trx, actor.sessionId, 'logout'));
  ctx.events.publishAccessChange({ sessionId: actor.sessionId });
}
