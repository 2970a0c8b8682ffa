import type { AuthResponse } from '@bodega/contract';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '5', LOGIN_LOCK_SECONDS: '900' });
});
afterAll(() => t.close());

const me = (token: string) => t.request({ method: 'GET', url: '/api/v1/auth/me', token });
const refresh = (refreshToken: string) =>
  t.request({
    method: 'POST',
    url: '/api/v1/auth/refresh',
    headers: { 'x-refresh-token-transport': 'body' },
    payload: { refreshToken },
  });

describe('registration', () => {
  it('creates a customer user linked to a new customer record', async () => {
    const auth = await t.registerCustomer({ name: 'María Pérez' });
    expect(auth.user).toMatchObject({ role: 'customer', status: 'active', name: 'María Pérez' });
    expect(auth.user.customerId).toEqual(expect.any(Number));
    const customer = await t.ctx.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', auth.user.customerId!)
      .executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ name: 'María Pérez', email: auth.user.email, active: 1, credit_limit_cents: 0 });
    expect(customer.code).toMatch(/^C-\d{6}$/);
    expect((await me(auth.accessToken)).json()).toEqual(auth.user);
  });

  it('rejects any attempt to choose a role or link', async () => {
    for (const extra of [{ role: 'admin' }, { role: 'customer' }, { status: 'active' }, { customerId: 1 }]) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email: 'sneaky@test.local', password: 'long-password-1', name: 'Sneaky', ...extra },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    const exists = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'sneaky@test.local')
      .executeTakeFirst();
    expect(exists).toBeUndefined();
  });

  it('treats emails case-insensitively and refuses a duplicate with 409', async () => {
    await t.registerCustomer({ email: 'Dup@Test.Local' });
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'dup@test.local', password: 'long-password-1', name: 'Again' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('email_taken');
  });

  it('refuses a short password and names the field', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'short@test.local', password: 'short', name: 'Short' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'body.password' })]);
  });
});

describe('login', () => {
  it('gives the same answer for an unknown email and a wrong password', async () => {
    const { user } = await t.registerCustomer();
    const wrong = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'wrong-password-x' },
    });
    const unknown = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody-here@test.local', password: 'wrong-password-x' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('invalid_credentials');
  });

  it('throttles repeated failures with 429, for known and unknown accounts alike, and lets the owner in later', async () => {
    const c = await t.registerCustomer();
    for (const email of [c.user.email, 'ghost@test.local']) {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: 'bad-password-x' },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(res.json().code).toBe('too_many_login_attempts');
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    }
    // Even the right password waits out the window...
    const blocked = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: c.user.email, password: c.password },
    });
    expect(blocked.statusCode).toBe(429);
    // ...and the window ends by itself: nobody can lock an account forever.
    t.advance(901_000);
    await expect(t.login(c.user.email, c.password)).resolves.toMatchObject({ user: { id: c.user.id } });
  });

  it('does not let a stranger on another address lock the owner out', async () => {
    const c = await t.registerCustomer();
    for (let i = 0; i < 6; i++) {
      await t.request({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '203.0.113.9',
        payload: { email: c.user.email, password: 'bad-password-x' },
      });
    }
    const owner = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '198.51.100.7',
      payload: { email: c.user.email, password: c.password },
    });
    expect(owner.statusCode).toBe(200);
  });

  it('sets the refresh token in an httpOnly SameSite=Strict cookie and keeps it out of the body by default', async () => {
    const c = await t.registerCustomer();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: c.user.email, password: c.password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().refreshToken).toBeUndefined();
    const cookie = res.cookies.find((k) => k.name === 'bodega_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    const rotated = await t.request({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies: { bodega_refresh: cookie!.value },
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().accessToken).toEqual(expect.any(String));
  });
});

