import type { AuthResponse } from '@bodega/contract';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mail } from '../platform/mail';
import { ADMIN, createTestApp, type TestApp } from '../test/harness';

/**
 * Auth probes beyond those in modules/auth (alg none, tampered, expired and foreign-signed
 * tokens, refresh reuse, a disabled user, throttling from one address, reset-token reuse):
 * a foreign-signed token that names a real user and their live session, algorithm and claim
 * confusion, tokens used for the wrong purpose, a role change against a live token, brute force
 * spread over many addresses (the per-account limit) and over many accounts (the per-IP limit),
 * the per-IP cap on reset-token guessing, and refresh tokens after a password reset.
 */

const SECRET = 'test-secret-test-secret-test-secret-0123';
const OTHER_SECRET = 'another-secret-another-secret-another-42';
const enc = (s: string) => new TextEncoder().encode(s);
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

let t: TestApp;
const mails: Mail[] = [];

beforeAll(async () => {
  t = await createTestApp({
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '5',
    LOGIN_MAX_FAILURES_PER_IP: '20',
    LOGIN_LOCK_SECONDS: '900',
  });
  // Reset links are mailed: keep them here instead of the (silent) log.
  (t.ctx.mailer as { send: (m: Mail) => Promise<void> }).send = async (m) => {
    mails.push(m);
  };
});
afterAll(() => t?.close());

const me = (token: string) => t.request({ method: 'GET', url: '/api/v1/auth/me', token });
const refresh = (refreshToken: string) =>
  t.request({
    method: 'POST',
    url: '/api/v1/auth/refresh',
    headers: { 'x-refresh-token-transport': 'body' },
    payload: { refreshToken },
  });
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { sub: string; sid: number; exp: number };

function sign(
  claims: Record<string, unknown>,
  opts: { key?: string; alg?: string; iss?: string; aud?: string; exp?: string | number } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT' })
    .setIssuer(opts.iss ?? 'bodega')
    .setAudience(opts.aud ?? 'bodega-api')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '15m')
    .sign(enc(opts.key ?? SECRET));
}

