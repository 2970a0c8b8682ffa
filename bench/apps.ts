/**
 * `npm run bench:apps`: the two apps in Debian's headless Chromium against the API as `npm start`
 * runs it, on the large demo (100,000 products, 1,000,000 order lines) — the figures the issues
 * ask for, written to bench/results/<date>-apps.json and quoted in docs/performance.md.
 *
 *   npm run bench:apps -- [--quick]     (--quick: the default-size demo, for a smoke run)
 *
 * Every duration is measured inside the page (performance.now(), polled each animation frame),
 * from the user's action to the moment the result is in the DOM, so Playwright's own round trips
 * are not counted. JavaScript sizes are the gzip (level 9) of every script the route loaded.
 * A missed target is reported, never an exit code: the machine is shared and noisy.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser';
import { machine } from './lib/report';
import { JWT_SECRET, ROOT, startApi, type ServerProcess } from './lib/processes';

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const ADMIN = { email: 'admin@bench.local', password: 'bench-admin-password-1' };
const CUSTOMER_PASSWORD = 'demo-password-1';

type Figure = { name: string; value: number; unit: 'ms' | 'KB'; target?: number; note?: string };
const figures: Figure[] = [];
const record = (f: Figure) => {
  figures.push(f);
  const verdict = f.target === undefined ? '' : f.value <= f.target ? '  ✓' : `  ✗ (target ≤ ${f.target} ${f.unit})`;
  console.log(`${f.name.padEnd(58)} ${f.value.toFixed(f.unit === 'KB' ? 1 : 0).padStart(8)} ${f.unit}${verdict}`);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The large demo (or the default one with --quick) in a fresh SQLite file. */
function loadDemo(dir: string): string {
  const databaseUrl = `sqlite:${join(dir, 'bodega.db')}`;
  const started = Date.now();
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'apps/api/src/tools/demo/demo-cli.ts', ...(args.quick ? [] : ['--large'])],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATA_DIR: dir,
        JWT_SECRET,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  console.log(`demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return databaseUrl;
}

/** Gzipped size of every script a fresh page loads for `url` until the network is idle. */
async function initialJs(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  const scripts: Promise<number>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => gzipSync(b, { level: 9 }).length));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const total = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  await page.close();
  return total / 1024;
}

/** Signs the context in through the API: its refresh cookie then opens the app signed in. */
async function signInContext(context: BrowserContext, base: string, email: string, password: string) {
  const res = await context.request.post(`${base}/api/v1/auth/login`, { data: { email, password } });
  if (!res.ok()) throw new Error(`sign-in of ${email} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as { accessToken: string };
}

