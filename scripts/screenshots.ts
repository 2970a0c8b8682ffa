/**
 * `npm run screenshots`: the demo business (`npm run demo`, in a fresh SQLite file) served as
 * `npm start` serves it, photographed in headless Chromium into docs/screenshots/: the back
 * office's main pages at 1366×900 and the mobile app at phone size (390×844), in English and
 * Spanish. Run it after a change to the screens and commit the pictures.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { JWT_SECRET, ROOT, startApi, type ServerProcess } from '../bench/lib/processes';
import { launchChromium } from '../e2e/support/browser';

const ADMIN = { email: 'admin@demo.local', password: 'screenshots-admin-password-1' };
const DEMO_PASSWORD = 'demo-password-1';
const OUT = join(ROOT, 'docs/screenshots');
const LANGUAGES = ['en', 'es'] as const;

type Shot = { name: string; path: string; ready: (page: Page) => Promise<unknown> };

async function api<T>(base: string, token: string, path: string): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email} answered ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** No spinner left and the fonts drawn: what a person would see after a moment. */
async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root'), null, { timeout: 20_000 });
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
}

async function photograph(
  browser: Browser,
  base: string,
  who: { email: string; password: string },
  prefix: string,
  shots: Shot[],
  options: BrowserContextOptions,
  storageKey: string,
) {
  for (const language of LANGUAGES) {
    const context = await browser.newContext({ ...options, locale: language === 'es' ? 'es-ES' : 'en-US' });
    await context.addInitScript(([key, lang]) => localStorage.setItem(key, lang), [storageKey, language] as const);
    const res = await context.request.post(`${base}/api/v1/auth/login`, { data: who });
    if (!res.ok()) throw new Error(`sign-in of ${who.email} answered ${res.status()}`);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    for (const shot of shots) {
      await page.goto(`${base}${shot.path}`);
      await shot.ready(page);
      await settled(page);
      const file = join(OUT, `${prefix}-${shot.name}-${language}.png`);
      await page.screenshot({ path: file, fullPage: false });
      console.log(`saved ${file.slice(ROOT.length)}`);
    }
    await context.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bodega-screenshots-'));
let server: ServerProcess | undefined;
let browser: Browser | undefined;
try {
  const databaseUrl = `sqlite:${join(dir, 'bodega.db')}`;
  execFileSync(process.execPath, ['--import', 'tsx', 'apps/api/src/tools/demo/demo-cli.ts'], {
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
  });
  server = await startApi({ databaseUrl, dataDir: dir, adminEmail: ADMIN.email, adminPassword: ADMIN.password });
  const base = server.url;
  const token = await login(base, ADMIN.email, ADMIN.password);
  const order = (await api<{ items: { id: number }[] }>(base, token, '/orders?status=delivered&limit=1')).items[0];
  const debtor = (await api<{ items: { customerId: number }[] }>(base, token, '/debtors?limit=1')).items[0];
  const product = (await api<{ items: { id: number }[] }>(base, token, '/products?limit=1')).items[0];
  const customerUser = (await api<{ items: { email: string }[] }>(base, token, '/users?role=customer&limit=1'))
    .items[0];
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();

  const heading = (page: Page) => page.locator('main h2').first().waitFor();
  await photograph(
    browser,
    base,
    ADMIN,
    'admin',
    [
      { name: 'dashboard', path: '/admin/', ready: (p) => p.locator('.recharts-surface').first().waitFor() },
      { name: 'products', path: '/admin/products', ready: (p) => p.locator('main tbody tr').first().waitFor() },
      ...(order ? [{ name: 'order', path: `/admin/orders/${order.id}`, ready: heading }] : []),
      ...(debtor
        ? [{ name: 'statement', path: `/admin/receivables/customers/${debtor.customerId}`, ready: heading }]
        : []),
      {
        name: 'debtors',
        path: '/admin/receivables/debtors',
        ready: (p) => p.locator('main tbody tr').first().waitFor(),
      },
    ],
    { viewport: { width: 1366, height: 900 } },
    'bodega.admin.language',
  );

  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  if (customerUser) {
    await photograph(
      browser,
      base,
      { email: customerUser.email, password: DEMO_PASSWORD },
      'mobile',
      [
        { name: 'catalog', path: '/catalog', ready: (p) => p.getByTestId('product').first().waitFor() },
        ...(product ? [{ name: 'product', path: `/catalog/${product.id}`, ready: heading }] : []),
        { name: 'orders', path: '/orders', ready: heading },
        { name: 'account', path: '/account', ready: heading },
      ],
      phone,
      'bodega.mobile.language',
    );
  }
  await photograph(
    browser,
    base,
    { email: 'almacen@demo.local', password: DEMO_PASSWORD },
    'mobile-warehouse',
    [{ name: 'scan', path: '/warehouse/scan', ready: heading }],
    phone,
    'bodega.mobile.language',
  );
} finally {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
