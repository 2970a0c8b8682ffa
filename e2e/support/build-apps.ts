/**
 * Vitest globalSetup of the browser projects: builds each app (apps/admin, apps/mobile) once per
 * test run with Vite, compressed as `npm start` has them, before any server starts (the API serves an app only when its dist exists).
 * Both e2e projects list this file; the second one finds the build done by the first.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { compressDist } from '../../scripts/compress-dist.mjs';

export const APPS = ['admin', 'mobile'] as const;
const ROOT = join(import.meta.dirname, '../..');

export default async function buildApps(): Promise<void> {
  const stamp = join(tmpdir(), `bodega-e2e-built-${process.pid}`);
  if (existsSync(stamp) || process.env['E2E_SKIP_BUILD'] === '1') return;
  // Vitest sets NODE_ENV=test, and Vite builds with the NODE_ENV it finds: without this the apps
  // under test would carry React's development build, slower and not what users get.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await buildAll();
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
  writeFileSync(stamp, '');
}

async function buildAll(): Promise<void> {
  for (const app of APPS) {
    const root = join(ROOT, 'apps', app);
    const configFile = join(root, 'vite.config.ts');
    if (!existsSync(configFile)) continue;
    const started = Date.now();
    await build({ root, configFile, logLevel: 'warn' });
    await compressDist(join(root, 'dist'));
    // The phone's first screen as the API draws it (apps/api/src/platform/first-screen.ts).
    if (app === 'mobile') await build({ root, configFile, logLevel: 'warn', build: { ssr: 'src/entry-server.tsx' } });
    console.log(`e2e: built apps/${app} in ${Date.now() - started} ms`);
  }
}
