/**
 * The catalog screens of the back office in a real browser against the real API: products
 * (create with an image, detail, CSV import with its preview, barcode labels), categories, and
 * what each role is offered.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../apps/api/src/test/harness';
import { launchChromium, newPage as watchedPage, type WatchedPage } from './support/browser';
import { serve, type Served } from './support/server';

let t: Served;
let browser: Browser;
let admin: string;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  t = await serve();
  admin = await t.adminToken();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function signedIn(email: string, password: string, path: string): Promise<Page> {
  const page = await watchedPage(browser);
  pages.push(page);
  await page.goto(`${t.base}/admin${path}`);
  await page.getByLabel('Email').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}
const bySku = async (sku: string) => {
  const res = await t.request({ method: 'GET', url: `/api/v1/products?q=${encodeURIComponent(sku)}`, token: admin });
  return (res.json() as { items: { sku: string; id: number; name: string; images: unknown[] }[] }).items.filter(
    (p) => p.sku === sku,
  );
};

describe('catalog in the back office', () => {
  let page: Page;

  it('an admin creates a product with an image and sees it in the list and its page', async () => {
    page = await signedIn(ADMIN.email, ADMIN.password, '/products');
    await page.getByRole('heading', { name: 'Products' }).waitFor();
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByRole('heading', { name: 'New product' }).waitFor();
    await page.getByLabel('SKU').fill('CAT-HAMMER');
    await page.getByLabel(/^Name/).fill('Claw hammer');
    await page.getByLabel('Price').fill('12.50');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Claw hammer' }).waitFor();

    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    await page.locator('input[type=file]').setInputFiles({ name: 'hammer.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('product-image').waitFor();
    const [product] = await bySku('CAT-HAMMER');
    expect(product?.images).toHaveLength(1);
    const src = await page.getByTestId('product-image').getAttribute('src');
    expect((await fetch(`${t.base}${src}`)).headers.get('content-type')).toMatch(/^image\//);

    // A second product with the same SKU: the server's refusal shows at the SKU field.
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByRole('heading', { name: 'New product' }).waitFor();
    await page.getByLabel('SKU').fill('cat-hammer');
    await page.getByLabel(/^Name/).fill('Another hammer');
    await page.getByLabel('Price').fill('3');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Another product already has this SKU.').waitFor();

    await nav.getByRole('link', { name: 'Products' }).click();
    await page.getByLabel('Search').fill('hammer');
    await page.getByRole('cell', { name: 'Claw hammer' }).waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('hammer');
    const row = page.getByRole('row', { name: /Claw hammer/ });
    expect((await row.textContent())?.replace(/\s/g, ' ')).toContain('$12.50');
  }, 60_000);

  it('imports a CSV: a bad row is shown before anything is written, then a good file goes in', async () => {
    await page.goto(`${t.base}/admin/products/import`);
    await page.getByRole('heading', { name: 'Import products from CSV' }).waitFor();
    const bad = 'sku,name,priceCents\nIMP-1,Saw,1500\nIMP-2,Chisel,twelve\nIMP-3,Level,900\n';
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const errorRow = errors.getByRole('row', { name: /priceCents/ });
    expect((await errorRow.textContent())?.replace(/\s+/g, ' ')).toMatch(/^23priceCents/);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).count()).toBe(0);
    expect(await bySku('IMP-1')).toEqual([]);

    const good = 'sku,name,priceCents,category\nIMP-1,Saw,1500,Tools\nIMP-2,Chisel,1200,Tools > Hand\n';
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByTestId('import-preview').getByText('2 new').waitFor();
    expect(await bySku('IMP-1')).toEqual([]);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('import-result').getByText('Imported: 2 new').waitFor();
    expect(await bySku('IMP-2')).toHaveLength(1);
    await page.getByRole('link', { name: 'Back to products' }).click();
    await page.getByRole('cell', { name: 'Chisel' }).waitFor();
  });

  it('creates a category and a subcategory', async () => {
    await page.goto(`${t.base}/admin/categories`);
    await page.getByRole('heading', { name: 'Categories' }).waitFor();
    await page.getByRole('button', { name: 'New category' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Garden');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    const garden = page.getByTestId('category-node').filter({ hasText: 'Garden' });
    await garden.waitFor();
    await garden.getByRole('button', { name: 'Add subcategory' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Hoses');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('category-node').filter({ hasText: 'Hoses' }).waitFor();
    const list = (await t.request({ method: 'GET', url: '/api/v1/categories', token: admin })).json() as {
      items: { id: number; name: string; parentId: number | null }[];
    };
    const parent = list.items.find((c) => c.name === 'Garden');
    expect(list.items.find((c) => c.name === 'Hoses')?.parentId).toBe(parent?.id);

    // Tools holds a product: deleting it is refused, and the page says why.
    await page
      .getByTestId('category-node')
      .filter({ hasText: /^Tools/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alert').getByText('This category still has products or subcategories.').waitFor();
  });

  it('prints barcode labels for two selected products as a PDF', async () => {
    await page.goto(`${t.base}/admin/products`);
    await page.getByRole('cell', { name: 'Chisel' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select IMP-1' }).check();
    await page.getByRole('checkbox', { name: 'Select IMP-2' }).check();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Print labels (2)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('labels.pdf');
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await page.context().close();
  });

  it('a warehouse manager is offered create and edit; sales staff only read', async () => {
    const [saw] = await bySku('IMP-1');
    const manager = await t.createStaff('warehouse_manager');
    const wm = await signedIn(manager.email, manager.password, `/products/${saw!.id}`);
    await wm.getByRole('heading', { name: 'Saw' }).waitFor();
    await wm.getByRole('link', { name: 'Edit' }).waitFor();
    await wm.goto(`${t.base}/admin/products`);
    await wm.getByRole('link', { name: 'New product' }).waitFor();
    await wm.context().close();

    const sales = await t.createStaff('sales_staff');
    const sp = await signedIn(sales.email, sales.password, `/products/${saw!.id}`);
    await sp.getByRole('heading', { name: 'Saw' }).waitFor();
    await sp.getByRole('heading', { name: 'Stock by location' }).waitFor();
    expect(await sp.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await sp.getByRole('button', { name: 'Archive' }).count()).toBe(0);
    await sp.goto(`${t.base}/admin/products`);
    await sp.getByRole('cell', { name: 'Saw' }).waitFor();
    expect(await sp.getByRole('link', { name: 'New product' }).count()).toBe(0);
    expect(await sp.getByRole('checkbox').count()).toBe(0);
    await sp.context().close();
    expect(pages.flatMap((p) => p.problems)).toEqual([]);
  }, 60_000);
});
