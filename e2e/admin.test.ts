/**
 * The back office in a real browser: apps/admin built with Vite, served by a real API (SQLite)
 * at /admin/, driven in Debian's headless Chromium.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../apps/api/src/test/harness';

const ADMIN_APP = join(import.meta.dirname, '../apps/admin');
const PRODUCT = 'Café de Olla 500 g';

let t: TestApp;
let base: string;
let browser: Browser;
let profile: string;
const cspViolations: string[] = [];

beforeAll(async () => {
  // Built before the server starts: the API serves /admin/ only when apps/admin/dist exists.
  await build({ root: ADMIN_APP, configFile: join(ADMIN_APP, 'vite.config.ts'), logLevel: 'warn' });
  t = await createTestApp();
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = address.replace(/\/$/, '');
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/products',
    token: await t.adminToken(),
    payload: { sku: 'E2E-1', name: PRODUCT, priceCents: 1800_00 },
  });
  expect(res.statusCode, res.body).toBe(201);
  profile = mkdtempSync(join(tmpdir(), 'bodega-chromium-'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  t?.app.server.closeAllConnections();
  await t?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) console.error('response:', r.status(), r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') console.error('console:', m.text());
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
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
    const js = await fetch(`${base}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    const deep = await fetch(`${base}/admin/products?q=x`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(await deep.text()).toBe(html);
    expect((await fetch(`${base}/admin/assets/missing-123.js`)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/nope`)).status).toBe(404);
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
    await nav.getByRole('link', { name: 'Users' }).waitFor();
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
    expect(cspViolations).toEqual([]);
  });

  it('sales staff see only the sections their role may use; a customer is turned away', async () => {
    const staff = await t.createStaff('sales_staff');
    const page = await newPage();
    await page.goto(`${base}/admin/products`);
    await page.waitForURL(/returnTo=%2Fproducts/);
    await signIn(page, staff.email, staff.password);
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Dashboard', 'Products']);
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