describe('forged access tokens', () => {
  it('refuses a token signed with another secret even when it names a real user and their live session', async () => {
    const c = await t.registerCustomer();
    const { sub, sid } = claimsOf(c.accessToken);
    expect((await me(c.accessToken)).statusCode).toBe(200);
    const forged = [
      await sign({ sub, sid }, { key: OTHER_SECRET }),
      await sign({ sub, sid }, { key: OTHER_SECRET, exp: '10y' }),
      // The same, claiming to be the admin.
      await sign({ sub: '1', sid }, { key: OTHER_SECRET }),
      // The real secret with the wrong algorithm: only HS256 is accepted.
      await sign({ sub, sid }, { alg: 'HS384' }),
      await sign({ sub, sid }, { alg: 'HS512' }),
      // The real secret, the wrong issuer or audience.
      await sign({ sub, sid }, { iss: 'someone-else' }),
      await sign({ sub, sid }, { aud: 'another-api' }),
      // Unsigned, in every spelling of "none", with and without a trailing dot.
      ...['none', 'None', 'NONE', 'nOnE'].flatMap((alg) => {
        const unsigned = `${b64({ alg, typ: 'JWT' })}.${b64({ sub, sid, iss: 'bodega', aud: 'bodega-api', exp: 9_999_999_999 })}`;
        return [`${unsigned}.`, `${unsigned}.${c.accessToken.split('.')[2]}`];
      }),
      // A genuine signature over a header that was changed afterwards.
      `${b64({ alg: 'none', typ: 'JWT' })}.${c.accessToken.split('.').slice(1).join('.')}`,
    ];
    for (const token of forged) {
      for (const url of ['/api/v1/auth/me', '/api/v1/customers/me', '/api/v1/orders']) {
        const res = await t.request({ method: 'GET', url, token });
        expect(res.statusCode, `${url} ${token}`).toBe(401);
        expect(res.json().code).toBe('invalid_token');
      }
    }
    // The genuine token still works: nothing above touched the session.
    expect((await me(c.accessToken)).statusCode).toBe(200);
  });

  it('binds a session to its user: a valid signature over another user id with this session is refused', async () => {
    const a = await t.registerCustomer();
    const b = await t.registerCustomer();
    const { sid } = claimsOf(a.accessToken);
    // Only someone holding the secret could make this token; even then the session decides.
    const swapped = await sign({ sub: String(b.user.id), sid });
    expect((await me(swapped)).statusCode).toBe(401);
    const asAdmin = await sign({ sub: '1', sid });
    expect((await t.request({ method: 'GET', url: '/api/v1/users', token: asAdmin })).statusCode).toBe(401);
  });

  it('does not take tokens from the query string or a cookie, nor refresh tokens as bearer tokens', async () => {
    const c = await t.registerCustomer();
    for (const res of [
      await t.request({ method: 'GET', url: `/api/v1/auth/me?access_token=${c.accessToken}` }),
      await t.request({ method: 'GET', url: `/api/v1/auth/me?token=${c.accessToken}` }),
      await t.request({ method: 'GET', url: '/api/v1/auth/me', cookies: { bodega_refresh: c.refreshToken! } }),
      await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Token ${c.accessToken}` } }),
      await t.request({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Basic ${c.accessToken}` } }),
      await me(c.refreshToken!),
    ])
      expect(res.statusCode).toBe(401);
    // And an access token is no refresh token.
    expect((await refresh(c.accessToken)).statusCode).toBe(401);
    expect((await me(c.accessToken)).statusCode).toBe(200);
  });

  it('applies a role change to a live token on its very next request', async () => {
    const admin = await t.adminToken();
    const email = `second-admin-${Date.now()}@test.local`;
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      payload: { email, name: 'Second Admin', role: 'admin', password: 'second-admin-pass-1' },
    });
    expect(created.statusCode).toBe(201);
    const session = await t.login(email, 'second-admin-pass-1');
    expect((await t.request({ method: 'GET', url: '/api/v1/users', token: session.accessToken })).statusCode).toBe(200);
    const demoted = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${created.json().id}`,
      token: admin,
      payload: { role: 'warehouse_manager' },
    });
    expect(demoted.statusCode).toBe(200);
    const res = await t.request({ method: 'GET', url: '/api/v1/users', token: session.accessToken });
    expect(res.statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/stock', token: session.accessToken })).statusCode).toBe(200);
    // A refresh gives a token of the new role, not the old one.
    const next = (await refresh(session.refreshToken!)).json<AuthResponse>();
    expect(next.user.role).toBe('warehouse_manager');
    expect((await t.request({ method: 'GET', url: '/api/v1/users', token: next.accessToken })).statusCode).toBe(403);
  });
});

describe('password reset against live sessions', () => {
  const tokenFrom = (mail: Mail) => /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;

  async function mailedToken(email: string, ip: string): Promise<string> {
    const before = mails.length;
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      remoteAddress: ip,
      payload: { email },
    });
    expect(res.statusCode).toBe(202);
    for (let i = 0; i < 200 && mails.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    const mail = mails.slice(before).find((m) => m.to === email);
    expect(mail, 'reset mail').toBeDefined();
    return tokenFrom(mail!);
  }

  it('ends every refresh token of every session (older rotations too), and the reset token is no bearer or refresh token', async () => {
    const c = await t.registerCustomer();
    const rotated = (await refresh(c.refreshToken!)).json<AuthResponse>();
    const phone = await t.login(c.user.email, c.password);
    const token = await mailedToken(c.user.email, '10.9.0.1');
    // The mailed token opens nothing but the reset.
    expect((await me(token)).statusCode).toBe(401);
    expect((await refresh(token)).statusCode).toBe(401);

    const done = await t.request({
      method: 'POST',
      url: '/api/v1/auth/reset-password',
      remoteAddress: '10.9.0.1',
      payload: { token, newPassword: 'after-reset-password-1' },
    });
    expect(done.statusCode).toBe(200);
    for (const r of [c.refreshToken!, rotated.refreshToken!, phone.refreshToken!]) {
      const res = await refresh(r);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('invalid_token');
    }
    for (const a of [rotated.accessToken, phone.accessToken]) expect((await me(a)).statusCode).toBe(401);
    // Only the new password opens a new session.
    const fresh = await t.login(c.user.email, 'after-reset-password-1');
    expect((await refresh(fresh.refreshToken!)).statusCode).toBe(200);
  });

  it('refuses a reset token for a disabled account, and a disabled account gets no mail', async () => {
    const staff = await t.createStaff('sales_staff');
    const token = await mailedToken(staff.email, '10.9.0.2');
    const disabled = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${staff.id}`,
      token: await t.adminToken(),
      payload: { status: 'disabled' },
    });
    expect(disabled.statusCode).toBe(200);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/reset-password',
      remoteAddress: '10.9.0.2',
      payload: { token, newPassword: 'revived-password-1' },
    });
    expect(res.statusCode).toBe(400);
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.9.0.2',
      payload: { email: staff.email, password: 'revived-password-1' },
    });
    expect(login.statusCode).toBe(401);
    const before = mails.length;
    await t.request({
      method: 'POST',
      url: '/api/v1/auth/forgot-password',
      remoteAddress: '10.9.0.2',
      payload: { email: staff.email },
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(mails.slice(before).filter((m) => m.to === staff.email)).toEqual([]);
  });
});

