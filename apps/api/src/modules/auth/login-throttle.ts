import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';

/**
 * Failed logins are counted three ways, each in a window of LOGIN_LOCK_SECONDS:
 * - per account and IP: the tight limit, so a guesser is stopped after a few tries;
 * - per account from anywhere: ten times looser, to slow a distributed guesser while a
 *   stranger on another IP cannot shut the owner out for long;
 * - per IP: one address trying many accounts.
 * Every window expires on its own; nothing locks an account forever. Unknown emails count
 * exactly like known ones, so the answers reveal nothing.
 */
function keys(email: string, ip: string) {
  return { pair: `login:pair:${email}|${ip}`, account: `login:acct:${email}`, ip: `login:ip:${ip}` };
}

export async function assertLoginAllowed(ctx: AppContext, email: string, ip: string): Promise<void> {
  const { maxPerAccount, maxPerIp } = ctx.config.loginThrottle;
  const k = keys(email, ip);
  const [pair, account, byIp] = await Promise.all([
    ctx.counters.peek(k.pair),
    ctx.counters.peek(k.account),
    ctx.counters.peek(k.ip),
  ]);
  const blocked = [
    pair.count >= maxPerAccount ? pair : null,
    account.count >= maxPerAccount * 10 ? account : null,
    byIp.count >= maxPerIp ? byIp : null,
  ].filter((c) => c !== null);
  if (blocked.length) {
    const retryAfter = Math.max(1, ...blocked.map((c) => c.resetInSeconds));
    throw new AppError('too_many_login_attempts', 429, 'Too many failed sign-in attempts; try again later', {
      headers: { 'retry-after': String(retryAfter) },
    });
  }
}

export async function recordLoginFailure(ctx: AppContext, email: string, ip: string): Promise<void> {
  const window = ctx.config.loginThrottle.lockSeconds;
  const k = keys(email, ip);
  await Promise.all([
    ctx.counters.hit(k.pair, window),
    ctx.counters.hit(k.account, window),
    ctx.counters.hit(k.ip, window),
  ]);
}

export async function recordLoginSuccess(ctx: AppContext, email: string, ip: string): Promise<void> {
  await ctx.counters.reset(keys(email, ip).pair);
}
