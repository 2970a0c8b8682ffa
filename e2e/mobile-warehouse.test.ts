/**
 * The phone app for warehouse staff in a real browser: apps/mobile built with Vite, served by a
 * real API (SQLite), in Debian's headless Chromium at a phone's size, with a fake camera playing an
 * MJPEG of product A's EAN-13 (e2e/support/fake-camera.ts). Linux Chromium has no native
 * BarcodeDetector, so this covers the zxing-wasm fallback, its wasm served by the app itself (and,
 * offline, by its service worker). A second context has the camera refused.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, type WatchedPage } from './support/browser';
import { fakeCameraArgs, fakeCameraFile } from './support/fake-camera';
import { serve, type Served } from './support/server';

/** A is on the camera; B is typed in the manual field; C comes from a hardware (keyboard-wedge) scanner. */
const A = { sku: 'WH-A', barcode: '7501234567893', name: 'Harina de maíz 1 kg' };
const B = { sku: 'WH-B', barcode: '96385074', name: 'Aceite de girasol 900 ml' };
const C = { sku: 'WH-C', barcode: 'WH-C-0001', name: 'Jabón en barra' };

let t: Served;
let admin: string;
let staff: { email: string; password: string; token: string };
let browser: Browser;
let page: WatchedPage;
const ids: Record<string, number> = {};
let poId: number;
let poNumber: string;
const requests: string[] = [];