describe('brute force', () => {
  const attempt = (email: string, password: string, ip: string) =>
    t.request({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password } });

  it('stops a guesser spread over many addresses at the per-account limit, for known and unknown emails alike, and only for a while', async () => {
    const c = await t.registerCustomer();
    const ghost = `ghost-${Date.now()}@test.local`;
    // LOGIN_MAX_FAILURES_PER_ACCOUNT = 5 per address; ten times that (50) per account from anywhere.
    for (const [n, email] of [c.user.email, ghost].entries()) {
      const statuses: number[] = [];
      for (let i = 0; i < 50; i++) {
        // Two tries from each of 25 addresses: below the per-address (5) and per-IP (20) limits.
        const res = await attempt(email, `wrong-password-${i}`, `198.18.${n}.${Math.floor(i / 2) + 1}`);
        statuses.push(res.statusCode);
      }
      expect(new Set(statuses), email).toEqual(new Set([401]));
      const blocked = await attempt(email, 'yet-another-guess', `198.18.${n}.200`);
      expect(blocked.statusCode, email).toBe(429);
      expect(blocked.json().code).toBe('too_many_login_attempts');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    }
    // While the window lasts even the right password waits, from a clean address...
    const owner = await attempt(c.user.email, c.password, '192.0.2.77');
    expect(owner.statusCode).toBe(429);
    // ...and the known account's answer is the unknown one's: nothing tells them apart.
    const unknown = await attempt(ghost, 'whatever-password', '192.0.2.78');
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(owner.json()));
    // The window ends by itself: nobody can lock an account forever. (Moving the clock also
    // expires every access token so far: this block runs last.)
    t.advance(901_000);
    expect((await attempt(c.user.email, c.password, '192.0.2.77')).statusCode).toBe(200);
  });

  it('stops one address trying many accounts at the per-IP limit, without locking those accounts for others', async () => {
    const victims = await Promise.all([t.registerCustomer(), t.registerCustomer()]);
    const sprayer = '203.0.113.66';
    for (let i = 0; i < 20; i++) {
      const email = i < 2 ? victims[i]!.user.email : `spray-${i}-${Date.now()}@test.local`;
      expect((await attempt(email, 'Winter2026!!', sprayer)).statusCode).toBe(401);
    }
    const next = await attempt(`spray-next-${Date.now()}@test.local`, 'Winter2026!!', sprayer);
    expect(next.statusCode).toBe(429);
    expect(next.json().code).toBe('too_many_login_attempts');
    // The right password from that address waits too: it is the address that is throttled.
    expect((await attempt(victims[0]!.user.email, victims[0]!.password, sprayer)).statusCode).toBe(429);
    // The owners, elsewhere, are not.
    for (const v of victims) expect((await attempt(v.user.email, v.password, '192.0.2.99')).statusCode).toBe(200);
    t.advance(901_000);
  });

  it('caps reset-token guessing and logins per address (the production rate limits)', async () => {
    // A separate app with the production limits (the shared harness lifts them).
    const strict = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '10', LOGIN_MAX_FAILURES_PER_IP: '10000' });
    try {
      const ip = '198.51.100.23';
      const hits = async (url: string, payload: object, n: number) => {
        const statuses: number[] = [];
        for (let i = 0; i < n; i++)
          statuses.push((await strict.request({ method: 'POST', url, remoteAddress: ip, payload })).statusCode);
        return statuses;
      };
      // Guessing reset tokens: 10 per minute per address, then 429.
      const resets = await hits(
        '/api/v1/auth/reset-password',
        { token: 'A'.repeat(43), newPassword: 'guess-pass-1' },
        12,
      );
      expect(resets.slice(0, 10)).toEqual(Array(10).fill(400));
      expect(resets.slice(10)).toEqual([429, 429]);
      // Logins: 30 per minute per address whatever the accounts.
      const logins = await hits('/api/v1/auth/login', { email: ADMIN.email, password: 'not-the-password' }, 32);
      expect(logins.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
      expect(logins.slice(-1)).toEqual([429]);
      const rateLimited = await strict.request({
        method: 'POST',
        url: '/api/v1/auth/forgot-password',
        remoteAddress: ip,
        payload: { email: ADMIN.email },
      });
      // forgot-password has its own bucket: still answered.
      expect(rateLimited.statusCode).toBe(202);
      // Another address is not affected.
      const other = await strict.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '198.51.100.24',
        payload: { email: ADMIN.email, password: ADMIN.password },
      });
      expect(other.statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
