import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';

/**
 * Failed logins are counted in windows of LOGIN_LOCK_SECONDS, and how depends on the device.
 *
 * An unknown device (no valid device cookie for this email, see login-device.ts) is counted
 * three ways:
 * - per account and IP: the tight limit, so a guesser is stopped after a few tries;
 * - per account from anywhere: ten times looser, to slow a guesser spread over many addresses;
 * - per IP: one address trying many accounts.
 * A trusted device — one that signed in to this account before — is counted on its own key
 * only, with the tight limit: the locks a stranger can fill never apply to it, so nobody can
 * shut the owner out, and a stolen device cookie still allows only a few guesses per window.
 *
 * Every window expires on its own. Unknown emails count exactly like known ones, so the answers
 * reveal nothing (a device cookie is only ever valid for an email that signed in).
 */
function keys(email: string, ip: string) {
  return { pair: `login:pair:${email}|${ip}`, account: `login:acct:${email}`, ip: `login:ip:${ip}` };
}
const deviceKey = (device: string) => `login:dev:${device}`;

const tooMany = (retryAfter: number) =>
  new AppError('too_many_login_attempts', 429, 'Too many failed sign-in attempts; try again later', {
    headers: { 'retry-after': String(Math.max(1, retryAfter)) },
  });

export async function assertLoginAllowed(
  ctx: AppContext,
  email: string,
  ip: string,
  device: string | null,
): Promise<void> {
  const { maxPerAccount, maxPerIp } = ctx.config.loginThrottle;
  if (device) {
    const own = await ctx.counters.peek(deviceKey(device));
    if (own.count >= maxPerAccount) throw tooMany(own.resetInSeconds);
    return;
  }
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
  if (blocked.length) throw tooMany(Math.max(...blocked.map((c) => c.resetInSeconds)));
}

export async function recordLoginFailure(
  ctx: AppContext,
  email: string,
  ip: string,
  device: string | null,
): Promise<void> {
  const window = ctx.config.loginThrottle.lockSeconds;
  if (device) {
    await ctx.counters.hit(deviceKey(device), window);
    return;
  }
  const k = keys(email, ip);
  await Promise.all([
    ctx.counters.hit(k.pair, window),
    ctx.counters.hit(k.account, window),
    ctx.counters.hit(k.ip, window),
  ]);
}

export async function recordLoginSuccess(
  ctx: AppContext,
  email: string,
  ip: string,
  device: string | null,
): Promise<void> {
  await Promise.all([
    ctx.counters.reset(keys(email, ip).pair),
    ...(device ? [ctx.counters.reset(deviceKey(device))] : []),
  ]);
}
