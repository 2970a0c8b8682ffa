import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../platform/context';

/**
 * OWASP's device cookie: a successful sign-in leaves the browser a token bound to that email,
 * signed with a key derived from JWT_SECRET. A later sign-in presenting a valid one is judged by
 * its own failure counter only, so a stranger who fills the account's lock cannot shut the owner
 * out (see login-throttle.ts). It grants nothing else: the password is still required.
 *
 * One cookie holds up to MAX_DEVICES tokens, one per account signed in on this browser (a shop's
 * shared till). A token is `<issued, base36 seconds>.<nonce>.<mac>`; the email is not in it.
 */
export const DEVICE_COOKIE = 'bodega_device';
export const DEVICE_TTL_DAYS = 365;
const MAX_DEVICES = 5;
const MAX_COOKIE_LENGTH = 1024;
const TOKEN = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

const keyOf = (ctx: AppContext) =>
  createHmac('sha256', ctx.config.jwtSecret).update('bodega login device cookie v1').digest();

const macOf = (ctx: AppContext, email: string, issued: string, nonce: string) =>
  createHmac('sha256', keyOf(ctx)).update(`${email}\n${issued}\n${nonce}`).digest();

type Parsed = { raw: string; issued: string; nonce: string; mac: Buffer };

function parse(ctx: AppContext, cookie: string | undefined): Parsed[] {
  if (!cookie || cookie.length > MAX_COOKIE_LENGTH) return [];
  const oldest = ctx.now().getTime() / 1000 - DEVICE_TTL_DAYS * 86_400;
  const tokens: Parsed[] = [];
  for (const raw of cookie.split('~').slice(0, MAX_DEVICES)) {
    const m = TOKEN.exec(raw);
    if (!m || parseInt(m[1]!, 36) < oldest) continue;
    tokens.push({ raw, issued: m[1]!, nonce: m[2]!, mac: Buffer.from(m[3]!, 'base64url') });
  }
  return tokens;
}

const belongsTo = (ctx: AppContext, t: Parsed, email: string) => {
  const expected = macOf(ctx, email, t.issued, t.nonce);
  return t.mac.length === expected.length && timingSafeEqual(t.mac, expected);
};

/** The id of this browser's device token for `email`, or null when it has none (or a forged one). */
export function trustedDeviceId(ctx: AppContext, cookie: string | undefined, email: string): string | null {
  return parse(ctx, cookie).find((t) => belongsTo(ctx, t, email))?.nonce ?? null;
}

/** The cookie's next value after `email` signed in: a fresh token first, other accounts' kept. */
export function rememberDevice(ctx: AppContext, cookie: string | undefined, email: string): string {
  const issued = Math.floor(ctx.now().getTime() / 1000).toString(36);
  const nonce = randomBytes(16).toString('base64url');
  const fresh = `${issued}.${nonce}.${macOf(ctx, email, issued, nonce).toString('base64url')}`;
  const others = parse(ctx, cookie)
    .filter((t) => !belongsTo(ctx, t, email))
    .map((t) => t.raw);
  return [fresh, ...others].slice(0, MAX_DEVICES).join('~');
}
