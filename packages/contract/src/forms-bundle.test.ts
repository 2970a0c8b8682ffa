import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The phone downloads the forms' schemas before it can validate a sign-in. Bundled for a
 * browser the way the apps will (minified ESM, tree-shaken), they must stay within 40 KB
 * gzipped. The `z` namespace import (`import { z } from 'zod'`) pulls in every zod locale
 * (~100 KB); `import * as z from 'zod'` lets the bundler keep only what is used.
 */
const BUDGET_GZIP_BYTES = 40 * 1024;

const FORMS = `
import { createProductBody, createCustomerBody, loginBody, placeOrderBody, recordPaymentBody, registerBody } from './index.ts';
export const forms = { createProductBody, createCustomerBody, loginBody, placeOrderBody, recordPaymentBody, registerBody };
`;

describe('the forms bundle for a phone', () => {
  it('weighs at most 40 KB gzipped and needs nothing from Node', async () => {
    const result = await build({
      stdin: { contents: FORMS, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const gzipped = gzipSync(code).length;
    expect(gzipped, `forms bundle is ${gzipped} bytes gzipped`).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  }, 30_000);
});
