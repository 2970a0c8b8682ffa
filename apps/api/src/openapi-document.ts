import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app';
import { loadConfig } from './config';

/** Where the committed document lives: what packages/client generates its types from. */
export const OPENAPI_FILE = new URL('../../../packages/contract/openapi.json', import.meta.url);

/**
 * The OpenAPI document as the server serves it at /api/v1/openapi.json, as stable text: the
 * app is built (not listening) on a throwaway SQLite database, with a fixed configuration so
 * that nothing of this machine or its environment ends up in the text.
 */
export async function renderOpenApiDocument(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bodega-openapi-'));
  try {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'bodega.db')}`,
      JWT_SECRET: 'openapi-document-only-openapi-document-only',
      PUBLIC_URL: 'http://localhost:3000',
      LOG_LEVEL: 'silent',
    });
    const { app } = await buildApp(config, { logger: false });
    try {
      await app.ready();
      return `${JSON.stringify(app.swagger(), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
