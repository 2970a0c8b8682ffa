/**
 * The back office's insights and administration in a real browser: the dashboard's charts by
 * role, the command palette and shortcuts, staff users, the audit log, settings, and a password
 * reset mailed from the back office.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../apps/api/src/test/harness';
import { startMailbox, type Mailbox } from '../apps/api/src/test/mailbox';
import { launchChromium, newPage as watchedPage, type WatchedPage } from './support/browser';
import { serve, type Served } from './support/server';

const SKU = 'INS-COFFEE-77';
const PRODUCT = 'Insights Coffee 1 kg';

let t: Served;
let base: string;
let mailbox: Mailbox;
let browser: Browser;
let admin: WatchedPage;
const pages: WatchedPage[] = [];

async function newPage(): Promise<WatchedPage> {
  const page = await watchedPage(browser);
  // The machine is shared: waits are generous, and nothing waits longer than it has to.
  page.setDefaultTimeout(20_000);
  pages.push(page);
  return page;
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const res = await t.request({ method, url, token: await t.adminToken(), ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  mailbox = await startMailbox();
  t = await serve({ SMTP_URL: mailbox.url });
  base = t.base;
  const product = await api('POST', '/api/v1/products', { sku: SKU, name: PRODUCT, priceCents: 250_00 });
  // One pending order, for the orders-by-status panel.
  await api('POST', '/api/v1/stock/receipts', {
    lines: [{ productId: product.id, quantity: 5, unitCostCents: 100_00 }],
  });
  const customer = await api('POST', '/api/v1/customers', { name: 'Tienda La Esquina' });
  await api('POST', '/api/v1/orders', {
    customerId: customer.id,
    paymentTerms: 'cash',
    lines: [{ productId: product.id, quantity: 1 }],
  });
  // One snapshot, so the inventory-value chart has a point to draw.
  await api('POST', '/api/v1/inventory/value-history/snapshots');
  browser = await launchChromium();
  admin = await newPage();
  await admin.goto(`${base}/admin/`);
  await signIn(admin, ADMIN.email, ADMIN.password);
  await admin.getByRole('heading', { name: 'Dashboard' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await mailbox?.close();
});

describe('back office insights and administration', { timeout: 60_000 }, () => {
  it('the dashboard draws its charts for an admin, and only the sales panels for sales staff', async () => {
    await admin.getByTestId('panel-sales').locator('svg.recharts-surface').first().waitFor();
    await admin.getByTestId('panel-inventory-value').locator('svg.recharts-surface').first().waitFor();
    // The money axis speaks briefly ("$600", "$16.3K") and each figure is whole inside the chart:
    // full amounts ("$16,283.79") lost their first digits off the axis's left edge.
    const ticks = () =>
      admin.getByTestId('panel-inventory-value').evaluate((panel) => {
        const svg = panel.querySelector('svg.recharts-surface')!.getBoundingClientRect();
        return [...panel.querySelectorAll('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')].map(
          (tick) => ({
            text: tick.textContent,
            inside: tick.getBoundingClientRect().left >= svg.left,
          }),
        );
      });
    await expect.poll(async () => (await ticks()).length).toBeGreaterThan(1);
    const axis = await ticks();
    for (const tick of axis) expect(tick).toEqual({ text: expect.stringMatching(/^\$\d+(\.\d)?[KM]?$/), inside: true });
    await admin.getByTestId('panel-low-stock').waitFor();
    await admin.getByTestId('panel-overdue').waitFor();
    // Orders by status: the ring, and a legend with each status's count beside it.
    const orders = admin.getByTestId('panel-orders');
    await orders.locator('svg.recharts-surface').first().waitFor();
    expect(await orders.getByRole('listitem').allTextContents()).toEqual(['Pending1']);

    const staff = await t.createStaff('sales_staff');
    const page = await newPage();
    await page.goto(`${base}/admin/`);
    await signIn(page, staff.email, staff.password);
    await page.getByTestId('panel-sales').locator('svg.recharts-surface').first().waitFor();
    await page.getByTestId('panel-overdue').waitFor();
    await page.getByTestId('panel-top-products').waitFor();
    expect(await page.getByTestId('panel-inventory-value').count()).toBe(0);
    expect(await page.getByTestId('panel-low-stock').count()).toBe(0);
    await page.context().close();
  });

  it('Ctrl+K finds a product by SKU and opens it, runs a "new …" action; ? lists the shortcuts; g p goes to products', async () => {
    await admin.goto(`${base}/admin/`);
    await admin.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await admin.keyboard.press('Control+K');
    const search = admin.getByPlaceholder('Search products, customers, orders, or type an action');
    await search.fill(SKU);
    await admin.getByRole('button', { name: new RegExp(PRODUCT) }).click();
    await admin.waitForURL((url) => url.pathname.startsWith('/admin/products'));
    expect(decodeURIComponent(admin.url())).toMatch(new RegExp(`/admin/products(/\\d+|\\?q=${SKU})$`));
    await admin.getByText(PRODUCT).first().waitFor();

    await admin.keyboard.press('Control+K');
    await search.fill('new staff');
    await admin.getByRole('button', { name: 'New staff user' }).click();
    await admin.waitForURL(/\/admin\/users\?new=1$/);
    await admin.getByRole('dialog', { name: 'New staff user' }).waitFor();
    await admin.keyboard.press('Escape');
    await admin.waitForURL(/\/admin\/users$/);

    await admin.locator('body').click({ position: { x: 5, y: 200 } });
    await admin.keyboard.press('Shift+?');
    const help = admin.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Open the command palette').waitFor();
    await help.getByText('Go to products').waitFor();
    await admin.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    await admin.keyboard.press('g');
    await admin.keyboard.press('p');
    await admin.waitForURL(/\/admin\/products$/);
  });

  it('an admin creates a staff user (a weak password is refused in words), changes the role, and the audit log shows it', async () => {
    const email = `clerk-${Date.now()}@test.local`;
    await admin.goto(`${base}/admin/users`);
    await admin.getByRole('button', { name: 'New staff user' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New staff user' });
    await dialog.getByLabel('Name').fill('Clara Clerk');
    await dialog.getByLabel('Email').fill(email);
    await dialog.locator('input[type=password]').fill('password1234');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByText('This password is too easy to guess').waitFor();

    await dialog.locator('input[type=password]').fill('violet tractor sings 42 softly');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = admin.getByTestId(`user-${email}`);
    await row.waitFor();

    await row.getByLabel(`Role of ${email}`).click();
    await admin.getByRole('option', { name: 'Warehouse manager' }).click();
    await admin.getByText(`${email} was updated.`).waitFor();
    const found = await api('GET', `/api/v1/users?q=${encodeURIComponent(email)}`);
    expect(found.items).toMatchObject([{ email, role: 'warehouse_manager' }]);

    await admin.goto(`${base}/admin/audit`);
    await admin.getByTestId('audit-row').first().waitFor();
    const action = admin.getByRole('textbox', { name: 'Action' });
    await action.fill('user.updated');
    await action.press('Enter');
    await admin.waitForURL(/action=user\.updated/);
    await expect.poll(() => admin.getByTestId('audit-row').count()).toBe(1);
    await admin.getByTestId('audit-row').getByRole('button', { name: 'Details' }).click();
    const details = admin.getByTestId('audit-details');
    const changed = details.locator('tr[data-changed]');
    expect(await changed.count()).toBe(1);
    expect(await changed.textContent()).toContain('"sales_staff"');
    expect(await changed.textContent()).toContain('"warehouse_manager"');
    // The filter is in the URL: the same view after a reload.
    await admin.reload();
    await expect.poll(() => admin.getByTestId('audit-row').count()).toBe(1);
  });

  it('a sales report keeps its grouping in the URL, draws a chart and downloads as CSV', async () => {
    await admin.goto(`${base}/admin/reports/sales?report=sales&group=week`);
    const report = admin.getByTestId('report-sales');
    await report.locator('svg.recharts-surface').first().waitFor();
    await report.getByTestId('report-table').waitFor();
    expect(await admin.getByRole('radio', { name: 'Week' }).isChecked()).toBe(true);
    await admin.getByText('Month', { exact: true }).click();
    await admin.waitForURL(/group=month/);
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/period/i);
  });

  it('settings save', async () => {
    await admin.goto(`${base}/admin/settings`);
    const name = admin.getByLabel('Business name');
    await name.fill('Bodega Insights');
    await admin.getByLabel('Pending orders per customer').fill('7');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await admin.getByText('Settings saved.').waitFor();
    expect(await api('GET', '/api/v1/settings')).toMatchObject({
      businessName: 'Bodega Insights',
      maxPendingOrdersPerCustomer: 7,
    });
  });

  it('a forgotten password is reset from the back office through /admin/reset-password', async () => {
    const staff = await t.createStaff('warehouse_manager');
    const page = await newPage();
    await page.goto(`${base}/admin/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Email').fill(staff.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('a link is on its way').waitFor();

    const mail = await mailbox.waitForMail(staff.email);
    const link = /http:\/\/bodega\.test(\/admin\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(link, mail.text).toBeDefined();
    await page.goto(`${base}${link}`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    const [fresh, repeat] = [page.locator('input[type=password]').nth(0), page.locator('input[type=password]').nth(1)];
    await fresh.fill('copper kettle hums at dawn 9');
    await repeat.fill('copper kettle hums at dawn 9');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(/\/admin\/sign-in\?reset=1$/);
    await page.getByText('Your password was changed').waitFor();
    await signIn(page, staff.email, 'copper kettle hums at dawn 9');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.context().close();

    expect(pages.flatMap((p) => p.problems)).toEqual([]);
  });
});