async function api(method: 'GET' | 'POST', url: string, payload?: object, token = admin) {
  const res = await t.request({ method, url: `/api/v1${url}`, token, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  const [served, camera] = await Promise.all([serve(), fakeCameraFile(A.barcode, { format: 'ean13' })]);
  t = served;
  admin = await t.adminToken();
  for (const p of [A, B, C]) {
    ids[p.sku] = (await api('POST', '/products', { ...p, priceCents: 250_00, costCents: 100_00 })).id;
  }
  await api('POST', '/stock/receipts', {
    lines: [
      { productId: ids[A.sku], quantity: 10, unitCostCents: 100_00 },
      { productId: ids[B.sku], quantity: 5, unitCostCents: 100_00 },
      { productId: ids[C.sku], quantity: 3, unitCostCents: 100_00 },
    ],
  });
  const supplier = await api('POST', '/suppliers', { name: 'Molinos del Sur' });
  const po = await api('POST', '/purchase-orders', {
    supplierId: supplier.id,
    lines: [
      { productId: ids[A.sku], quantity: 2 },
      { productId: ids[B.sku], quantity: 3 },
    ],
  });
  await api('POST', `/purchase-orders/${po.id}/transitions`, { to: 'sent' });
  poId = po.id;
  poNumber = po.number;
  staff = await t.createStaff('warehouse_manager');
  browser = await launchChromium(fakeCameraArgs(camera));
  page = await newPage(browser, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    permissions: ['camera'],
  });
  page.on('request', (r) => requests.push(r.url()));
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const scannerReady = () => page.getByTestId('scanner-video').waitFor();

// The camera's reads wait up to 45 s: decoding the fake camera's frames shares two cores with
// the rest of the suite (API tests, other browsers), and took over 20 s in some full runs.
describe('the phone app for warehouse staff', () => {
  it(
    'a warehouse manager signs in, scans a barcode with the camera and the product opens',
    { timeout: 120_000 },
    async () => {
      await page.goto(`${t.base}/sign-in?returnTo=%2Fcatalog`);
      await page.getByLabel('Email').fill(staff.email);
      await page.locator('input[type=password]').fill(staff.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Catalog' }).waitFor();
      // The scanner's code is lazy: the catalog loaded none of it.
      expect(requests.filter((u) => /ScannerView|ponyfill/.test(u))).toEqual([]);
      // For staff the decoder's wasm comes in the background, from the app itself, ready for offline.
      await expect.poll(() => requests.filter((u) => u.endsWith('.wasm')), { timeout: 15_000 }).toHaveLength(1);

      await page.getByRole('navigation', { name: 'Sections' }).getByText('Scan').tap();
      await page.getByRole('heading', { name: A.name }).waitFor({ timeout: 45_000 });
      expect(page.url()).toBe(`${t.base}/warehouse/products/${ids[A.sku]}`);
      await expect.poll(() => page.getByTestId('on-hand').textContent()).toBe('10');
      expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(false);
      // The marks a performance script reads: the camera's read, then the product on screen.
      const [read, opened] = await page.evaluate(() =>
        ['bodega:scan-read', 'bodega:product-opened'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? -1),
      );
      expect(read).toBeGreaterThan(0);
      expect(opened).toBeGreaterThanOrEqual(read!);
      console.log(`camera read to product opened: ${Math.round(opened! - read!)} ms`);
      const wasm = requests.filter((u) => u.endsWith('.wasm'));
      expect(wasm.length).toBeGreaterThanOrEqual(1);
      expect(wasm.every((u) => u.startsWith(`${t.base}/assets/`))).toBe(true);

      // Receive two in a few taps: the keypad, then the big button.
      await page.getByRole('button', { name: '2', exact: true }).tap();
      await expect.poll(() => page.getByLabel('Quantity received').inputValue()).toBe('2');
      await page.getByRole('button', { name: 'Receive', exact: true }).last().tap();
      await page.getByText('Goods received.').waitFor();
      await expect.poll(() => page.getByTestId('on-hand').textContent()).toBe('12');
    },
  );

  it(
    'counts three products (camera, manual field, keyboard wedge), reviews live differences and submits',
    { timeout: 120_000 },
    async () => {
      await page.goto(`${t.base}/warehouse/counts`);
      await page.getByRole('button', { name: 'Start counting' }).click();
      const card = (name: string) => page.getByText(name, { exact: true }).first();
      const count = async (name: string, onHand: string, counted: string) => {
        await card(name).waitFor({ timeout: 45_000 });
        await expect
          .poll(() => page.getByTestId('count-on-hand').textContent())
          .toBe(`On hand in the system: ${onHand}`);
        await page.getByLabel('Counted', { exact: true }).fill(counted);
        await page.getByRole('button', { name: 'Next' }).click();
        await page.getByTestId('count-on-hand').waitFor({ state: 'detached' });
      };
      await scannerReady();
      await count(A.name, '12', '8');

      await page.getByLabel('Barcode or code').fill(B.barcode);
      await page.getByLabel('Barcode or code').press('Enter');
      await count(B.name, '5', '6');

      // A hardware scanner: a burst of keys 5 ms apart, then Enter, with no field focused.
      await page.getByRole('heading', { name: 'Stock count' }).click();
      await page.keyboard.type(C.barcode, { delay: 5 });
      await page.keyboard.press('Enter');
      await count(C.name, '3', '3');

      // The session lives on the device: a reload keeps it.
      await page.reload();
      await page.getByText('3 products counted').waitFor();
      await page.getByRole('button', { name: 'Review differences' }).click();
      const row = (name: string) => page.getByTestId('count-review').getByRole('row').filter({ hasText: name });
      await expect
        .poll(() => row(A.name).innerText())
        .toMatch(/8\s+12\s+-4/)
        .catch(async (e) => {
          console.log('DEBUG', await page.locator('main').innerText());
          throw e;
        });
      await expect.poll(() => row(B.name).innerText()).toMatch(/6\s+5\s+\+1/);
      await expect.poll(() => row(C.name).innerText()).toMatch(/3\s+3\s+0/);

      // Someone receives one more A meanwhile: on hand and the difference follow live.
      await api('POST', '/stock/receipts', { lines: [{ productId: ids[A.sku], quantity: 1, unitCostCents: 100_00 }] });
      await expect.poll(() => row(A.name).innerText(), { timeout: 5000 }).toMatch(/8\s+13\s+-5/);

      await page.getByRole('button', { name: 'Submit 3 counts' }).click();
      await page.getByText('3 counts recorded.').waitFor();

      const movements = async (sku: string) =>
        (await api('GET', `/stock/movements?productId=${ids[sku]}&type=count`, undefined, staff.token)).items;
      expect(await movements(A.sku)).toMatchObject([{ type: 'count', quantity: -5, onHandAfter: 8 }]);
      expect(await movements(B.sku)).toMatchObject([{ type: 'count', quantity: 1, onHandAfter: 6 }]);
      expect(await movements(C.sku)).toEqual([]);
      const level = await api('GET', `/stock?productId=${ids[A.sku]}`);
      expect(level.items[0].onHand).toBe(8);
    },
  );

  it(
    'receives against a purchase order: the camera item once, wedge scans, one over-receipt confirmed',
    { timeout: 120_000 },
    async () => {
      await page.goto(`${t.base}/warehouse/receiving`);
      await page.getByText(poNumber).click();
      const line = (sku: string) => page.getByTestId(`po-line-${sku}`);
      await expect.poll(() => line(A.sku).getByTestId('outstanding').textContent()).toBe('2 outstanding');
      const receiving = (p: { name: string }) => page.getByLabel(`Receiving now: ${p.name}`);

      // Continuous mode: A stays in front of the camera, and counts once.
      await expect.poll(() => receiving(A).inputValue(), { timeout: 45_000 }).toBe('1');
      for (let i = 0; i < 3; i++) {
        await page.getByRole('heading', { name: poNumber }).click();
        await page.keyboard.type(B.barcode, { delay: 5 });
        await page.keyboard.press('Enter');
        await expect
          .poll(() => receiving(B).inputValue())
          .toBe(String(i + 1))
          .catch(async (e) => {
            console.log('DEBUG', await page.locator('main').innerText());
            throw e;
          });
      }
      expect(await receiving(A).inputValue()).toBe('1');
      await page.getByRole('button', { name: `One more ${A.name}` }).tap();
      await page.getByRole('button', { name: `One more ${A.name}` }).tap();
      await line(A.sku).getByText('1 more than ordered').waitFor();

      await page.getByRole('button', { name: 'Receive 6 units' }).click();
      const dialog = page.getByRole('dialog', { name: 'More than ordered' });
      await dialog.getByText(`${A.name}: 1 extra unit`).waitFor();
      await dialog.getByRole('button', { name: 'Receive the extra' }).click();
      await page.getByText('6 units received.').waitFor();
      await expect.poll(() => line(B.sku).getByTestId('outstanding').textContent()).toBe('0 outstanding');

      const po = await api('GET', `/purchase-orders/${poId}`);
      expect(po.status).toBe('received');
      expect(po.lines).toMatchObject([
        { productId: ids[A.sku], receivedQuantity: 3, overReceived: true },
        { productId: ids[B.sku], receivedQuantity: 3, overReceived: false },
      ]);
      expect(page.problems).toEqual([]);
    },
  );

  it(
    'without the camera (refused): no picture box, why and how to allow it; the manual field opens a product, and Try again starts the camera',
    { timeout: 120_000 },
    async () => {
      const denied = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      // What a browser answers when the site's camera setting is Block, until the user allows it.
      await denied.context().addInitScript(() => {
        const media = navigator.mediaDevices;
        const real = media.getUserMedia.bind(media);
        media.getUserMedia = (c) =>
          (window as { allowCamera?: boolean }).allowCamera
            ? real(c)
            : Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      });
      try {
        await denied.goto(`${t.base}/sign-in?returnTo=%2Fwarehouse%2Fscan`);
        await denied.getByLabel('Email').fill(staff.email);
        await denied.locator('input[type=password]').fill(staff.password);
        await denied.getByRole('button', { name: 'Sign in' }).click();
        const panel = denied.getByTestId('no-camera');
        await panel.waitFor({ timeout: 45_000 });
        expect(await panel.getAttribute('data-problem')).toBe('denied');
        expect(await panel.innerText()).toContain('The camera is blocked for this site');
        expect(await panel.innerText()).toContain('set Camera to Allow');
        // No black picture box, no camera-only controls; the typed and hardware ways stay.
        expect(await denied.getByTestId('scanner-video').boundingBox()).toBeNull();
        expect(await denied.getByRole('radiogroup', { name: 'Scanning mode' }).count()).toBe(0);
        await denied.getByText('use a hardware scanner: it works anywhere on this screen').waitFor();

        await denied.getByLabel('Barcode or code').fill(B.barcode);
        await denied.getByRole('button', { name: 'Look up' }).tap();
        await denied.getByRole('heading', { name: B.name }).waitFor();
        expect(denied.url()).toBe(`${t.base}/warehouse/products/${ids[B.sku]}`);

        // Allowed in the site settings meanwhile: Try again, and the camera reads A.
        await denied.goBack();
        await panel.waitFor();
        await denied.evaluate(() => ((window as { allowCamera?: boolean }).allowCamera = true));
        await panel.getByRole('button', { name: 'Try again' }).tap();
        await denied.getByTestId('scanner-video').waitFor();
        await denied.getByRole('heading', { name: A.name }).waitFor({ timeout: 45_000 });
        expect(denied.problems).toEqual([]);
      } finally {
        await denied.context().close();
      }
    },
  );

  it(
    'scans offline once the app was opened: the decoder wasm comes from the service worker',
    { timeout: 120_000 },
    async () => {
      await page.goto(`${t.base}/warehouse/scan`);
      await page.reload();
      await expect
        .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 45_000 })
        .toBe(true);
      // Online, the worker keeps the decoder once fetched (the scanner's or the warm-up's fetch).
      await expect
        .poll(
          () =>
            page.evaluate(async () =>
              (await (await caches.open('bodega-scanner')).keys()).map((r) => new URL(r.url).pathname),
            ),
          { timeout: 45_000 },
        )
        .toEqual([expect.stringMatching(/^\/assets\/.+\.wasm$/)]);
      const wasm: boolean[] = [];
      page.on('response', (r) => {
        if (r.url().endsWith('.wasm')) wasm.push(r.fromServiceWorker());
      });
      await page.context().setOffline(true);
      try {
        await page.reload();
        await page.getByRole('heading', { name: 'Scan a product' }).waitFor();
        const read = () =>
          page.evaluate(
            () => (performance.getEntriesByName('bodega:scan-read')[0] as PerformanceMark | undefined)?.detail?.code,
          );
        await expect.poll(read, { timeout: 45_000 }).toBe(A.barcode);
        // The scanner's and the background warm-up's fetches alike.
        expect(wasm.length).toBeGreaterThanOrEqual(1);
        expect(wasm.every(Boolean)).toBe(true);
        expect(await page.getByText('The barcode reader could not start').count()).toBe(0);
      } finally {
        await page.context().setOffline(false);
      }
    },
  );
});
