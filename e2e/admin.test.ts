/**
 * The back office in a real browser: apps/admin built with Vite (e2e/support/build-apps.ts),
 * served by a real API (SQLite) at /admin/, driven in Debian's headless Chromium.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../apps/api/src/test/harness';
import { launchChromium, newPage as watchedPage, type WatchedPage } from './support/browser';
import { serve, type Served } from './support/server';

const PRODUCT = 'Café de Olla 500 g';

let t: Served;
let base: string;
let browser: Browser;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  t = await serve();
  base = t.base;
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/products',
    token: await t.adminToken(),
    payload: { sku: 'E2E-1', name: PRODUCT, priceCents: 1800_00 },
  });
  expect(res.statusCode, res.body).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function newPage(): Promise<Page> {
  const page = await watchedPage(browser);
  pages.push(page);
  return page;
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('back office at /admin/', () => {
  it('serves the built app: index.html revalidated, hashed assets immutable, deep links answer the page', async () => {
    const index = await fetch(`${base}/admin/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    // Compressed for a browser that takes Brotli, the same bytes for one that takes nothing.
    expect(js.headers.get('content-encoding')).toBe('br');
    expect(js.headers.get('vary')).toContain('accept-encoding');
    const plain = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(await js.text());
    const deep = await fetch(`${base}/admin/products?q=x`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toBe(html);
    expect((await fetch(`${base}/admin/assets/missing-123.js`)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/nope`)).status).toBe(404);
    // The apps' catch-all must not turn the router's over-long-parameter answer into a 404.
    expect((await fetch(`${base}/api/v1/users/${'9'.repeat(300)}`)).status).toBe(414);
  });

  it('an admin signs in, sees the dashboard and the products, switches to Spanish and stays signed in', async () => {
    const page = await newPage();
    await page.goto(`${base}/admin/`);
    await page.waitForURL(/\/admin\/sign-in\?returnTo=%2F$/);

    await signIn(page, ADMIN.email, 'wrong-password-1');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong email or password.');

    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Sales today').waitFor();
    await page.getByText('Inventory value').waitFor();
    await page.getByText('Overdue receivables').waitFor();
    const nav = page.getByRole('navigation');
    await page.getByTestId('connection').getByText('Live').waitFor();

    await nav.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('cell', { name: PRODUCT }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(PRODUCT) });
    expect((await row.textContent())?.replace(/\s/g, ' ')).toContain('$1,800.00');

    await page.getByText('Español').click();
    await page.getByRole('heading', { name: 'Productos' }).waitFor();
    await nav.getByRole('link', { name: 'Panel' }).waitFor();
    expect((await row.textContent())?.replace(/\s/g, ' ')).toMatch(/1800,00 US\$|1800,00 \$/);

    await page.reload();
    await page.getByRole('heading', { name: 'Productos' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/products');
    await page.getByRole('cell', { name: PRODUCT }).waitFor();

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { name: 'Iniciar sesión en Bodega' }).waitFor();
    await page.context().close();
    expect(pages.flatMap((p) => p.problems)).toEqual([]);
  });

  it('sales staff see only the sections their role may use; a customer is turned away', async () => {
    const staff = await t.createStaff('sales_staff');
    const page = await newPage();
    await page.goto(`${base}/admin/products`);
    await page.waitForURL(/returnTo=%2Fproducts/);
    await signIn(page, staff.email, staff.password);
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Sections' });
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toContain('Products');
    expect(links).not.toContain('Users');
    expect(links).not.toContain('Audit log');
    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByText('Sales today').waitFor();
    expect(await page.getByText('Inventory value').count()).toBe(0);
    await page.context().close();

    const customer = await t.registerCustomer();
    const other = await newPage();
    await other.goto(`${base}/admin/`);
    await signIn(other, customer.user.email, customer.password);
    await expect.poll(() => other.getByRole('alert').textContent()).toContain('customer account');
    await other.context().close();
  });
});
