/**
 * Purchasing in the back office, in a real browser against the real API: a warehouse manager
 * creates a supplier, links a product below its reorder point, drafts a purchase order from the
 * reorder suggestions, edits and sends it, downloads its PDF, and receives it in two deliveries
 * (the second over what was ordered, confirmed); stock on hand is read back from the API. Sales
 * staff see the purchase orders without any button that writes.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage as watchedPage, type WatchedPage } from './support/browser';
import { serve, type Served } from './support/server';

const SKU = 'PUR-FLOUR';
const PRODUCT = 'Harina de trigo 1 kg';

let t: Served;
let browser: Browser;
let productId: number;
let manager: { email: string; password: string; token: string };
const pages: WatchedPage[] = [];

async function onHand(): Promise<number> {
  const res = await t.request({
    method: 'GET',
    url: `/api/v1/stock?productId=${productId}`,
    token: await t.adminToken(),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { onHand: number }[] }>().items.reduce((sum, l) => sum + l.onHand, 0);
}

async function newPage(): Promise<Page> {
  const page = await watchedPage(browser);
  pages.push(page);
  return page;
}

async function signIn(page: Page, email: string, password: string, path: string) {
  await page.goto(`${t.base}/admin${path}`);
  await page.getByLabel('Email').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Types into a searchable select (server search) and picks the option that shows `option`. */
