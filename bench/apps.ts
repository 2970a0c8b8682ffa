/**
 * `npm run bench:apps`: the two apps in Debian's headless Chromium against the API as `npm start`
 * runs it, on the large demo (100,000 products, 1,000,000 order lines) — the figures the issues
 * ask for, written to bench/results/<date>-apps.json and quoted in docs/performance.md.
 *
 *   npm run bench:apps -- [--quick] [--dir DIR] [--waterfall] [--only admin|mobile] [--runs N]
 *
 * --quick: the default-size demo, for a smoke run. --dir: keep the loaded database in DIR and
 * reuse it on the next run (the large demo takes a minute or two to load). --waterfall: print
 * every request of the phone's throttled loads, with when it started and ended. --only: one app's
 * figures. --runs: the phone's throttled loads N times in fresh contexts (each figure's median).
 *
 * Every duration is measured inside the page (performance.now(), polled each animation frame),
 * from the user's action to the moment the result is in the DOM, so Playwright's own round trips
 * are not counted. JavaScript sizes are the gzip (level 9) of every script the route loaded.
 * A missed target is reported, never an exit code: the machine is shared and noisy.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/browser';
import { machine } from './lib/report';
import { JWT_SECRET, ROOT, startApi, type ServerProcess } from './lib/processes';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    dir: { type: 'string' },
    waterfall: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string', default: '1' },
  },
});
const ADMIN = { email: 'admin@bench.local', password: 'bench-admin-password-1' };
const CUSTOMER_PASSWORD = 'demo-password-1';

type Figure = { name: string; value: number; unit: 'ms' | 'KB'; target?: number; note?: string };
const figures: Figure[] = [];
const record = (f: Figure) => {
  figures.push(f);
  const verdict = f.target === undefined ? '' : f.value <= f.target ? '  ✓' : `  ✗ (target ≤ ${f.target} ${f.unit})`;
  console.log(`${f.name.padEnd(58)} ${f.value.toFixed(f.unit === 'KB' ? 1 : 0).padStart(8)} ${f.unit}${verdict}`);
  if (f.note) console.log(`   ${f.note}`);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The large demo (or the default one with --quick) in a fresh SQLite file. */
function loadDemo(dir: string): string {
  const databaseUrl = `sqlite:${join(dir, 'bodega.db')}`;
  if (existsSync(join(dir, 'bodega.db'))) return databaseUrl;
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

/**
 * The JavaScript of a route: every script a fresh page (no cache, no service worker) has
 * requested by the time it is ready, gzipped at level 9, with the chunks' names. Ready: `ready`
 * matches, and, with `mark`, the app has set that performance mark (the phone's catalog arrives
 * drawn by the server, before any script: it is ready once hydrated). Scripts a screen loads
 * after it is ready (the phone app's socket, say) come later and are listed apart.
 */
async function initialJs(
  context: BrowserContext,
  url: string,
  ready: string,
  mark?: string,
): Promise<{ kb: number; note: string }> {
  const page = await context.newPage();
  const scripts: { url: string; size: Promise<number> }[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'script') return;
    scripts.push({ url: r.url(), size: r.body().then((b) => gzipSync(b, { level: 9 }).length) });
  });
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 30_000 });
  if (mark) await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 30_000 });
  // What had been asked for when it was ready, by the page's own resource timing.
  const before = new Set(
    await page.evaluate((m) => {
      const at = m ? performance.getEntriesByName(m)[0]!.startTime : performance.now();
      return performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime <= at)
        .map((e) => e.name);
    }, mark),
  );
  await page.waitForLoadState('networkidle');
  const sizes = await Promise.all(scripts.map((s) => s.size));
  await page.close();
  const kb = (n: number) => (n / 1024).toFixed(1);
  const name = (u: string) => (u.split('/').pop() ?? '').replace(/-[\w-]{8}\.js$/, '');
  const first = scripts.map((s, i) => ({ ...s, kb: sizes[i]! })).filter((s) => before.has(s.url));
  const later = scripts.map((s, i) => ({ ...s, kb: sizes[i]! })).filter((s) => !before.has(s.url));
  return {
    kb: first.reduce((a, s) => a + s.kb, 0) / 1024,
    note: `${first.map((s) => `${name(s.url)} ${kb(s.kb)}`).join(', ')}${
      later.length ? `; after: ${later.map((s) => `${name(s.url)} ${kb(s.kb)}`).join(', ')}` : ''
    }`,
  };
}

