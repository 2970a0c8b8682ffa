import { CAPABILITIES, type Role } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';
import { CALLERS, EXPECTED_ACCESS } from './expected-access';

/**
 * The authorization matrix: every API route × every role (and anonymous) is checked, by a real
 * request, against the hand-written table in `expected-access.ts` (from the README's roles
 * table, reviewed by hand, not derived from the routes' declarations or the policy): the
 * guard's 401 without a token and 403 for a role the table leaves out, and past the guard for
 * every role it lists. A route the
 * table does not list fails (a new route needs a reviewed row), and so does a row for a route
 * that is gone. A route that declares no access does not even start (the guard throws), and
 * every documented operation must be in the matrix.
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

  it('lists every route in the hand-written table, and no route that is gone', () => {
    const live = routes().map(({ method, url }) => `${method} ${url}`);
    expect(
      live.filter((key) => !(key in EXPECTED_ACCESS)),
      'routes without a reviewed row',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED_ACCESS).filter((key) => !live.includes(key)),
      'rows for routes that do not exist',
    ).toEqual([]);
  });

  it('lets in exactly the roles the table lists, on every route', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { method, url } of routes()) {
      const allowed = EXPECTED_ACCESS[`${method} ${url}`];
      if (!allowed) continue; // reported by the test above
      for (const caller of CALLERS) {
        const token = caller === 'anonymous' ? undefined : tokens.get(caller);
        const res = await t.request({
          method: method as 'GET',
          url: concrete(url),
          token,
          ...(method === 'GET' ? {} : { payload: {} }),
        });
        checked++;
        const got = res.statusCode;
        const code = got === 401 || got === 403 ? res.json<{ code?: string }>().code : undefined;
        // The guard's refusals: 401 `unauthenticated` without a token, 403 `forbidden` for a role.
        // Past the guard a route may still answer 401 for its own reasons (a refresh without a
        // refresh token: `invalid_token`), or 400/404/409 for the empty body and unknown ids.
        const refused =
          caller === 'anonymous' ? got === 401 && code === 'unauthenticated' : got === 403 && code === 'forbidden';
        const ok = allowed.includes(caller) ? !refused && got !== 403 && got < 500 : refused;
        if (!ok)
          failures.push(
            `${caller} ${method} ${url}: expected ${allowed.includes(caller) ? 'allowed' : 'refused'}, got ${got} ${res.body.slice(0, 120)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(Object.keys(EXPECTED_ACCESS).length * CALLERS.length);
  });
});