async function pick(page: Page, scope: Locator, label: RegExp, search: string, option: RegExp) {
  const input = scope.getByLabel(label);
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: option }).click();
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await serve();
  const admin = await t.adminToken();
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/products',
    token: admin,
    payload: { sku: SKU, name: PRODUCT, priceCents: 450, reorderPoint: 10, reorderQuantity: 20 },
  });
  expect(res.statusCode, res.body).toBe(201);
  productId = res.json<{ id: number }>().id;
  const receipt = await t.request({
    method: 'POST',
    url: '/api/v1/stock/receipts',
    token: admin,
    payload: { lines: [{ productId, quantity: 3, unitCostCents: 200 }] },
  });
  expect(receipt.statusCode, receipt.body).toBe(201);
  manager = await t.createStaff('warehouse_manager');
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('purchasing in the back office', () => {
  // One warehouse manager's page through the steps of one purchase order (each step needs the last).
  let poNumber = '';
  let page: Page;
  let before = 0;
  const PO_LINE = () => page.getByTestId('po-lines').getByRole('row', { name: new RegExp(PRODUCT) });
  // Ordered, received, outstanding.
  const progress = async () => (await PO_LINE().getByRole('cell').allTextContents()).slice(3, 6);

  it('a warehouse manager creates a supplier, drafts a PO from reorder suggestions, edits and sends it, gets its PDF', async () => {
    before = await onHand();
    expect(before).toBe(3);
    page = await newPage();
    await signIn(page, manager.email, manager.password, '/suppliers');
    await page.getByRole('heading', { name: 'Suppliers' }).waitFor();
    await page.getByTestId('empty').waitFor();

    // A supplier, through the form.
    await page.getByRole('link', { name: 'New supplier' }).click();
    await page.getByRole('heading', { name: 'New supplier' }).waitFor();
    await page.getByLabel(/^Name/).fill('Molinos del Norte');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Create supplier' }).click();
    await page.getByText('Check this value.').waitFor();
    await page.getByLabel('Email').fill('ventas@molinos.test');
    await page.getByLabel('Lead time (days)').fill('5');
    await page.getByRole('button', { name: 'Create supplier' }).click();
    await page.getByRole('heading', { name: 'Molinos del Norte' }).waitFor();

    // The product it sells, as its preferred supplier.
    await page.getByTestId('empty').getByText('No products linked').waitFor();
    await page.getByRole('button', { name: 'Add product' }).click();
    const dialog = page.getByRole('dialog');
    await pick(page, dialog, /^Product/, 'Harina', new RegExp(SKU));
    await dialog.getByLabel("Supplier's SKU").fill('MN-100');
    await dialog.getByLabel('Last cost').fill('2.50');
    await dialog.getByLabel(/Preferred supplier for this product/).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'MN-100' }).waitFor();
    await page.getByText('Preferred supplier', { exact: true }).waitFor();

    // Reorder suggestions → a draft for that supplier.
    await page.getByRole('navigation').getByRole('link', { name: 'Reorder suggestions' }).click();
    await page.getByRole('cell', { name: PRODUCT }).waitFor();
    await page.getByRole('checkbox', { name: `Choose ${PRODUCT}` }).check();
    await page.getByRole('button', { name: /Draft purchase order for 1 product/ }).click();
    const created = page.getByRole('link', { name: /^PO-\d{8}-\d+ for Molinos del Norte$/ });
    await created.waitFor();
    poNumber = ((await created.textContent()) ?? '').split(' ')[0]!;
    await created.click();
    await page.getByRole('heading', { name: `Purchase order ${poNumber}` }).waitFor();
    expect(await text(page, 'po-status')).toBe('Draft');

    // Edit the draft: 10 units.
    await page.getByRole('link', { name: 'Edit draft' }).click();
    await page.getByLabel('Quantity of line 1').fill('10');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: `Purchase order ${poNumber}` }).waitFor();
    await expect.poll(progress).toEqual(['10', '0', '10']);
    expect(await page.getByRole('button', { name: 'Receive goods' }).count()).toBe(0);

    // Send it; now goods can arrive and it is no longer editable.
    await page.getByRole('button', { name: 'Mark as sent' }).click();
    await expect.poll(() => text(page, 'po-status')).toBe('Sent');
    expect(await page.getByRole('link', { name: 'Edit draft' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Mark as sent' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel order' }).waitFor();
    // This server has no SMTP: emailing says so instead of failing silently.
    await page.getByRole('button', { name: 'Email to supplier' }).click();
    await page.getByRole('alert').getByText('The purchase order was not emailed').waitFor();
    // A sent order's edit page (a stale link) says it can no longer be edited.
    const detail = page.url();
    await page.goto(`${detail}/edit`);
    await page.getByRole('alert').getByText('This purchase order can no longer be edited.').waitFor();
    await page.getByRole('link', { name: 'Back' }).click();
    await page.getByRole('heading', { name: `Purchase order ${poNumber}` }).waitFor();
    expect(page.url()).toBe(detail);

    // The PDF.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${poNumber}.pdf`);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  }, 90_000);

  it('receives it in two deliveries: partially received with the right outstanding, then received (over-receipt confirmed)', async () => {
    expect(poNumber).not.toBe('');
    // First delivery: 4 of 10.
    await page.getByRole('button', { name: 'Receive goods' }).click();
    const form = page.getByRole('region', { name: 'Receive a delivery' });
    expect(await form.getByLabel('Receive into').inputValue()).toBe('Main warehouse');
    const quantity = form.getByLabel(`Received now of ${PRODUCT}`);
    expect(await quantity.inputValue()).toBe('10');
    await quantity.fill('4');
    await form.getByLabel('Delivery note').fill('ALB-1');
    await form.getByRole('button', { name: 'Receive', exact: true }).click();
    await expect.poll(() => text(page, 'po-status')).toBe('Partially received');
    expect(await progress()).toEqual(['10', '4', '6']);
    await page
      .getByTestId('po-deliveries')
      .getByText(/delivery note ALB-1/)
      .waitFor();
    expect(await onHand()).toBe(before + 4);

    // Second delivery: 8 where 6 are outstanding — the API refuses, the user confirms, it is received.
    await page.getByRole('button', { name: 'Receive goods' }).click();
    const second = page.getByRole('region', { name: 'Receive a delivery' });
    expect(
      await second
        .getByRole('row', { name: new RegExp(PRODUCT) })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(expect.arrayContaining(['10', '4', '6']));
    await second.getByLabel(`Received now of ${PRODUCT}`).fill('8');
    await second.getByLabel('Delivery note').fill('ALB-2');
    await second.getByRole('button', { name: 'Receive', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'More than was ordered' });
    await confirm.getByText(`${PRODUCT}: 8 received now, 6 outstanding`).waitFor();
    expect(await onHand()).toBe(before + 4);
    await confirm.getByRole('button', { name: 'Receive anyway' }).click();
    await expect.poll(() => text(page, 'po-status')).toBe('Received');
    expect(await progress()).toEqual(['10', '12', '0']);
    await PO_LINE().getByText('Over-received').waitFor();
    expect(await page.getByRole('button', { name: 'Receive goods' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await page.getByTestId('po-deliveries').getByText('2 units more than ordered').waitFor();

    expect(await onHand()).toBe(before + 12);
    const po = await t.request({
      method: 'GET',
      url: `/api/v1/purchase-orders?q=${poNumber}`,
      token: await t.adminToken(),
    });
    expect(po.json<{ items: { status: string }[] }>().items.map((p) => p.status)).toEqual(['received']);
  }, 90_000);

  it('lists purchase orders by status in the URL; a supplier with orders is deactivated, not deleted', async () => {
    expect(poNumber).not.toBe('');
    // The list filters by status in the URL.
    await page.getByRole('navigation').getByRole('link', { name: 'Purchase orders' }).click();
    await page.getByRole('link', { name: poNumber }).waitFor();
    await page.goto(`${t.base}/admin/purchase-orders?status=draft`);
    await page.getByTestId('empty').waitFor();
    await page.goto(`${t.base}/admin/purchase-orders?status=received`);
    await page.getByRole('link', { name: poNumber }).waitFor();

    // A supplier with purchase orders cannot be deleted; the page says why and offers to deactivate it.
    await page.getByRole('navigation').getByRole('link', { name: 'Suppliers' }).click();
    await page.getByRole('link', { name: 'Molinos del Norte' }).click();
    await page.getByRole('heading', { name: 'Molinos del Norte' }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alert').getByText('This supplier cannot be deleted').waitFor();
    await page.getByRole('button', { name: 'Deactivate instead' }).click();
    await page.getByRole('button', { name: 'Activate', exact: true }).waitFor();
    const supplier = await t.request({
      method: 'GET',
      url: '/api/v1/suppliers?q=Molinos',
      token: await t.adminToken(),
    });
    expect(supplier.json<{ items: { active: boolean }[] }>().items.map((s) => s.active)).toEqual([false]);
    await page.context().close();
  }, 90_000);

  it('sales staff see purchase orders but no button that writes', async () => {
    expect(poNumber).not.toBe('');
    const staff = await t.createStaff('sales_staff');
    const page = await newPage();
    await signIn(page, staff.email, staff.password, '/purchase-orders');
    await page.getByRole('heading', { name: 'Purchase orders' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Suppliers' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Reorder suggestions' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'New purchase order' }).count()).toBe(0);
    await page.getByRole('link', { name: poNumber }).click();
    await page.getByRole('heading', { name: `Purchase order ${poNumber}` }).waitFor();
    await page.getByRole('button', { name: 'Download PDF' }).waitFor();
    for (const name of ['Receive goods', 'Mark as sent', 'Cancel order', 'Email to supplier', 'Edit draft']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    await nav.getByRole('link', { name: 'Suppliers' }).click();
    await page.getByRole('link', { name: 'Molinos del Norte' }).click();
    await page.getByRole('heading', { name: 'Molinos del Norte' }).waitFor();
    for (const name of ['Delete', 'Deactivate', 'Save', 'Add product']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    await page.context().close();
    expect(pages.flatMap((p) => p.problems)).toEqual([]);
  }, 90_000);
});
