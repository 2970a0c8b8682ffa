/**
 * Accessibility of the back office: axe-core (WCAG 2 A and AA rules) on the sign-in page and on
 * every page of the admin's navbar, in English and Spanish, on a small business loaded through
 * the API. No serious or critical violation may remain.
 */
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../apps/api/src/test/harness';
import { launchChromium, newPage } from './support/browser';
import { serve, type Served } from './support/server';

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

let t: Served;
let browser: Browser;

beforeAll(async () => {
  t = await serve();
  const token = await t.adminToken();
  for (const [sku, name] of [
    ['A11Y-1', 'Harina de maíz 1 kg'],
    ['A11Y-2', 'Aceite de oliva 500 ml'],
  ] as const) {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      token,
      payload: { sku, name, priceCents: 350 },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** The serious and critical violations on the page as it is now, one line each. */
async function scan(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy stays as it is.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations as unknown as Violation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function settle(page: Page) {
  // The router keeps the old page on screen while the new one's chunk and data load.
  await page.waitForLoadState('networkidle');
  // Loaders gone: the page shows its data, its empty state or its error.
  await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root'), null, { timeout: 10_000 });
}

describe('accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  it(
    'the sign-in page and every page of the navbar have no serious or critical violation, in English and Spanish',
    { timeout: 120_000 },
    async () => {
      const page = await newPage(browser);
      await page.goto(`${t.base}/admin/sign-in`);
      await page.getByLabel('Email').waitFor();
      const found: string[] = (await scan(page)).map((v) => `/admin/sign-in: ${v}`);

      await page.getByLabel('Email').fill(ADMIN.email);
      await page.locator('input[type=password]').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      // The navbar by its element: its accessible name changes with the language.
      const nav = page.locator('nav');
      const paths = [
        ...new Set(await nav.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))),
      ];
      expect(paths.length).toBeGreaterThan(10);

      for (const language of ['en', 'es'] as const) {
        if (language === 'es') {
          await page.getByText('Español').click();
        }
        for (const path of paths) {
          await nav.locator(`a[href="${path}"]`).click();
          await page.waitForURL((url) => url.pathname === path);
          await settle(page);
          const started = Date.now();
          found.push(...(await scan(page)).map((v) => `${language} ${path}: ${v}`));
          console.log(`axe ${language} ${path}: ${Date.now() - started} ms`);
        }
      }
      expect(found).toEqual([]);
      expect(page.problems).toEqual([]);
      await page.context().close();
    },
  );
});
