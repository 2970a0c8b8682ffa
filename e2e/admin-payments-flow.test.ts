/**
 * Collections in the back office, as sales staff: a customer owes a delivered credit order; a
 * partial payment, then the rest, each previewed against the debt; a void with a reason reopens
 * it; the statement shows every movement and downloads as a PDF. Also runs on PostgreSQL.
 */
import type { Debt, Order, Payment } from '@bodega/contract';
import type { Browser } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, type WatchedPage } from './support/browser';
import { serve, type Served } from './support/server';

let t: Served;
let browser: Browser;
let admin: string;
let customerId: number;
let order: Order;
let money: (cents: number) => string;

const api = async <T>(method: 'GET' | 'POST', url: string, token: string, payload?: object): Promise<T> => {
  const res = await t.request({ method, url: `/api/v1${url}`, token, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json<T>();
};
/** Intl's spaces (narrow, non-breaking) as plain ones, so assertions read like the screen. */
const plain = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

beforeAll(async () => {
  t = await serve();
  admin = await t.adminToken();
  const { currency } = await api<{ currency: string }>('GET', '/reports/dashboard', admin);
  const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  money = (cents) => plain(intl.format(cents / 100));

  customerId = (
    await api<{ id: number }>('POST', '/customers', admin, {
      name: 'Ferretería La Esquina',
      creditLimitCents: 1_000_000,
      paymentTermsDays: 30,
    })
  ).id;
  const productId = await t.insertProduct({ name: 'Martillo de uña', priceCents: 125_00 });
  await api('POST', '/stock/receipts', admin, { lines: [{ productId, quantity: 10, unitCostCents: 50_00 }] });
  order = await api<Order>('POST', '/orders', admin, {
    customerId,
    paymentTerms: 'credit',
    lines: [{ productId, quantity: 1 }],
  });
  for (const to of ['confirmed', 'processing', 'shipped', 'delivered'])
    await api('POST', `/orders/${order.id}/transitions`, admin, { to });
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const debtOf = async () =>
  (await api<{ items: Debt[] }>('GET', `/debts?customerId=${customerId}`, admin)).items.find(
    (d) => d.orderId === order.id,
  )!;

describe('collections in the back office', () => {
  it('sales staff record a partial and a full payment, void one, and read the statement', async () => {
    const staff = await t.createStaff('sales_staff');
    const page: WatchedPage = await newPage(browser, { acceptDownloads: true });
    // The lazy chart chunk is the heaviest page of the app: room for a busy machine.
    page.setDefaultTimeout(20_000);
    const debt = await debtOf();
    expect(debt).toMatchObject({ amountCents: order.totalCents, status: 'open' });
    const partial = 40_00;
    const rest = order.totalCents - partial;

    await page.goto(`${t.base}/admin/receivables/debtors`);
    await page.getByLabel('Email').fill(staff.email);
    await page.locator('input[type=password]').fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The debtors list: the customer and what they owe.
    await page.getByRole('heading', { name: 'Debtors' }).waitFor();
    const debtor = page.getByTestId(`debtor-${customerId}`);
    await debtor.waitFor();
    expect(plain(await debtor.textContent())).toContain(money(order.totalCents));

    // A partial payment from the customer's statement, previewed against the debt.
    await debtor.getByRole('link', { name: 'Ferretería La Esquina' }).click();
    await page.getByRole('heading', { name: 'Statement: Ferretería La Esquina' }).waitFor();
    await page.getByRole('link', { name: 'Record payment' }).click();
    await page.getByRole('heading', { name: 'Record payment' }).waitFor();
    const preview = page.getByTestId(`preview-${debt.id}`);
    await preview.waitFor();
    await page.getByLabel(/^Amount\s*\*?$/).fill('40');
    await page.getByLabel('Reference').fill('REC-001');
    await expect.poll(async () => plain(await preview.textContent())).toContain(money(partial) + money(rest));

    // More than is owed is refused before it is sent.
    await page.getByLabel(/^Amount\s*\*?$/).fill(String(order.totalCents / 100 + 1));
    await page.getByTestId('preview-refusal').getByText('The payment is more than what is owed.').waitFor();
    await page.getByLabel(/^Amount\s*\*?$/).fill('40');
    await page.getByRole('button', { name: 'Save payment' }).click();

    await page.getByRole('heading', { name: /^Payment #\d+$/ }).waitFor();
    const firstPaymentUrl = page.url();
    await page.getByRole('link', { name: `Debt #${debt.id}` }).click();
    await page.getByTestId('debt-status').getByText('Partially paid').waitFor();
    expect(plain(await page.getByTestId('debt-outstanding').textContent())).toBe(money(rest));

    // The rest, from the debt itself, allocated by hand this time.
    await page.getByRole('link', { name: 'Record payment' }).click();
    await preview.waitFor();
    await page.getByLabel(/^Amount\s*\*?$/).fill(String(rest / 100));
    await page.getByText('Choose', { exact: true }).click();
    await page.getByTestId('preview-refusal').getByText('must add up').waitFor();
    await page.getByLabel(`Amount for debt #${debt.id}`).fill(String(rest / 100));
    await page.getByTestId('preview-refusal').waitFor({ state: 'detached' });
    await expect.poll(async () => plain(await preview.textContent())).toContain(money(rest) + money(0));
    await page.getByRole('button', { name: 'Save payment' }).click();
    await page.getByRole('heading', { name: /^Payment #\d+$/ }).waitFor();
    await page.getByRole('link', { name: `Debt #${debt.id}` }).click();
    await page.getByTestId('debt-status').getByText('Paid', { exact: true }).waitFor();
    expect(plain(await page.getByTestId('debt-outstanding').textContent())).toBe(money(0));

    // Nobody owes anything now.
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Debtors' }).click();
    await page.getByTestId('empty').waitFor();
    expect(await page.getByTestId(`debtor-${customerId}`).count()).toBe(0);

    // The statement: the debt, both payments, a zero balance.
    await page.goto(`${t.base}/admin/receivables/customers/${customerId}`);
    const statement = page.getByTestId('statement');
    await statement.waitFor();
    expect(await statement.locator('tr[data-kind=debt]').count()).toBe(1);
    expect(await statement.locator('tr[data-kind=payment]').count()).toBe(2);
    expect(plain(await page.getByTestId('closing-balance').textContent())).toBe(money(0));

    // Voiding the first payment, with a reason, reopens the debt for that amount.
    await page.goto(firstPaymentUrl);
    await page.getByRole('button', { name: 'Void payment' }).click();
    await page.getByRole('dialog').getByLabel('Reason').fill('Cheque bounced');
    await page.getByRole('dialog').getByRole('button', { name: 'Void', exact: true }).click();
    await page.getByTestId('voided').getByText('Cheque bounced').waitFor();
    expect(await page.getByRole('button', { name: 'Void payment' }).count()).toBe(0);
    await page.getByRole('link', { name: `Debt #${debt.id}` }).click();
    await page.getByTestId('debt-status').getByText('Partially paid').waitFor();
    expect(plain(await page.getByTestId('debt-outstanding').textContent())).toBe(money(partial));
    expect(await debtOf()).toMatchObject({ status: 'partially_paid', balanceCents: partial, paidCents: rest });
    const payments = (await api<{ items: Payment[] }>('GET', `/payments?customerId=${customerId}`, admin)).items;
    expect(payments.map((p) => [p.amountCents, p.status, p.voidReason])).toEqual([
      [rest, 'recorded', null],
      [partial, 'voided', 'Cheque bounced'],
    ]);

    // The statement as a PDF.
    await page.goto(`${t.base}/admin/receivables/customers/${customerId}`);
    await statement.waitFor();
    expect(plain(await page.getByTestId('closing-balance').textContent())).toBe(money(partial));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    // The reopened debt in the filtered debts list, and in the aging report (not yet due).
    await page.goto(`${t.base}/admin/receivables/debts?customerId=${customerId}&status=partially_paid`);
    const row = page.getByTestId(`debt-${debt.id}`);
    await row.waitFor();
    expect(plain(await row.textContent())).toContain(order.number);
    await page.goto(`${t.base}/admin/receivables/aging`);
    const aging = page.getByTestId('aging-table');
    await aging.waitFor();
    const agingRow = aging.getByRole('row', { name: /Ferretería La Esquina/ });
    expect(plain(await agingRow.textContent())).toContain(money(partial));
    await page.locator('.recharts-bar-rectangle').first().waitFor();

    expect(page.problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
