/**
 * The phone app (apps/mobile, a PWA) for a customer, in headless Chromium with a phone's viewport,
 * against a real API (SQLite) serving it at /: registration, the catalog, an order whose status
 * follows the store's moves live, the offline order queue (two orders queued offline, one of
 * which the server refuses: exactly one new order, the refusal shown with its reason, nothing
 * sent twice on reload), and installability (manifest, icons, service worker, offline shell).
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, type WatchedPage } from './support/browser';
import { serve, type Served } from './support/server';

const COFFEE = 'Café de Olla 500 g';
const MOLE = 'Mole Poblano 250 g';
const PASSWORD = 'Tortillas de maíz para el almuerzo';

let t: Served;
let base: string;
let browser: Browser;
let page: WatchedPage;
let context: BrowserContext;
let admin: string;
const email = `ana-${Date.now().toString(36)}@test.local`;
let customerToken: string;
const posted: Request[] = [];
/** The scanner's decoder: warehouse staff's phones fetch it, a customer's never. */
const wasm: string[] = [];

beforeAll(async () => {
  t = await serve();
  base = t.base;
  admin = await t.adminToken();
  const call = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await t.request({ method, url, token: admin, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<{ id: number }>();
  };
  await call('PATCH', '/api/v1/settings', { maxPendingOrdersPerCustomer: 50 });
  const drinks = await call('POST', '/api/v1/categories', { name: 'Despensa' });
  const coffee = await call('POST', '/api/v1/products', {
    sku: 'CAFE-500',
    name: COFFEE,
    priceCents: 18_00,
    categoryId: drinks.id,
  });
  const mole = await call('POST', '/api/v1/products', { sku: 'MOLE-250', name: MOLE, priceCents: 9_50 });
  await call('POST', '/api/v1/stock/receipts', {
    lines: [
      { productId: coffee.id, quantity: 50, unitCostCents: 900 },
      { productId: mole.id, quantity: 2, unitCostCents: 400 },
    ],
  });
  browser = await launchChromium();
  page = await newPage(browser, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'en-US',
  });
  context = page.context();
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/orders') posted.push(r);
    if (r.url().endsWith('.wasm')) wasm.push(r.url());
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** The customer's orders, read through the API. */
async function ordersOfCustomer(): Promise<{ id: number; status: string }[]> {
  const res = await t.request({ method: 'GET', url: '/api/v1/orders?limit=200', token: customerToken });
  expect(res.statusCode).toBe(200);
  return res.json<{ items: { id: number; status: string }[] }>().items;
}

/** Catches the first product card as the page's HTML brings it, before any script of the app runs. */
async function catchDrawnCard(p: Page) {
  await p.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const card = document.querySelector('[data-testid="product"]');
      if (!card) return;
      (window as unknown as { drawn: Element }).drawn = card;
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
}

/** Once the app is usable: whether that card is still on screen (hydrated, not drawn again). */
async function drawnCardHydrated(p: Page) {
  await expect.poll(() => p.evaluate(() => performance.getEntriesByName('bodega:interactive').length)).toBe(1);
  return p.evaluate(() => (window as unknown as { drawn?: Element }).drawn?.isConnected);
}

async function addFromCatalog(name: string) {
  await page.getByRole('link', { name: 'Shop' }).click();
  await page.getByRole('button', { name: `Add ${name} to the cart` }).click();
}

describe('the phone app for a customer', () => {
  it('is served at / : deep links answer the page, assets immutable, the worker and manifest revalidated', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    expect(html).toContain('rel="manifest"');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect((await fetch(`${base}${asset}`)).headers.get('cache-control')).toContain('immutable');
    const deep = await fetch(`${base}/orders/12?x=1`);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toBe(html);
    for (const file of ['/sw.js', '/manifest.webmanifest']) {
      expect((await fetch(`${base}${file}`)).headers.get('cache-control'), file).toBe('no-cache');
    }
    expect((await fetch(`${base}/assets/missing-123.js`)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/nope`)).status).toBe(404);
    expect((await fetch(`${base}/admin/`)).status).toBe(200);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('is installable: manifest fields, 192/512 and maskable PNG icons', async () => {
    const manifest = (await (await fetch(`${base}/manifest.webmanifest`)).json()) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({ name: 'Bodega', short_name: 'Bodega', start_url: '/', display: 'standalone' });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    const sizes = new Set<string>();
    for (const icon of manifest.icons) {
      const res = await fetch(new URL(icon.src, `${base}/`));
      expect(res.status, icon.src).toBe(200);
      const png = Buffer.from(await res.arrayBuffer());
      expect(png.subarray(1, 4).toString(), icon.src).toBe('PNG');
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(`${w}x${h}`, icon.src).toBe(icon.sizes);
      sizes.add(`${icon.sizes} ${icon.purpose ?? 'any'}`);
    }
    expect([...sizes].sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  });

  it('registers a customer, browses, searches and orders; the status follows the store live', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Ana Cliente');
    await page.getByLabel('Email').fill(email);
    await page.locator('input[type=password]').fill('password1234');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('This password is too easy to guess').waitFor();
    await page.locator('input[type=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/catalog$/);
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: PASSWORD },
    });
    customerToken = login.json<{ accessToken: string }>().accessToken;

    // Availability, never stock figures or cost.
    const mole = page.getByTestId('product').filter({ hasText: MOLE });
    await expect.poll(() => mole.getByTestId('availability').textContent()).toBe('Only 2 left');
    const coffee = page.getByTestId('product').filter({ hasText: COFFEE });
    expect(await coffee.getByTestId('availability').textContent()).toBe('In stock');
    await page.getByText('$18.00').first().waitFor();

    await page.getByLabel('Search').fill('mole');
    await page.waitForURL(/q=mole/);
    await expect.poll(() => page.getByTestId('product').count()).toBe(1);
    await page.getByLabel('Search').fill('');
    await page.locator('label', { hasText: 'Despensa' }).click();
    await expect.poll(() => page.getByTestId('product').count()).toBe(1);
    await page.locator('label', { hasText: 'All' }).click();

    await page.getByRole('link', { name: COFFEE }).first().click();
    await page.getByRole('heading', { name: COFFEE }).waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'Cart' }).click();
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('$36.00');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/\d+$/);
    const status = page.getByTestId('order-status');
    await expect.poll(() => status.textContent()).toBe('Pending');
    await page.getByTestId('expires').waitFor();

    const [order] = await ordersOfCustomer();
    expect(order?.status).toBe('pending');
    for (const to of ['confirmed', 'processing', 'shipped']) {
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/orders/${order!.id}/transitions`,
        token: admin,
        payload: { to },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Shipped');
    expect(posted).toHaveLength(1);
  });

  it('queues two orders offline; back online exactly one is placed, the refusal shows its reason, a reload sends nothing again', async () => {
    // After a reload the service worker controls the page.
    await page.reload();
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 })
      .toBe(true);
    await page.getByRole('link', { name: 'Shop' }).click();
    await page.getByTestId('product').first().waitFor();
    const before = (await ordersOfCustomer()).length;
    const postedBefore = posted.length;

    await context.setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    await addFromCatalog(COFFEE);
    await page.getByRole('link', { name: 'Cart' }).click();
    await page.getByRole('button', { name: 'Queue order' }).click();
    await addFromCatalog(MOLE);
    await page.getByRole('link', { name: 'Cart' }).click();
    await page.getByLabel(`Quantity of ${MOLE}`).fill('5');
    await page.getByRole('button', { name: 'Queue order' }).click();
    const entries = page.getByTestId('queue-entry');
    await expect.poll(() => entries.count()).toBe(2);
    expect(await page.locator('[data-testid=queue-entry][data-state=queued]').count()).toBe(2);

    await context.setOffline(false);
    await expect
      .poll(() => page.locator('[data-testid=queue-entry][data-state=placed]').count(), { timeout: 15_000 })
      .toBe(1);
    const refused = page.locator('[data-testid=queue-entry][data-state=refused]');
    await expect.poll(() => refused.count()).toBe(1);
    expect(await refused.getByRole('alert').textContent()).toContain('Not enough stock.');
    expect(await refused.getByRole('alert').textContent()).toContain(`${MOLE}: only 2 available`);
    const after = await ordersOfCustomer();
    expect(after.length).toBe(before + 1);
    const sentKeys = posted.slice(postedBefore).map((r) => r.headers()['idempotency-key']);
    expect(new Set(sentKeys).size).toBe(2);

    // A reload sends nothing again, and shows the same outcome.
    const postedAtReload = posted.length;
    await page.reload();
    await expect.poll(() => page.getByTestId('queue-entry').count(), { timeout: 10_000 }).toBe(2);
    await page.locator('[data-testid=queue-entry][data-state=refused]').waitFor();
    await page.waitForLoadState('networkidle');
    expect(posted.length).toBe(postedAtReload);
    expect((await ordersOfCustomer()).length).toBe(before + 1);

    // The refused order goes back to the cart for editing.
    await refused.getByRole('button', { name: 'Edit in cart' }).click();
    await page.getByTestId('cart-line').filter({ hasText: MOLE }).waitFor();
  });

  it('arrives with the catalog drawn by the server, in the browser’s language, and hydrates into the app', async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'es-ES' } as const;
    const signIn = async (c: BrowserContext) => {
      const res = await c.request.post(`${base}/api/v1/auth/login`, { data: { email, password: PASSWORD } });
      expect(res.status()).toBe(200);
    };
    // Without JavaScript: the page alone shows the products, styled, in Spanish.
    const bare = await newPage(browser, { ...phone, javaScriptEnabled: false });
    await signIn(bare.context());
    const answer = await bare.goto(`${base}/catalog`);
    expect(answer?.headers()['cache-control']).toBe('private, no-store');
    await bare.getByRole('heading', { name: 'Catálogo' }).waitFor();
    await expect.poll(() => bare.getByTestId('product').filter({ hasText: COFFEE }).isVisible()).toBe(true);
    expect(await bare.locator('html').getAttribute('lang')).toBe('es');
    await bare.context().close();

    // With it: the app takes over the same elements (hydration, not a second drawing) and works.
    const live = await newPage(browser, phone);
    const consoleErrors: string[] = [];
    live.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await signIn(live.context());
    await catchDrawnCard(live);
    await live.goto(`${base}/catalog`);
    expect(await drawnCardHydrated(live)).toBe(true);
    expect(await live.locator('#bodega-first-screen').count()).toBe(0);
    await live
      .getByTestId('product')
      .filter({ hasText: COFFEE })
      .getByRole('button', { name: `Añadir ${COFFEE} al carrito` })
      .click();
    await live.getByRole('link', { name: 'Carrito' }).click();
    await live.getByText(COFFEE).waitFor();
    expect(consoleErrors.filter((e) => /hydrat|did not match/i.test(e))).toEqual([]);
    expect(live.problems).toEqual([]);
    await live.context().close();
  });

  it('opens offline from the cache, as the same customer, with the last catalog', async () => {
    await page.getByRole('link', { name: 'Shop' }).click();
    await page.getByTestId('product').first().waitFor();
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    await page.getByTestId('offline-banner').waitFor();
    await page.getByTestId('product').filter({ hasText: COFFEE }).waitFor();
    await context.setOffline(false);
    expect(page.problems).toEqual([]);
  });

  it('opens from the service worker on the catalog the server drew last, before any script runs', async () => {
    const keptPages = () =>
      page.evaluate(async () =>
        (await caches.has('bodega-page')) ? (await (await caches.open('bodega-page')).keys()).length : 0,
      );
    // Opened once with the worker in control: it keeps the page the server drew for this customer.
    await page.goto(`${base}/catalog`);
    await page.getByTestId('product').first().waitFor();
    await expect.poll(keptPages, { timeout: 10_000 }).toBe(1);

    // The next opening is answered by the worker with that page: the products are in the HTML,
    // drawn before the app's scripts, and the app hydrates those same elements.
    await catchDrawnCard(page);
    const kept = await page.reload();
    expect(kept?.fromServiceWorker()).toBe(true);
    expect(await kept?.text()).toContain(COFFEE);
    expect(await drawnCardHydrated(page)).toBe(true);

    // A kept page that names a script this worker does not hold (another version's) is not used:
    // the page comes from the server again, and the app works.
    await page.evaluate(async () => {
      const cache = await caches.open('bodega-page');
      const [key] = await cache.keys();
      const old = await cache.match(key!);
      const html = (await old!.text()).replace(/\/assets\/[\w-]+\.js/, '/assets/index-0ldVer51.js');
      await cache.put(key!, new Response(html, { headers: old!.headers }));
    });
    const fresh = await page.reload();
    expect(await fresh?.text()).not.toContain('index-0ldVer51');
    await page
      .getByTestId('product')
      .filter({ hasText: COFFEE })
      .getByRole('button', { name: `Add ${COFFEE} to the cart` })
      .waitFor();
    await expect
      .poll(() =>
        page.evaluate(async () => (await (await caches.match('/catalog'))?.text())?.includes('index-0ldVer51')),
      )
      .toBe(false);

    // A language chosen in the app (the browser says English) is the one the next page is drawn
    // in: the kept English page is dropped, and the Spanish one is hydrated, not drawn again.
    await page.getByRole('button', { name: 'ES', exact: true }).click();
    await page.getByRole('heading', { name: 'Catálogo' }).waitFor();
    const spanish = await page.reload();
    expect(await spanish?.text()).toContain('<html lang="es"');
    expect(await drawnCardHydrated(page)).toBe(true);
    await page.getByRole('heading', { name: 'Catálogo' }).waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    expect(page.problems).toEqual([]);
  });

  it('opens at once on what it kept while the session is being restored, and forgets it at sign-out', async () => {
    await page.getByRole('link', { name: 'Shop' }).click();
    await page.getByTestId('product').first().waitFor();
    // Hold the session's refresh: the catalog must not wait for it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let refreshAnswered = false;
    await page.route('**/api/v1/auth/refresh', async (route) => {
      await held;
      await route.continue();
      refreshAnswered = true;
    });
    await page.reload();
    await page.getByTestId('product').filter({ hasText: COFFEE }).waitFor();
    expect(refreshAnswered).toBe(false);
    release();
    await expect.poll(() => refreshAnswered).toBe(true);
    await page.unroute('**/api/v1/auth/refresh');
    await page.waitForLoadState('networkidle');

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    const kept = await page.evaluate(() => [
      localStorage.getItem('bodega.mobile.firstScreen'),
      localStorage.getItem('bodega.mobile.lastUser'),
    ]);
    expect(kept).toEqual([null, null]);
    // Nor does the worker keep the page drawn for that customer.
    expect(await page.evaluate(() => caches.has('bodega-page'))).toBe(false);
    expect(wasm).toEqual([]);
    // Reopened signed out, the app asks to sign in and shows nothing it had kept.
    await page.goto(`${base}/catalog`);
    await page.waitForURL(/\/sign-in/);
    expect(await page.getByTestId('product').count()).toBe(0);
    expect(page.problems).toEqual([]);
  });
});
