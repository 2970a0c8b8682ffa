import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const patchUser = async (id: number, payload: object, token?: string) =>
  t.request({ method: 'PATCH', url: `/api/v1/users/${id}`, token: token ?? (await t.adminToken()), payload });

describe('first admin', () => {
  it('is created on first start and can sign in', async () => {
    const auth = await t.login(ADMIN.email, ADMIN.password);
    expect(auth.user).toMatchObject({ email: ADMIN.email, role: 'admin', status: 'active', customerId: null });
  });
});

describe('user management', () => {
  it('lets an admin create staff of each role, and each can sign in with that role', async () => {
    for (const role of ['admin', 'warehouse_manager', 'sales_staff'] as const) {
      const staff = await t.createStaff(role);
      const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: staff.token });
      expect(me.json()).toMatchObject({ role, status: 'active', customerId: null });
    }
  });

  it('refuses to create a customer through the staff endpoint', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: await t.adminToken(),
      payload: { email: 'c@test.local', name: 'C', role: 'customer', password: 'long-password-1' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('answers 403 to every non-admin role and 401 to anonymous callers', async () => {
    const customer = await t.registerCustomer();
    const wm = await t.createStaff('warehouse_manager');
    const sales = await t.createStaff('sales_staff');
    const target = (await t.createStaff('sales_staff')).id;
    for (const token of [customer.accessToken, wm.token, sales.token, undefined]) {
      const expected = token ? 403 : 401;
      const calls = [
        await t.request({ method: 'GET', url: '/api/v1/users', token }),
        await t.request({ method: 'GET', url: `/api/v1/users/${target}`, token }),
        await t.request({
          method: 'POST',
          url: '/api/v1/users',
          token,
          payload: { email: 'x@test.local', name: 'X', role: 'admin', password: 'long-password-1' },
        }),
        await t.request({ method: 'PATCH', url: `/api/v1/users/${target}`, token, payload: { role: 'admin' } }),
        await t.request({ method: 'GET', url: '/api/v1/audit-log', token }),
        await t.request({ method: 'GET', url: '/api/v1/settings', token }),
      ];
      for (const res of calls) expect(res.statusCode).toBe(expected);
    }
    const x = await t.ctx.db.selectFrom('users').select('id').where('email', '=', 'x@test.local').executeTakeFirst();
    expect(x).toBeUndefined();
  });

  it('never turns a customer account into staff, by any request', async () => {
    const c = await t.registerCustomer();
    // The customer promoting themselves.
    expect((await patchUser(c.user.id, { role: 'admin' }, c.accessToken)).statusCode).toBe(403);
    // Even an admin cannot: the account is tied to a customer record.
    const res = await patchUser(c.user.id, { role: 'sales_staff' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('role_change_not_allowed');
    const me = await t.request({ method: 'GET', url: '/api/v1/auth/me', token: c.accessToken });
    expect(me.json().role).toBe('customer');
  });

  it('changes a staff role, which applies on the next request without signing in again', async () => {
    const staff = await t.createStaff('sales_staff');
    expect((await t.request({ method: 'GET', url: '/api/v1/users', token: staff.token })).statusCode).toBe(403);
    const res = await patchUser(staff.id, { role: 'admin' });
    expect(res.json()).toMatchObject({ id: staff.id, role: 'admin' });
    expect((await t.request({ method: 'GET', url: '/api/v1/users', token: staff.token })).statusCode).toBe(200);
  });

  it('keeps at least one active admin', async () => {
    const own = await t.login(ADMIN.email, ADMIN.password);
    const admins = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .execute();
    // Demote every other admin first, then try the last one.
    for (const a of admins.filter((a) => a.id !== own.user.id)) {
      expect((await patchUser(a.id, { role: 'warehouse_manager' })).statusCode).toBe(200);
    }
    for (const payload of [{ status: 'disabled' }, { role: 'sales_staff' }]) {
      const res = await patchUser(own.user.id, payload);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('last_admin');
    }
  });

  it('keeps an admin even when two admins demote each other at the same moment', async () => {
    const a = await t.createStaff('admin');
    const b = await t.createStaff('admin');
    const own = await t.login(ADMIN.email, ADMIN.password);
    expect((await patchUser(own.user.id, { role: 'warehouse_manager' }, a.token)).statusCode).toBe(200);
    const [ra, rb] = await Promise.all([
      patchUser(b.id, { status: 'disabled' }, a.token),
      patchUser(a.id, { status: 'disabled' }, b.token),
    ]);
    const statuses = [ra.statusCode, rb.statusCode].sort();
    // One wins; the other is refused (409 last_admin, or 401 because its caller was just disabled).
    expect(statuses[0]).toBe(200);
    expect([401, 409]).toContain(statuses[1]);
    const active = await t.ctx.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .execute();
    expect(active.length).toBe(1);
    // Put things back for the other tests.
    const survivor = active[0]!.id === a.id ? a : b;
    await patchUser(own.user.id, { role: 'admin' }, survivor.token);
  });

  it('answers 404 for an unknown user and 409 for a taken email', async () => {
    expect((await patchUser(999_999, { status: 'disabled' })).statusCode).toBe(404);
    expect(
      (await t.request({ method: 'GET', url: '/api/v1/users/999999', token: await t.adminToken() })).statusCode,
    ).toBe(404);
    const dup = await t.request({
      method: 'POST',
      url: '/api/v1/users',
      token: await t.adminToken(),
      payload: { email: ADMIN.email.toUpperCase(), name: 'Dup', role: 'sales_staff', password: 'long-password-1' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('email_taken');
  });

  it('lists users with filters and keyset pagination that visits each user once', async () => {
    for (let i = 0; i < 5; i++) await t.createStaff('warehouse_manager');
    const token = await t.adminToken();
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/users?role=warehouse_manager&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request({ method: 'GET', url, token })).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const u of page.items) expect(u.role).toBe('warehouse_manager');
      seen.push(...page.items.map((u: { id: number }) => u.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    const total = await t.ctx.db.selectFrom('users').select('id').where('role', '=', 'warehouse_manager').execute();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort((a, b) => a - b)).toEqual(total.map((u) => u.id).sort((a, b) => a - b));
    const search = (
      await t.request({ method: 'GET', url: `/api/v1/users?q=${encodeURIComponent('ADMIN@TEST')}`, token })
    ).json();
    expect(search.items.map((u: { email: string }) => u.email)).toContain(ADMIN.email);
    const wild = (await t.request({ method: 'GET', url: `/api/v1/users?q=${encodeURIComponent('%')}`, token })).json();
    expect(wild.items).toEqual([]);
  });
});

describe('audit trail of user management', () => {
  it('records who changed whom, before and after, without password hashes', async () => {
    const staff = await t.createStaff('sales_staff');
    await patchUser(staff.id, { role: 'warehouse_manager' });
    const admin = await t.login(ADMIN.email, ADMIN.password);
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/audit-log?entity=user&entityId=${staff.id}`,
      token: admin.accessToken,
    });
    expect(res.statusCode).toBe(200);
    const entries = res.json().items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['user.updated', 'user.created']);
    expect(entries[0]).toMatchObject({
      actorId: admin.user.id,
      before: { role: 'sales_staff' },
      after: { role: 'warehouse_manager' },
      requestId: expect.any(String),
    });
    expect(res.body).not.toContain('$argon2');
    expect(res.body).not.toContain('password_hash');
  });

  it('filters by actor, action and date, and pages newest first', async () => {
    const token = await t.adminToken();
    const adminId = (await t.login(ADMIN.email, ADMIN.password)).user.id;
    const all = (
      await t.request({
        method: 'GET',
        url: `/api/v1/audit-log?actorId=${adminId}&action=user.created&limit=200`,
        token,
      })
    ).json();
    expect(all.items.length).toBeGreaterThan(3);
    for (const e of all.items) expect(e).toMatchObject({ actorId: adminId, action: 'user.created' });
    const ids = all.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    const first = (
      await t.request({ method: 'GET', url: `/api/v1/audit-log?action=user.created&limit=2`, token })
    ).json();
    const second = (
      await t.request({
        method: 'GET',
        url: `/api/v1/audit-log?action=user.created&limit=2&cursor=${first.nextCursor}`,
        token,
      })
    ).json();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    const future = new Date(Date.now() + 86_400_000 * 365).toISOString();
    const none = (
      await t.request({ method: 'GET', url: `/api/v1/audit-log?from=${encodeURIComponent(future)}`, token })
    ).json();
    expect(none.items).toEqual([]);
  });
});

describe('settings', () => {
  it('has defaults, accepts a valid change, audits it, and refuses an unknown time zone', async () => {
    const token = await t.adminToken();
    expect((await t.request({ method: 'GET', url: '/api/v1/settings', token })).json()).toMatchObject({
      timeZone: 'UTC',
    });
    const ok = await t.request({
      method: 'PATCH',
      url: '/api/v1/settings',
      token,
      payload: { businessName: 'Ferretería Don José', timeZone: 'America/Mexico_City' },
    });
    expect(ok.json()).toMatchObject({ businessName: 'Ferretería Don José', timeZone: 'America/Mexico_City' });
    const bad = await t.request({
      method: 'PATCH',
      url: '/api/v1/settings',
      token,
      payload: { timeZone: 'Mars/Olympus' },
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await t.request({ method: 'PATCH', url: '/api/v1/settings', token, payload: { debug: true } });
    expect(unknown.statusCode).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/v1/settings', token })).json().timeZone).toBe(
      'America/Mexico_City',
    );
    const audit = (await t.request({ method: 'GET', url: '/api/v1/audit-log?entity=settings', token })).json();
    expect(audit.items[0]).toMatchObject({
      action: 'settings.updated',
      before: { timeZone: 'UTC' },
      after: { timeZone: 'America/Mexico_City' },
    });
  });
});

describe('first start on several servers', () => {
  it('creates exactly one admin when servers bootstrap at the same moment', async () => {
    const { bootstrapAdmin } = await import('./bootstrap-admin');
    const fresh = {
      ...t.ctx,
      config: {
        ...t.ctx.config,
        admin: { email: 'second-admin@test.local', password: 'another-password-1', name: 'B' },
      },
    };
    // As on a new database: no admin yet, and three servers bootstrapping the same ADMIN_EMAIL.
    await t.ctx.db.updateTable('users').set({ role: 'sales_staff' }).where('role', '=', 'admin').execute();
    try {
      const results = await Promise.all([bootstrapAdmin(fresh), bootstrapAdmin(fresh), bootstrapAdmin(fresh)]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const admins = await t.ctx.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'second-admin@test.local')
        .execute();
      expect(admins).toHaveLength(1);
    } finally {
      await t.ctx.db.updateTable('users').set({ role: 'admin' }).where('email', '=', ADMIN.email).execute();
    }
  });
});