describe('refresh tokens', () => {
  it('rotates: each refresh gives a new token and the new one works', async () => {
    const c = await t.registerCustomer();
    const first = await refresh(c.refreshToken!);
    expect(first.statusCode).toBe(200);
    const next = first.json<AuthResponse>();
    expect(next.refreshToken).not.toBe(c.refreshToken);
    expect((await me(next.accessToken)).statusCode).toBe(200);
    expect((await refresh(next.refreshToken!)).statusCode).toBe(200);
  });

  it('revokes the whole family when a rotated token is reused', async () => {
    const c = await t.registerCustomer();
    const stolen = c.refreshToken!;
    const owner = (await refresh(stolen)).json<AuthResponse>();
    const replay = await refresh(stolen);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('invalid_token');
    // The family is gone: the owner's newer tokens stop working too.
    expect((await refresh(owner.refreshToken!)).statusCode).toBe(401);
    expect((await me(owner.accessToken)).statusCode).toBe(401);
    // Another session of the same user is untouched.
    const other = await t.login(c.user.email, c.password);
    expect((await me(other.accessToken)).statusCode).toBe(200);
  });

  it('lets only one of two racing refreshes with the same token win, and then revokes the family', async () => {
    const c = await t.registerCustomer();
    const results = await Promise.all([refresh(c.refreshToken!), refresh(c.refreshToken!), refresh(c.refreshToken!)]);
    const winners = results.filter((r) => r.statusCode === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    for (const w of winners) expect((await me(w.json<AuthResponse>().accessToken)).statusCode).toBe(401);
  });

  it('refuses garbage, missing and expired refresh tokens', async () => {
    expect((await refresh('not-a-token-at-all')).statusCode).toBe(401);
    expect((await t.request({ method: 'POST', url: '/api/v1/auth/refresh' })).statusCode).toBe(401);
    const c = await t.registerCustomer();
    t.advance(31 * 86_400_000);
    expect((await refresh(c.refreshToken!)).statusCode).toBe(401);
  });
});

describe('access tokens', () => {
  const secret = new TextEncoder().encode('test-secret-test-secret-test-secret-0123');
  const forge = (alg: 'HS256', key: Uint8Array, claims: Record<string, unknown>, exp = '15m') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg })
      .setIssuer('bodega')
      .setAudience('bodega-api')
      .setSubject('1')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);

  it('refuses missing, malformed, unsigned, foreign-signed and expired tokens', async () => {
    const admin = await t.login('admin@test.local', 'admin-password-1');
    const sid = JSON.parse(Buffer.from(admin.accessToken.split('.')[1]!, 'base64url').toString()).sid;
    const header = (h: object) => Buffer.from(JSON.stringify(h)).toString('base64url');
    const none = `${header({ alg: 'none', typ: 'JWT' })}.${header({ sub: '1', sid, iss: 'bodega', aud: 'bodega-api', exp: 9999999999 })}.`;
    const foreign = await forge('HS256', new TextEncoder().encode('another-secret-another-secret-another-1'), { sid });
    const parts = admin.accessToken.split('.');
    const tampered = `${parts[0]}.${header({ sub: '2', sid, iss: 'bodega', aud: 'bodega-api', exp: 9999999999 })}.${parts[2]}`;
    const cases: [string | undefined, string][] = [
      [undefined, 'unauthenticated'],
      ['garbage', 'unauthenticated'],
      [none, 'invalid_token'],
      [foreign, 'invalid_token'],
      [tampered, 'invalid_token'],
    ];
    for (const [token, code] of cases) {
      const res = await t.request({ method: 'GET', url: '/api/v1/users', token });
      expect(res.statusCode, String(token)).toBe(401);
      expect(res.json().code).toBe(code);
    }
    // A correctly signed token whose session does not exist is refused too.
    const orphan = await forge('HS256', secret, { sid: 999_999 });
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', token: orphan })).statusCode).toBe(401);
    // And a real one stops working after 15 minutes.
    t.advance(16 * 60_000);
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', token: admin.accessToken })).statusCode).toBe(401);
  });
});

