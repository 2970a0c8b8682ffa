import type { AuthResponse } from '@bodega/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOpaqueToken } from '../../platform/auth/tokens';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const WEAK = ['aaaaaaaaaa', 'password12', '1234567890', 'qwertyuiop'];
const STRONG = 'velvet kayak orbits lantern';

/** What the forms get back for a refused password: 400, the field's path and a stable message code. */
function expectTooWeak(res: { statusCode: number; json(): unknown }, field: string) {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { code: string; errors: { path: string; message: string }[]; passwordFeedback: unknown };
  expect(body.code).toBe('validation_failed');
  expect(body.errors).toEqual([{ path: `body.${field}`, message: 'password_too_weak' }]);
  expect(body.passwordFeedback).toEqual({ warning: expect.any(String), suggestions: expect.any(Array) });
}

async function resetToken(userId: number): Promise<string> {
  const { token, hash } = newOpaqueToken();
  const now = t.ctx.now();
  await t.ctx.db
    .insertInto('password_reset_tokens')
    .values({
      user_id: userId,
      token_hash: hash,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 30 * 60_000).toISOString(),
    })
    .execute();
  return token;
}

const loginStatus = async (email: string, password: string) =>
  (await t.request({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } })).statusCode;

describe('password strength', () => {
  it('refuses common and trivially weak passwords on registration, and creates no account', async () => {
    for (const [i, password] of WEAK.entries()) {
      const email = `weak-register-${i}@test.local`;
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email, name: 'Rosa Díaz', password },
      });
      expectTooWeak(res, 'password');
      const row = await t.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      expect(row, password).toBeUndefined();
    }
    const ok = await t.registerCustomer({ email: 'strong-register@test.local', password: STRONG });
    expect((await t.login('strong-register@test.local', STRONG)).user.id).toBe(ok.user.id);
  });

  it("refuses a password built on the account's own email or name", async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'marisol.quintana@test.local', name: 'Marisol Quintana', password: 'marisolquintana' },
    });
    expectTooWeak(res, 'password');
  });

  it('refuses them when an admin creates a staff account', async () => {
    const admin = await t.adminToken();
    for (const [i, password] of WEAK.entries()) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        token: admin,
        payload: { email: `weak-staff-${i}@test.local`, name: 'Staff', role: 'sales_staff', password },
      });
      expectTooWeak(res, 'password');
    }
    const ok = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      payload: { email: 'strong-staff@test.local', name: 'Staff', role: 'sales_staff', password: STRONG },
    });
    expect(ok.statusCode).toBe(201);
    expect(await loginStatus('strong-staff@test.local', STRONG)).toBe(200);
  });

  it('refuses them on change-password and keeps the old password and session', async () => {
    const c = await t.registerCustomer();
    for (const newPassword of WEAK) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/auth/change-password',
        token: c.accessToken,
        payload: { currentPassword: c.password, newPassword },
      });
      expectTooWeak(res, 'newPassword');
      expect(await loginStatus(c.user.email, newPassword)).toBe(401);
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/auth/me', token: c.accessToken })).statusCode).toBe(200);
    const changed = await t.request({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      token: c.accessToken,
      payload: { currentPassword: c.password, newPassword: STRONG },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<AuthResponse>().user.id).toBe(c.user.id);
    expect(await loginStatus(c.user.email, STRONG)).toBe(200);
  });

  it('refuses them on reset-password without spending the link, which then takes a strong one', async () => {
    const c = await t.registerCustomer();
    const token = await resetToken(c.user.id);
    for (const newPassword of WEAK) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/auth/reset-password',
        payload: { token, newPassword },
      });
      expectTooWeak(res, 'newPassword');
      expect(await loginStatus(c.user.email, newPassword)).toBe(401);
    }
    expect(await loginStatus(c.user.email, c.password)).toBe(200);
    const done = await t.request({
      method: 'POST',
      url: '/api/v1/auth/reset-password',
      payload: { token, newPassword: STRONG },
    });
    expect(done.statusCode).toBe(200);
    expect(await loginStatus(c.user.email, STRONG)).toBe(200);
    expect(await loginStatus(c.user.email, c.password)).toBe(401);
  });

  it('answers a bad reset token as before, whatever the password', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/reset-password',
      payload: { token: 'A'.repeat(43), newPassword: 'aaaaaaaaaa' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_reset_token');
  });

  it('judges the longest allowed passwords too (the estimate reads their first 64 characters)', async () => {
    const cases: [string, number][] = [
      ['a'.repeat(200), 400],
      ['a'.repeat(64) + STRONG, 400],
      [STRONG.repeat(7), 201],
    ];
    for (const [i, [password, status]] of cases.entries()) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { email: `long-${i}@test.local`, name: 'Long', password },
      });
      expect(res.statusCode, password).toBe(status);
    }
  });
});