/** --waterfall: each request of the page, with when it started and ended (from the first). */
function printWaterfall(page: Page, base: string): void {
  let t0: number | undefined;
  page.on('requestfinished', (r) => {
    const t = r.timing(); // startTime is epoch ms; responseEnd counts from it
    t0 ??= t.startTime;
    const from = t.startTime - t0;
    const url = r.url().replace(base, '').slice(0, 90);
    console.log(
      `   ${from.toFixed(0).padStart(6)} → ${(from + t.responseEnd).toFixed(0).padStart(6)} ms ${r.method()} ${url}`,
    );
  });
}

/** Signs the context in through the API: its refresh cookie then opens the app signed in. */
async function signInContext(context: BrowserContext, base: string, email: string, password: string) {
  const res = await context.request.post(`${base}/api/v1/auth/login`, { data: { email, password } });
  if (!res.ok()) throw new Error(`sign-in of ${email} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as { accessToken: string };
}

async function admin(browser: Browser, base: string, token: string) {
  const fresh = await browser.newContext({ locale: 'en-US' });
  const signIn = await initialJs(fresh, `${base}/admin/sign-in`, 'button[type=submit]');
  record({
    name: 'back office: initial JS of the sign-in route',
    value: signIn.kb,
    unit: 'KB',
    target: 200,
    note: signIn.note,
  });
  await fresh.close();

  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
  await signInContext(context, base, ADMIN.email, ADMIN.password);
  const page = await context.newPage();
  if (args.waterfall) printWaterfall(page, base);

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
    // Strings, not functions: tsx would wrap a function's inner functions in its __name helper,
    // which does not exist in the page.
    const ms = await page.evaluate<number>(`new Promise((resolve) => {
      const t0 = performance.now();
      document.querySelector('a[href="/admin/products"]').click();
      const tick = () => (document.querySelector('[data-testid=products-table] tbody tr td') ? resolve(performance.now() - t0) : requestAnimationFrame(tick));
      tick();
    })`);
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
    await page.evaluate(
      `document.addEventListener('keydown', () => (window.lastKey = performance.now()), { capture: true })`,
    );
    await search.pressSequentially(sku, { delay: 80 });
    const ms = await page.evaluate<number>(`new Promise((resolve) => {
      const want = ${JSON.stringify(sku.toLowerCase())};
      const tick = () => {
        const rows = [...document.querySelectorAll('main tbody tr')];
        if (rows.length >= 1 && rows.every((r) => (r.textContent || '').toLowerCase().includes(want))) return resolve(performance.now() - window.lastKey);
        requestAnimationFrame(tick);
      };
      tick();
    })`);
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
  await page.evaluate(`window.longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask' });`);
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
        body: JSON.stringify({ locationId, lines: [{ productId: p.id, quantity: 1, unitCostCents: 100 }] }),
      }).then(async (r) => {
        if (!r.ok) throw new Error(`receipt answered ${r.status}: ${await r.text()}`);
      }),
    ),
  );
  await page.waitForTimeout(3000);
  const longTasks = await page.evaluate<number[]>('window.longTasks');
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
  const catalog = await initialJs(plain, `${base}/catalog`, '[data-testid="product"]', 'bodega:interactive');
  record({
    name: 'mobile: initial JS of the catalog route',
    value: catalog.kb,
    unit: 'KB',
    target: 170,
    note: catalog.note,
  });
  await plain.close();

  const runs = Math.max(1, Number(args.runs) || 1);
  const cold: Loaded[] = [];
  const warm: Loaded[] = [];
  let controlled = true;
  for (let run = 0; run < runs; run++) {
    const loads = await throttledLoads(browser, phone, base, customerEmail);
    cold.push(loads.cold);
    warm.push(loads.fromWorker);
    controlled &&= loads.controlled;
  }
  const spread = (xs: number[]) =>
    xs.length > 1 ? `median of ${xs.length} runs: ${xs.map((x) => x.toFixed(0)).join(', ')} ms` : undefined;
  const figure = (name: string, loads: Loaded[], key: keyof Loaded, target?: number, extra?: string) =>
    record({
      name,
      value: median(loads.map((l) => l[key])),
      unit: 'ms',
      ...(target === undefined ? {} : { target }),
      note: [spread(loads.map((l) => l[key])), extra].filter(Boolean).join('; ') || undefined,
    });
  figure('mobile: first products painted, cold load (Fast 3G, 4× CPU)', cold, 'painted', 2500);
  figure('mobile: first products usable, cold load (Fast 3G, 4× CPU)', cold, 'usable');
  figure(
    'mobile: first products painted from the service worker (Fast 3G, 4× CPU)',
    warm,
    'painted',
    1000,
    controlled ? 'page controlled by the service worker' : 'NOT controlled by a service worker',
  );
  figure('mobile: first products usable from the service worker (Fast 3G, 4× CPU)', warm, 'usable');
}

