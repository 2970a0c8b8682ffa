import { build } from 'esbuild';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The phone downloads the forms' schemas before it can validate a sign-in. Bundled for a
 * browser the way the apps will (minified ESM, tree-shaken, code split at dynamic imports),
 * what the forms load up front must stay within 40 KB gzipped. The `z` namespace import
 * (`import { z } from 'zod'`) pulls in every zod locale (~100 KB); `import * as z from 'zod'`
 * lets the bundler keep only what is used. The password-strength dictionaries (~600 KB) load
 * on first use, in chunks of their own.
 */
const BUDGET_GZIP_BYTES = 40 * 1024;

const FORMS = `
import {
  createCustomerBody,
  createProductBody,
  loginBody,
  placeOrderBody,
  recordPaymentBody,
  registerBody,
  strongPasswordSchema,
} from './index.ts';
export const forms = {
  createCustomerBody,
  createProductBody,
  loginBody,
  placeOrderBody,
  recordPaymentBody,
  registerBody,
  strongPasswordSchema,
};
`;

describe('the forms bundle for a phone', () => {
  it('loads at most 40 KB gzipped up front, needs nothing from Node, and leaves the dictionaries for later', async () => {
    const result = await build({
      stdin: { contents: FORMS, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: '/forms',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = result.metafile.outputs;
    const entry = Object.keys(outputs).find((name) => outputs[name]!.entryPoint !== undefined)!;
    // The entry and every chunk it imports statically: what the browser fetches before a form works.
    const eager = new Set<string>();
    const visit = (name: string) => {
      if (eager.has(name)) return;
      eager.add(name);
      for (const i of outputs[name]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
    };
    visit(entry);
    const bytes = new Map(result.outputFiles.map((f) => [relative(process.cwd(), f.path), f.contents]));
    const gzipped = (names: Iterable<string>) =>
      [...names].reduce((sum, name) => sum + gzipSync(bytes.get(name)!).length, 0);
    const upFront = gzipped(eager);
    expect(upFront, `forms load ${upFront} bytes gzipped up front`).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    const later = gzipped(Object.keys(outputs).filter((name) => !eager.has(name)));
    // The estimator's dictionaries exist, in chunks loaded on first use.
    expect(later).toBeGreaterThan(100 * 1024);
  }, 60_000);
});
