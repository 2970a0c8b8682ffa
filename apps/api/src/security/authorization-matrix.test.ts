import { CAPABILITIES, can, ROLES, type Role } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';

/**
 * The authorization matrix, generated from the routes themselves: every API route × every
 * role (and anonymous) gets what the policy (packages/domain/src/policy.ts) says — 401 without
 * a token, 403 for a role without the capability, and past the guard otherwise. A route that
 * declares no access does not even start (the guard throws), and every documented operation
 * must be in the matrix.
 */
let t: TestApp;
const tokens = new Map<Role, string>();

beforeAll(async () => {
  t = await createTestApp();
  tokens.set('admin', await t.adminToken());
  tokens.set('warehouse_manager', (await t.createStaff('warehouse_manager')).token);
  tokens.set('sales_staff', (await t.createStaff('sales_staff')).token);
  tokens.set('customer', (await t.registerCustomer()).accessToken);
});
afterAll(() => t?.close());

/** Every route, with the session-ending one last so it cannot spoil the others. */
function routes() {
  return [...t.app.routeAccess.entries()]
    .filter(([key]) => !key.startsWith('HEAD '))
    .map(([key, access]) => {
      const [method, url] = key.split(' ') as [string, string];
      return { method, url, access };
    })
    .sort(
      (a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')) || a.url.localeCompare(b.url),
    );
}

const concrete = (url: string) =>
  url.replace(/:(\w+)/g, (_, name: string) => (/id$/i.test(name) ? '999999' : 'NOPE-1'));

describe('authorization matrix', () => {
  it('declares a known access on every route, and documents every route', async () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(40);
    for (const { access, method, url } of all) {
      expect(['public', 'authenticated', ...CAPABILITIES], `${method} ${url}`).toContain(access);
    }
    const doc = (await t.request({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const documented = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    for (const key of documented.filter((k) => k.includes('/api/v1/') && !k.startsWith('HEAD'))) {
      expect(t.app.routeAccess.has(key), key).toBe(true);
    }
  });

  it('gives every role exactly what the policy says, on every route', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { method, url, access } of routes()) {
      for (const role of [null, ...ROLES] as const) {
        const token = role ? tokens.get(role) : undefined;
        const res = await t.request({
          method: method as 'GET',
          url: concrete(url),
          token,
          ...(method === 'GET' ? {} : { payload: {} }),
        });
        checked++;
        const allowed = access === 'public' || (role !== null && (access === 'authenticated' || can(role, access)));
        const got = res.statusCode;
        // Past the guard a route may still answer 401 for its own reasons (a refresh without a
        // refresh token), but never 403 to a role the policy lets in.
        const ok =
          access === 'public'
            ? got !== 403 && got < 500
            : !role
              ? got === 401
              : allowed
                ? got !== 401 && got !== 403 && got < 500
                : got === 403;
        if (!ok)
          failures.push(`${role ?? 'anonymous'} ${method} ${url} (${access}) → ${got} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });
});
