/**
 * The back office's inventory screens in a real browser: locations, receipts, adjustments,
 * transfers and counts through the UI; the stock list and the ledger show them; an alert is
 * acknowledged; another user's receipt reaches the open stock list live; sales staff only read.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage as watchedPage, type WatchedPage } from './support/browser';
import { serve, type Served } from './support/server';

const YERBA = 'Yerba Mate 1 kg';
const SUGAR = 'Azúcar 2 kg';

let t: Served;
let base: string;
let browser: Browser;
let admin: string;
let yerba: number;
let sugar: number;
let mainId: number;
const pages: WatchedPage[] = [];
/** expect.poll gives up after 1 s by default; a busy machine needs longer. */
const POLL = { timeout: 15_000 };

const api = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await t.request({ method, url: `/api/v1${url}`, token: admin, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
};
const levels = async (productId: number) =>
  (await api('GET', `/stock?productId=${productId}`)).items as { locationId: number; onHand: number }[];

beforeAll(async () => {
  t = await serve();
  base = t.base;
  admin = await t.adminToken();
  yerba = (await api('POST', '/products', { sku: 'INV-YERBA', name: YERBA, priceCents: 900_00, reorderPoint: 2 })).id;
  sugar = (await api('POST', '/products', { sku: 'INV-SUGAR', name: SUGAR, priceCents: 300_00, reorderPoint: 10 })).id;
  mainId = (await api('GET', '/locations')).items.find((l: { isDefault: boolean }) => l.isDefault).id;
  // Sugar falls below its reorder point (12 received, 5 damaged: 7 ≤ 10): a low-stock alert opens.
  await api('POST', '/stock/receipts', { lines: [{ productId: sugar, quantity: 12, unitCostCents: 100 }] });
  await api('POST', '/stock/adjustments', { productId: sugar, quantity: -5, reason: 'damage' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function signedIn(email: string, password: string, path: string): Promise<Page> {
  const page = await watchedPage(browser);
  page.setDefaultTimeout(20_000);
  pages.push(page);
  await page.goto(`${base}/admin${path}`);
  await page.getByLabel('Email').fill(email);
  await page.locator('input[type=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/** Picks a product in a searchable product select by typing part of its name. */
async function pickProduct(page: Page, search: string, name: string) {
  await page.getByRole('combobox', { name: 'Product' }).fill(search);
  await page.getByRole('option', { name: new RegExp(name) }).click();
}

async function pickOption(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const cellText = async (page: Page, productId: number, locationId: number, testId: string) =>
  (await page.getByTestId(`stock-${productId}-${locationId}`).getByTestId(testId).textContent())?.trim();

describe('inventory in the back office', () => {
  it('a warehouse manager manages locations and stock through the UI, and sees changes live', async () => {
    const wm = await t.createStaff('warehouse_manager');
    const page = await signedIn(wm.email, wm.password, '/locations');
    const nav = page.getByRole('navigation', { name: 'Sections' });

    // A new location.
    await page.getByRole('heading', { name: 'Locations' }).waitFor();
    await page.getByRole('button', { name: 'New location' }).click();
    await page.getByRole('textbox', { name: 'Code' }).fill('BACK');
    await page.getByRole('textbox', { name: 'Name' }).fill('Back room');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Location created').waitFor();
    await page.getByRole('cell', { name: 'Back room', exact: true }).waitFor();
    const back = (await api('GET', '/locations')).items.find((l: { code: string }) => l.code === 'BACK');
    expect(back).toMatchObject({ name: 'Back room', active: true });

    // Receive 20 at the default location.
    await nav.getByRole('link', { name: 'Stock', exact: true }).click();
    await page.getByRole('heading', { name: 'Stock levels' }).waitFor();
    await page.getByRole('link', { name: 'Receive stock' }).click();
    await page.getByRole('heading', { name: 'Receive stock' }).waitFor();
    await pickProduct(page, 'Yerba', YERBA);
    await page.getByRole('textbox', { name: 'Quantity' }).fill('20');
    await page.getByRole('textbox', { name: /Unit cost/ }).fill('12.50');
    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    await page.getByText('20 received; 20 on hand now.').waitFor();

    await nav.getByRole('link', { name: 'Stock', exact: true }).click();
    await page.getByRole('textbox', { name: 'Search products' }).fill('Yerba');
    await page.waitForURL(/q=Yerba/);
    await expect.poll(() => cellText(page, yerba, mainId, 'on-hand'), POLL).toBe('20');
    await expect.poll(() => page.getByTestId(`stock-${sugar}-${mainId}`).count(), POLL).toBe(0);

    await nav.getByRole('link', { name: 'Movements' }).click();
    await page.getByRole('heading', { name: 'Stock movements' }).waitFor();
    const receipt = page.getByTestId('movement').filter({ hasText: YERBA }).first();
    await expect.poll(() => receipt.textContent(), POLL).toMatch(/Receipt\+20.*\$12\.50/);

    // Adjust: "other" needs a note (the contract's rule, checked before sending).
    await page.goto(`${base}/admin/stock/adjust?productId=${yerba}`);
    await page.getByRole('heading', { name: 'Adjust stock' }).waitFor();
    await expect.poll(() => page.getByRole('combobox', { name: 'Product' }).inputValue(), POLL).toContain(YERBA);
    await page.getByRole('textbox', { name: 'Change in quantity' }).fill('-2');
    await pickOption(page, 'Reason', 'Other');
    await page.getByRole('button', { name: 'Adjust', exact: true }).click();
    await page.getByText('Check this value.').waitFor();
    await page.getByRole('textbox', { name: 'Note' }).fill('Broken bag');
    await page.getByRole('button', { name: 'Adjust', exact: true }).click();
    await page.getByText('18 on hand now.').waitFor();

    // Transfer: the same location twice is refused by the API, in words; then 5 to the back room.
    await page.goto(`${base}/admin/stock/transfer`);
    await pickProduct(page, 'Yerba', YERBA);
    await pickOption(page, 'From location', 'Main warehouse');
    await pickOption(page, 'To location', 'Main warehouse');
    await page.getByRole('textbox', { name: 'Quantity' }).fill('5');
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), POLL)
      .toBe('Choose two different locations.');
    await pickOption(page, 'To location', 'Back room');
    await page.getByRole('button', { name: 'Transfer', exact: true }).click();
    await page.getByText('5 moved from Main warehouse to Back room.').waitFor();

    // Count the back room: 4 counted where 5 were recorded.
    await page.goto(`${base}/admin/stock/count?productId=${yerba}&locationId=${back.id}`);
    await page.getByRole('textbox', { name: 'Counted quantity' }).fill('4');
    await page.getByRole('button', { name: 'Record count' }).click();
    await expect
      .poll(() => page.getByTestId('count-outcome').textContent(), POLL)
      .toBe('Difference: -1. On hand is now 4.');
    expect(Object.fromEntries((await levels(yerba)).map((l) => [l.locationId, l.onHand]))).toEqual({
      [mainId]: 13,
      [back.id]: 4,
    });

    // The back room still holds stock: it cannot be deactivated, and the user is told why.
    await nav.getByRole('link', { name: 'Locations' }).click();
    await page.getByRole('button', { name: 'Edit Back room' }).click();
    await page.getByRole('switch', { name: 'Active' }).uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByTestId('location-error').textContent(), POLL)
      .toBe('This location still holds stock.');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await api('GET', `/locations/${back.id}`)).active).toBe(true);

    // Sugar's low-stock alert (opened in beforeAll), acknowledged here.
    await nav.getByRole('link', { name: 'Alerts' }).click();
    await page.getByRole('heading', { name: 'Stock alerts' }).waitFor();
    const alert = page.getByTestId('alert').filter({ hasText: SUGAR });
    await expect.poll(() => alert.textContent(), POLL).toContain('Low stock');
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByText('Alert acknowledged').waitFor();
    await expect.poll(() => alert.count(), POLL).toBe(0);
    const sugarAlerts = (await api('GET', `/alerts?productId=${sugar}`)).items;
    expect(sugarAlerts).toEqual([expect.objectContaining({ status: 'acknowledged', acknowledgedBy: wm.id })]);

    // Another user's receipt reaches the open stock list without a reload.
    await nav.getByRole('link', { name: 'Stock', exact: true }).click();
    await expect.poll(() => cellText(page, yerba, mainId, 'on-hand'), POLL).toBe('13');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await api('POST', '/stock/receipts', { lines: [{ productId: yerba, quantity: 7, unitCostCents: 1250 }] });
    await expect.poll(() => cellText(page, yerba, mainId, 'on-hand'), POLL).toBe('20');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

    await page.context().close();
    expect(pages.flatMap((p) => p.problems)).toEqual([]);
  }, 240_000);

  it('sales staff see stock levels and the ledger, but no way to change stock', async () => {
    const staff = await t.createStaff('sales_staff');
    const page = await signedIn(staff.email, staff.password, '/stock');
    await page.getByRole('heading', { name: 'Stock levels' }).waitFor();
    await page.getByTestId(`stock-${sugar}-${mainId}`).waitFor();
    expect(await cellText(page, sugar, mainId, 'available')).toBe('7');
    expect(await page.getByRole('link', { name: 'Receive stock' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Adjust stock' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Receive', exact: true }).count()).toBe(0);
    const links = await page.getByRole('navigation', { name: 'Sections' }).getByRole('link').allTextContents();
    expect(links).toEqual(expect.arrayContaining(['Stock', 'Movements', 'Alerts', 'Locations']));

    await page.goto(`${base}/admin/stock/receive`);
    await page.getByText('Your role may not open this page.').waitFor();
    await page.goto(`${base}/admin/locations`);
    await page.getByRole('cell', { name: 'Main warehouse', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'New location' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Edit/ }).count()).toBe(0);
    await page.goto(`${base}/admin/alerts?status=all`);
    await page.getByTestId('alert').filter({ hasText: SUGAR }).waitFor();
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await page.context().close();
    expect(pages.flatMap((p) => p.problems)).toEqual([]);
  }, 120_000);
});
