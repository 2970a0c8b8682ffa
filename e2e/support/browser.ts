/** Debian's headless Chromium for the browser tests, and pages that report what went wrong. */
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps dialling Google's hosts on this closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(args: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...args] });
}

export type WatchedPage = Page & { problems: string[] };

/**
 * A page in a fresh context (its own cookies and storage). Uncaught errors, console errors and
 * Content-Security-Policy violations are printed and kept in `page.problems` so a test can
 * assert there were none; 4xx/5xx answers are printed (some are the point of the test).
 */
export async function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const page = (await context.newPage()) as WatchedPage;
  page.problems = [];
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => {
    console.error('page error:', e.message);
    page.problems.push(`pageerror: ${e.message}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) console.error('response:', r.status(), r.request().method(), r.url());
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    console.error('console:', m.text());
    if (/Content Security Policy/i.test(m.text())) page.problems.push(`csp: ${m.text()}`);
  });
  return page;
}
