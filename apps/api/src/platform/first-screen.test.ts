import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';
import { LANGUAGE_COOKIE, PAGE_COOKIE, pageCookieValue, pageLanguage } from './first-screen';

/**
 * The API's side of the phone's server-drawn first screen (platform/first-screen.ts): who gets it,
 * what it reads and how the page carries it. The renderer here is a stand-in with the real one's
 * exports, which writes out what it was given: the React renderer itself (apps/mobile's
 * entry-server.tsx) is drawn and hydrated in a browser by e2e/mobile-customer.test.ts.
 */
const dir = mkdtempSync(join(tmpdir(), 'bodega-first-screen-'));
const dist = join(dir, 'dist');
mkdirSync(dist);
mkdirSync(join(dir, 'dist-server'));
mkdirSync(join(dist, 'assets'));
const STYLESHEET = '<link rel="stylesheet" crossorigin href="/assets/index-t3st.css">';
writeFileSync(join(dist, 'assets', 'index-t3st.css'), '.card{border:1px solid}');
writeFileSync(
  join(dist, 'index.html'),
  `<!doctype html><html lang="en" data-mantine-color-scheme="light"><head>${STYLESHEET}</head><body><div id="root"></div></body></html>`,
);
writeFileSync(
  join(dir, 'dist-server', 'entry-server.js'),
  `export const FIRST_SCREEN_PATH = '/catalog';
export const FIRST_SCREEN_ELEMENT = 'bodega-first-screen';
export const FIRST_SCREEN_READS = { products: '/api/v1/products?limit=20', categories: '/api/v1/categories', customer: '/api/v1/customers/me' };
export function renderFirstScreen({ user, language, answers }) {
  if (answers.products.items.some((p) => p.name === 'renderer fails')) throw new Error('renderer failed');
  return { html: '<p id="drawn">' + language + ' ' + answers.products.items.length + '</p>', state: { user, language, answers } };
}
`,
);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { serveApps: true, appRoots: { admin: null, mobile: dist } });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

type Cookie = { name: string; value: string; path?: string; httpOnly?: boolean; sameSite?: string; maxAge?: number };
const pageCookieOf = (res: { cookies: Cookie[] }) => res.cookies.find((c) => c.name === PAGE_COOKIE);

let seq = 0;
async function customer() {
  const email = `page-${++seq}@test.local`;
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email, name: 'Ana', password: 'customer-password-1' },
  });
  expect(res.statusCode).toBe(201);
  return { email, token: res.json<{ accessToken: string }>().accessToken, cookie: pageCookieOf(res)! };
}

const catalog = (cookie: string | undefined, headers: Record<string, string> = {}, url = '/catalog') =>
  t.request({ method: 'GET', url, headers, ...(cookie ? { cookies: { [PAGE_COOKIE]: cookie } } : {}) });

/** The state a drawn page carries, parsed as the app parses it. */
function carried(body: string): { user: { email: string }; language: string; answers: Record<string, unknown> } {
  const json = /<script type="application\/json" id="bodega-first-screen">([\s\S]*?)<\/script>/.exec(body)?.[1];
  expect(json).toBeDefined();
  return JSON.parse(json!);
}