describe('sessions end at once', () => {
  it('logout ends the access token and the refresh token', async () => {
    const c = await t.registerCustomer();
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', token: c.accessToken });
    expect(out.statusCode).toBe(200);
    expect((await me(c.accessToken)).statusCode).toBe(401);
    expect((await refresh(c.refreshToken!)).statusCode).toBe(401);
  });

  it('a disabled user is refused on the very next request, and cannot sign in or refresh', async () => {
    const staff = await t.createStaff('sales_staff');
    const session = await t.login(staff.email, staff.password);
    expect((await me(staff.token)).statusCode).toBe(200);
    const res = await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${staff.id}`,
      token: await t.adminToken(),
      payload: { status: 'disabled' },
    });
    expect(res.statusCode).toBe(200);
    expect((await me(staff.token)).statusCode).toBe(401);
    expect((await refresh(session.refreshToken!)).statusCode).toBe(401);
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: staff.email, password: staff.password },
    });
    expect(login.statusCode).toBe(401);
    expect(login.json().code).toBe('invalid_credentials');
    // Enabled again, they sign in afresh; the old token stays dead.
    await t.request({
      method: 'PATCH',
      url: `/api/v1/users/${staff.id}`,
      token: await t.adminToken(),
      payload: { status: 'active' },
    });
    expect((await me(staff.token)).statusCode).toBe(401);
    await expect(t.login(staff.email, staff.password)).resolves.toBeTruthy();
  });

  it('changing the password ends every other session and returns a fresh one', async () => {
    const c = await t.registerCustomer();
    const phone = await t.login(c.user.email, c.password);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      token: c.accessToken,
      headers: { 'x-refresh-token-transport': 'body' },
      payload: { currentPassword: c.password, newPassword: 'brand-new-password-2' },
    });
    expect(res.statusCode).toBe(200);
    const fresh = res.json<AuthResponse>();
    expect((await me(c.accessToken)).statusCode).toBe(401);
    expect((await me(phone.accessToken)).statusCode).toBe(401);
    expect((await refresh(phone.refreshToken!)).statusCode).toBe(401);
    expect((await me(fresh.accessToken)).statusCode).toBe(200);
    await expect(t.login(c.user.email, 'brand-new-password-2')).resolves.toBeTruthy();
  });

  it('refuses a password change with the wrong current password', async () => {
    const c = await t.registerCustomer();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      token: c.accessToken,
      payload: { currentPassword: 'not-my-password', newPassword: 'brand-new-password-2' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('current_password_incorrect');
    expect((await me(c.accessToken)).statusCode).toBe(200);
  });
});

describe('own profile', () => {
  it('changes the name, and the email only with the current password', async () => {
    const c = await t.registerCustomer();
    const renamed = await t.request({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      token: c.accessToken,
      payload: { name: 'Ana María' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Ana María', role: 'customer' });
    const noPassword = await t.request({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      token: c.accessToken,
      payload: { email: 'new@test.local' },
    });
    expect(noPassword.statusCode).toBe(400);
    const wrong = await t.request({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      token: c.accessToken,
      payload: { email: 'new@test.local', currentPassword: 'wrong-password' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('current_password_incorrect');
    const ok = await t.request({
      method: 'PATCH',
      url: '/api/v1/auth/me',
      token: c.accessToken,
      payload: { email: 'New@Test.local', currentPassword: c.password },
    });
    expect(ok.json()).toMatchObject({ email: 'new@test.local' });
  });

  it('cannot be used to become staff', async () => {
    const c = await t.registerCustomer();
    for (const payload of [{ role: 'admin' }, { status: 'active', role: 'sales_staff' }, { customerId: null }]) {
      const res = await t.request({ method: 'PATCH', url: '/api/v1/auth/me', token: c.accessToken, payload });
      expect(res.statusCode).toBe(400);
    }
    expect((await me(c.accessToken)).json().role).toBe('customer');
  });
});
