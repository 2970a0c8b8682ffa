/**
 * Sales in the back office, through the UI: a customer with a credit limit, an order at the
 * server's prices and stock (a shortage creates nothing), its way to delivered, a return received
 * back into stock, the invoice, and an order placed elsewhere showing up live.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../apps/api/src/test/harness';
import { launchChromium, newPage as watchedPage, type WatchedPage } from './support/browser';
import { serve, type Served } from './support/server';

const PRODUCT = 'Tornillo hexagonal 8 mm';
const CUSTOMER = 'Ferretería Norte';

let t: Served;
let browser: Browser;
let admin: string;
let sales: { email: string; password: string };
let productId: number;
let money: (cents: number) => string;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  t = await serve();
  admin = await t.adminToken();
  const product = await t.request({
    method: 'POST',
    url: '/api/v1/products',
    token: admin,
    payload: { sku: 'TOR-8', name: PRODUCT, priceCents: 12_50 },
  });
  expect(product.statusCode, product.body).toBe(201);
  productId = product.json<{ id: number }>().id;
  const receipt = await t.request({
    method: 'POST',
    url: '/api/v1/stock/receipts',
    token: admin,
    payload: { lines: [{ productId, quantity: 5, unitCostCents: 5_00 }] },
  });
  expect(receipt.statusCode, receipt.body).toBe(201);
  sales = await t.createStaff('sales_staff');
  const { currency } = (await t.request({ method: 'GET', url: '/api/v1/reports/dashboard', token: admin })).json<{
    currency: string;
  }>();
  const f = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  money = (cents) => f.format(cents / 100);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function signedIn(email: string, password: string): Promise<WatchedPage> {
  const page = await watchedPage(browser);
  pages.push(page);
  await page.goto(`${t.base}/admin/`);
  await page.getByLabel('Email').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.getByTestId('connection').getByText('Live').waitFor();
  return page;
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s/g, ' ');

const api = async <T>(method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await t.request({ method, url: `/api/v1${url}`, token: admin, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<T>();
};

const onHand = async () =>
  (await api<{ items: { onHand: number; available: number }[] }>('GET', `/stock?productId=${productId}`)).items[0]!;

async function timelineHas(page: Page, status: string) {
  await page.getByTestId('order-timeline').getByText(status, { exact: true }).waitFor();
}

// Well under a minute in all on an idle machine; the timeout leaves room for a loaded one.
describe('orders in the back office', { timeout: 90_000 }, () => {
  let orderUrl: string;
  let orderId: number;
  let customerId: number;

  it('sales staff create a customer, see stock and price, are refused a shortage, and place the order', async () => {
    const page = await signedIn(sales.email, sales.password);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Customers' }).click();
    await page
      .getByRole('button', { name: 'New customer' })
      .or(page.getByRole('link', { name: 'New customer' }))
      .click();
    await page.getByRole('textbox', { name: /^Name/ }).fill(CUSTOMER);
    await page.getByLabel('Email').fill('compras@norte.example');
    await page.getByLabel('Credit limit').fill('500');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: CUSTOMER }).waitFor();
    await expect.poll(() => text(page, 'customer-credit')).toContain(`Available credit${money(500_00)}`);
    customerId = Number(/customers\/(\d+)/.exec(page.url())![1]);

    await page.getByRole('link', { name: 'New order' }).click();
    await page.getByRole('heading', { name: 'New order' }).waitFor();
    await expect.poll(() => text(page, 'order-credit')).toContain(`Credit limit${money(500_00)}`);
    await page.getByRole('combobox', { name: 'Add a product' }).fill('Tornillo');
    await page.getByRole('option', { name: new RegExp(PRODUCT) }).click();
    const line = page.getByTestId('order-line');
    await expect.poll(() => line.getByTestId('line-available').textContent()).toBe('5');
    expect(await line.getByTestId('line-price').textContent()).toBe(money(12_50));

    await page.getByLabel(`Quantity of ${PRODUCT}`).fill('6');
    await page.getByText('Credit', { exact: true }).click();
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect.poll(() => text(page, 'line-shortage')).toBe('Only 5 available (6 requested).');
    expect(await text(page, 'order-error')).toBe('Not enough stock.');
    expect((await api<{ items: unknown[] }>('GET', `/orders?customerId=${customerId}`)).items).toEqual([]);

    await page.getByLabel(`Quantity of ${PRODUCT}`).fill('2');
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await page.waitForURL(/\/admin\/orders\/\d+$/);
    orderUrl = page.url();
    orderId = Number(/orders\/(\d+)/.exec(orderUrl)![1]);
    const placed = await api<{ number: string; totalCents: number; paymentTerms: string; lines: unknown[] }>(
      'GET',
      `/orders/${orderId}`,
    );
    await page.getByRole('heading', { name: placed.number }).waitFor();
    expect(placed.paymentTerms).toBe('credit');
    expect(await text(page, 'order-totals')).toContain(`Total${money(placed.totalCents)}`);
    // The double click made one order.
    expect((await api<{ items: unknown[] }>('GET', `/orders?customerId=${customerId}`)).items).toHaveLength(1);
    expect((await onHand()).available).toBe(3);

    await page.getByRole('button', { name: 'Confirm' }).click();
    await timelineHas(page, 'Confirmed');
    expect(await text(page, 'order-status')).toBe('Confirmed');
    // Sales staff may not ship: the button is not there.
    expect(await page.getByRole('button', { name: 'Ship' }).count()).toBe(0);
  });

  it('an admin processes, ships and delivers; a return opened by sales is received back into stock', async () => {
    const page = await signedIn(ADMIN.email, ADMIN.password);
    await page.goto(orderUrl);
    for (const [button, status] of [
      ['Start processing', 'Processing'],
      ['Ship', 'Shipped'],
      ['Mark delivered', 'Delivered'],
    ] as const) {
      await page.getByRole('button', { name: button }).click();
      await timelineHas(page, status);
    }
    for (const s of ['Pending', 'Confirmed', 'Processing', 'Shipped', 'Delivered']) await timelineHas(page, s);
    expect(await onHand()).toMatchObject({ onHand: 3, available: 3 });

    const salesPage = pages[0]!;
    await salesPage.goto(orderUrl);
    await salesPage.getByRole('button', { name: 'Open a return' }).click();
    await salesPage.getByLabel(`Quantity of ${PRODUCT} to return`).fill('1');
    await salesPage.getByLabel('Reason for the return').fill('Wrong size');
    await salesPage.getByRole('button', { name: 'Open return' }).click();
    await expect.poll(() => text(salesPage, 'return-status')).toBe('Open');
    expect(await salesPage.getByRole('button', { name: 'Receive goods' }).count()).toBe(0);

    await page.reload();
    await page.getByRole('button', { name: 'Receive goods' }).click();
    await expect.poll(() => text(page, 'return-status')).toBe('Received');
    expect((await onHand()).onHand).toBe(4);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Invoice (PDF)' }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('an order placed by another user appears in the open orders list without a reload', async () => {
    const page = pages[0]!;
    await page.goto(`${t.base}/admin/orders?status=pending`);
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    await page.getByTestId('connection').getByText('Live').waitFor();
    await page.getByTestId('empty').waitFor();
    const order = await api<{ number: string }>('POST', '/orders', {
      customerId,
      paymentTerms: 'cash',
      lines: [{ productId, quantity: 1 }],
    });
    await page.getByRole('link', { name: order.number }).waitFor();
    expect(await page.getByTestId('order-row').count()).toBe(1);
    expect(pages.flatMap((p) => p.problems)).toEqual([]);
  });
});