/** When the first product's name was painted, and when the app answered taps (ms from navigation). */
type Loaded = { painted: number; usable: number };

/**
 * A signed-in phone in a fresh context (no cache, no service worker, nothing stored): the catalog
 * loaded cold, then, once the service worker is installed, loaded again from it.
 */
async function throttledLoads(
  browser: Browser,
  phone: Parameters<Browser['newContext']>[0],
  base: string,
  customerEmail: string,
): Promise<{ cold: Loaded; fromWorker: Loaded; controlled: boolean }> {
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
  // "Visible" is painted: the Element Timing API reports when the first product's name was drawn
  // (a drawn page's HTML holds the products before its CSS lets the browser paint them).
  // "Usable": the app's mark once it answers taps (its first commit, or its hydration).
  await page.addInitScript(() => {
    const w = window as unknown as { productPainted?: number };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number })[]) {
        if (entry.identifier === 'product') w.productPainted ??= entry.renderTime || entry.startTime;
      }
    }).observe({ type: 'element', buffered: true });
  });
  const firstProducts = async () => {
    await page.waitForFunction(() => (window as unknown as { productPainted?: number }).productPainted, null, {
      timeout: 60_000,
    });
    await page.waitForFunction(() => performance.getEntriesByName('bodega:interactive').length > 0, null, {
      timeout: 60_000,
    });
    return page.evaluate<{ painted: number; usable: number }>(`({
      painted: window.productPainted,
      usable: Math.max(window.productPainted, performance.getEntriesByName('bodega:interactive')[0].startTime),
    })`);
  };
  if (args.waterfall) printWaterfall(page, base);
  // Each load also waits for the session's refresh to answer before the next, so that no load
  // is measured while the previous one's refresh still shares the line.
  const load = async (navigate: () => Promise<unknown>) => {
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'), { timeout: 60_000 });
    await navigate();
    const loaded = await firstProducts();
    await refreshed;
    return loaded;
  };
  const cold = await load(() => page.goto(`${base}/catalog`));
  await page.evaluate(`navigator.serviceWorker.ready.then(() => true)`);
  await load(() => page.reload());
  const controlled = await page.evaluate<boolean>('Boolean(navigator.serviceWorker.controller)');
  const fromWorker = await load(() => page.reload());
  await context.close();
  return { cold, fromWorker, controlled };
}

const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'bodega-bench-apps-'));
if (args.dir) mkdirSync(args.dir, { recursive: true });
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
  if (args.only !== 'mobile') await admin(browser, server.url, accessToken);
  const customers = (await (
    await fetch(`${server.url}/api/v1/users?role=customer&limit=1`, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
  ).json()) as { items: { email: string }[] };
  const customer = customers.items[0]?.email;
  if (args.only === 'admin') console.log('mobile: skipped (--only admin)');
  else if (customer) await mobile(browser, server.url, customer);
  else console.log('mobile: no customer account in the demo; skipped');
  const out = join(ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `${new Date().toISOString().slice(0, 10)}-apps${args.quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify({ machine: machine(), quick: args.quick, figures }, null, 2) + '\n');
  console.log(`\nwritten ${file}`);
} finally {
  await browser?.close();
  await server?.stop();
  if (!args.dir) rmSync(dir, { recursive: true, force: true });
}