async function admin(browser: Browser, base: string, token: string) {
  const fresh = await browser.newContext({ locale: 'en-US' });
  record({
    name: 'back office: initial JS of the sign-in route',
    value: await initialJs(fresh, `${base}/admin/sign-in`),
    unit: 'KB',
    target: 200,
  });
  await fresh.close();

  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
  await signInContext(context, base, ADMIN.email, ADMIN.password);
  const page = await context.newPage();

  // Dashboard: from the navigation's start to two charts drawn.
  await page.goto(`${base}/admin/`);
  await page.waitForFunction(() => document.querySelectorAll('.recharts-surface').length >= 2, null, {
    timeout: 30_000,
  });
  const charts = await page.evaluate(() => performance.now());
  record({ name: 'back office: dashboard charts drawn after navigation', value: charts, unit: 'ms', target: 1500 });

  // Products: from the click on the navbar link to the first row, five times (the chunk is cached after the first).
  const firstRows: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${base}/admin/`);
    await page.locator('a[href="/admin/products"]').first().waitFor();
    const ms = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          (document.querySelector('a[href="/admin/products"]') as HTMLElement).click();
          const tick = () =>
            document.querySelector('main tbody tr td') ? resolve(performance.now() - t0) : requestAnimationFrame(tick);
          tick();
        }),
    );
    firstRows.push(ms);
  }
  record({
    name: 'back office: products first rows after navigation (first)',
    value: firstRows[0]!,
    unit: 'ms',
    target: 1000,
  });
  record({
    name: 'back office: products first rows after navigation (median of 5)',
    value: median(firstRows),
    unit: 'ms',
    target: 1000,
  });

  // Search as you type: full SKUs of products far apart in the catalog, typed at 80 ms a key.
  const skus: string[] = [];
  for (const q of ['a', 'e', 'o', 'i', 'u']) {
    const res = await fetch(`${base}/api/v1/products?limit=1&q=${q}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { items: { sku: string }[] };
    if (body.items[0]) skus.push(body.items[0].sku);
  }
  const search = page.getByRole('searchbox').or(page.locator('main input[type="search"], main input').first()).first();
  const searches: number[] = [];
  for (const sku of skus) {
    await search.fill('');
    await page.evaluate(() => {
      const w = window as unknown as { lastKey: number };
      document.addEventListener('keydown', () => (w.lastKey = performance.now()), { capture: true });
    });
    await search.pressSequentially(sku, { delay: 80 });
    const ms = await page.evaluate(
      (want) =>
        new Promise<number>((resolve) => {
          const tick = () => {
            const rows = [...document.querySelectorAll('main tbody tr')];
            if (rows.length >= 1 && rows.every((r) => r.textContent?.toLowerCase().includes(want.toLowerCase())))
              return resolve(performance.now() - (window as unknown as { lastKey: number }).lastKey);
            requestAnimationFrame(tick);
          };
          tick();
        }),
      sku,
    );
    searches.push(ms);
  }
  record({
    name: `back office: search results after the last key (median of ${searches.length})`,
    value: median(searches),
    unit: 'ms',
    target: 300,
  });

  // 50 stock events at once on the stock screen: the longest task while they are applied.
  await page.goto(`${base}/admin/stock`);
  await page.locator('main tbody tr').first().waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/')) requests.push(r.url());
  });
  const products = (await (
    await fetch(`${base}/api/v1/products?limit=50`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { items: { id: number }[] };
  const locations = (await (
    await fetch(`${base}/api/v1/locations`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { items: { id: number }[] };
  const locationId = locations.items[0]!.id;
  await Promise.all(
    products.items.map((p, i) =>
      fetch(`${base}/api/v1/stock/receipts`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `bench-burst-${Date.now()}-${i}`,
        },
        body: JSON.stringify({ productId: p.id, locationId, quantity: 1, unitCostCents: 100 }),
      }).then(async (r) => {
        if (!r.ok) throw new Error(`receipt answered ${r.status}: ${await r.text()}`);
      }),
    ),
  );
  await page.waitForTimeout(3000);
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  record({
    name: 'back office: longest task while 50 stock events arrive',
    value: Math.max(0, ...longTasks),
    unit: 'ms',
    target: 100,
    note: `${longTasks.length} long tasks; ${requests.length} API requests by the page for the 50 events`,
  });
  console.log(`   (${requests.length} API requests by the page for the 50 events)`);
  await context.close();
}

async function mobile(browser: Browser, base: string, customerEmail: string) {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' };
  const plain = await browser.newContext({ ...phone, serviceWorkers: 'block' });
  await signInContext(plain, base, customerEmail, CUSTOMER_PASSWORD);
  record({
    name: 'mobile: initial JS of the catalog route',
    value: await initialJs(plain, `${base}/catalog`),
    unit: 'KB',
    target: 170,
  });
  await plain.close();

  const context = await browser.newContext(phone);
  await signInContext(context, base, customerEmail, CUSTOMER_PASSWORD);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // DevTools' "Fast 3G": 562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up; and a 4× slower CPU.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 562.5,
    downloadThroughput: (1.44 * 1024 * 1024) / 8,
    uploadThroughput: (675 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const firstProducts = async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid="product"]'), null, { timeout: 60_000 });
    return page.evaluate(() => performance.now());
  };
  await page.goto(`${base}/catalog`);
  record({
    name: 'mobile: first products, cold load (Fast 3G, 4× CPU)',
    value: await firstProducts(),
    unit: 'ms',
    target: 2500,
  });
  await page.waitForFunction(() => navigator.serviceWorker?.ready.then(() => true), null, { timeout: 60_000 });
  await page.reload();
  await firstProducts();
  const controlled = await page.evaluate(() => Boolean(navigator.serviceWorker?.controller));
  await page.reload();
  record({
    name: 'mobile: first products from the service worker (Fast 3G, 4× CPU)',
    value: await firstProducts(),
    unit: 'ms',
    target: 1000,
    note: controlled ? 'page controlled by the service worker' : 'NOT controlled by a service worker',
  });
  await context.close();
}

const dir = mkdtempSync(join(tmpdir(), 'bodega-bench-apps-'));
let server: ServerProcess | undefined;
let browser: Browser | undefined;
try {
  const databaseUrl = loadDemo(dir);
  server = await startApi({ databaseUrl, dataDir: dir, adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  browser = await launchChromium();
  await admin(browser, server.url, accessToken);
  const customers = (await (
    await fetch(`${server.url}/api/v1/users?role=customer&limit=1`, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
  ).json()) as { items: { email: string }[] };
  const customer = customers.items[0]?.email;
  if (customer) await mobile(browser, server.url, customer);
  else console.log('mobile: no customer account in the demo; skipped');
  const out = join(ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `${new Date().toISOString().slice(0, 10)}-apps${args.quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify({ machine: machine(), quick: args.quick, figures }, null, 2) + '\n');
  console.log(`\nwritten ${file}`);
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