describe('the page cookie', () => {
  it('is given to a customer at registration, sign-in and refresh, for the whole site, httpOnly and strict', async () => {
    const { cookie, email } = await customer();
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Strict' });
    expect(cookie.maxAge).toBeGreaterThan(86_400);
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'customer-password-1' },
    });
    const signedIn = pageCookieOf(login);
    expect(signedIn).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Strict' });
    // Another session, another cookie; a refresh keeps the session and so the cookie.
    expect(signedIn!.value).not.toBe(cookie.value);
    const refresh = await t.request({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: {},
      cookies: { bodega_refresh: login.cookies.find((c) => c.name === 'bodega_refresh')!.value },
    });
    expect(refresh.statusCode).toBe(200);
    expect(pageCookieOf(refresh)?.value).toBe(signedIn!.value);
  });

  it('is not given to staff, and a staff sign-in on a customer’s browser takes the customer’s away', async () => {
    const staff = await t.createStaff('warehouse_manager');
    const { cookie } = await customer();
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: staff.email, password: staff.password },
      cookies: { [PAGE_COOKIE]: cookie.value },
    });
    expect(res.statusCode).toBe(200);
    expect(pageCookieOf(res)).toMatchObject({ value: '', path: '/' });
  });

  it('is no credential for the API', async () => {
    const { cookie } = await customer();
    const res = await t.request({ method: 'GET', url: '/api/v1/auth/me', cookies: { [PAGE_COOKIE]: cookie.value } });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /catalog with the page cookie', () => {
  it('answers the page with the catalog drawn from what the customer may read, in their language', async () => {
    await t.insertProduct({ name: 'Yerba mate 1 kg', priceCents: 4550, costCents: 3000 });
    const { cookie } = await customer();
    const res = await catalog(cookie.value, { 'accept-language': 'es-AR,es;q=0.9,en;q=0.8' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['vary']).toMatch(/Cookie/);
    // The phone's service worker keeps a page that says it was drawn, and only such a page.
    expect(res.headers['x-bodega-page']).toBe('drawn');
    expect(res.body).toContain('<html lang="es" data-mantine-color-scheme="light">');
    const state = carried(res.body);
    expect(state.language).toBe('es');
    expect(state.user.email).toMatch(/^page-/);
    const products = state.answers['products'] as { items: Record<string, unknown>[] };
    const yerba = products.items.find((p) => p['name'] === 'Yerba mate 1 kg');
    expect(yerba).toMatchObject({ priceCents: 4550 });
    // The customer's answer, not staff's: never a cost.
    expect(Object.keys(yerba!).some((k) => /cost/i.test(k))).toBe(false);
    expect(state.answers['customer']).toMatchObject({ name: 'Ana', currency: expect.any(String) });
    expect(res.body).toContain(`<div id="root"><p id="drawn">es ${products.items.length}</p></div>`);
    // Painted as soon as it arrives: its styles come inline, not a round trip later.
    expect(res.body).toContain('<style>.card{border:1px solid}</style>');
    expect(res.body).not.toContain(STYLESHEET);
  });

  it('keeps the state inert whatever the products are called', async () => {
    const name = "</script><script>alert(1)</script><!-- $& $' $` $$";
    await t.insertProduct({ name });
    const { cookie } = await customer();
    const res = await catalog(cookie.value);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).not.toContain('<!--');
    const products = carried(res.body).answers['products'] as { items: { name: string }[] };
    expect(products.items.map((p) => p.name)).toContain(name);
  });

  it('is compressed for browsers that accept it', async () => {
    const { cookie } = await customer();
    const res = await t.app.inject({
      method: 'GET',
      url: '/catalog',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
      cookies: { [PAGE_COOKIE]: cookie.value },
    });
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.rawPayload).toString()).toContain('id="bodega-first-screen"');
  });

  it('answers the plain page without the cookie, with a forged or altered one, and on other paths', async () => {
    const { cookie } = await customer();
    const [sessionId, mac] = cookie.value.split('.') as [string, string];
    const forged = `${Number(sessionId) + 1}.${mac}`;
    const altered = `${sessionId}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    for (const value of [undefined, forged, altered, 'x', `${sessionId}`, `${cookie.value}.1`]) {
      const res = await catalog(value);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['x-bodega-page']).toBeUndefined();
      expect(res.body).toContain('<div id="root"></div>');
      expect(res.body).not.toContain('bodega-first-screen');
      expect(res.body).toContain(STYLESHEET);
    }
    const orders = await catalog(cookie.value, {}, '/orders');
    expect(orders.body).toContain('<div id="root"></div>');
  });

  it('answers the plain page once the session has ended, and sign-out clears the cookie', async () => {
    const { token, cookie } = await customer();
    expect(carried((await catalog(cookie.value)).body).user.email).toMatch(/^page-/);
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/logout', token });
    expect(out.statusCode).toBe(200);
    const cleared = pageCookieOf(out);
    expect(cleared).toMatchObject({ value: '', path: '/' });
    const after = await catalog(cookie.value);
    expect(after.body).toContain('<div id="root"></div>');
  });

  it('answers the plain page for a signed cookie of a staff session', async () => {
    const staff = await t.createStaff('admin');
    const claims = await t.ctx.tokens.verify(staff.token);
    const res = await catalog(pageCookieValue(t.ctx, claims!.sessionId));
    expect(res.body).toContain('<div id="root"></div>');
  });

  it('answers the plain page, never an error, when the renderer fails', async () => {
    const id = await t.insertProduct({ name: 'renderer fails' });
    const { cookie } = await customer();
    const res = await catalog(cookie.value);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root"></div>');
    await t.ctx.db.updateTable('products').set({ active: 0 }).where('id', '=', id).execute();
  });
});

describe('the page language', () => {
  it('is the browser’s first of Spanish and English, else English', () => {
    expect(pageLanguage('es-ES,es;q=0.9')).toBe('es');
    expect(pageLanguage('fr-FR,en-US;q=0.8,es;q=0.5')).toBe('en');
    expect(pageLanguage('de-DE')).toBe('en');
    expect(pageLanguage(undefined)).toBe('en');
  });

  it('is the one the app chose on this browser, whatever the browser prefers', async () => {
    expect(pageLanguage('en-US,en;q=0.9', 'es')).toBe('es');
    expect(pageLanguage('es-ES', 'en')).toBe('en');
    expect(pageLanguage('es-ES', 'fr')).toBe('es');
    const { cookie } = await customer();
    const res = await t.request({
      method: 'GET',
      url: '/catalog',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      cookies: { [PAGE_COOKIE]: cookie.value, [LANGUAGE_COOKIE]: 'es' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="es"');
    expect(carried(res.body).language).toBe('es');
  });
});
