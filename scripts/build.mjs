/**
 * Builds the API for `npm start`: apps/api/src/server.ts and the workspace packages it imports
 * (TypeScript) bundled into one ES module, apps/api/dist/server.js, with a source map. npm
 * packages stay external and load from node_modules. Running compiled JavaScript instead of
 * TypeScript through tsx saves the loader thread and esbuild at run time (~45 MB of RSS) and a
 * second of start-up; `npm run dev` and the tests still run the sources directly.
 *
 * Then the back office (apps/admin) with Vite into apps/admin/dist, which the API serves at /admin/,
 * and the phone app (apps/mobile, a PWA) into apps/mobile/dist, which it serves at /, with the
 * renderer of its first screen (apps/mobile/dist-server, docs/decisions/0020).
 * Each app's text files get a Brotli and a gzip twin (file.js.br, file.js.gz), which the API
 * sends to browsers that accept them (@fastify/static `preCompressed`): on a phone's network the
 * bytes are most of the wait.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compressDist } from './compress-dist.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const api = JSON.parse(readFileSync(join(root, 'apps/api/package.json'), 'utf8'));
const external = Object.keys(api.dependencies).filter((name) => !name.startsWith('@bodega/'));

const started = Date.now();
await build({
  entryPoints: [join(root, 'apps/api/src/server.ts')],
  outfile: join(root, 'apps/api/dist/server.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
  // Some bundled CommonJS-style code may call require(); give ESM output one.
  banner: {
    js: "import { createRequire as __bodegaRequire } from 'node:module'; const require = __bodegaRequire(import.meta.url);",
  },
});
console.error(`Built apps/api/dist/server.js in ${Date.now() - started} ms`);

const adminStarted = Date.now();
const { build: viteBuild } = await import('vite');
const admin = join(root, 'apps/admin');
await viteBuild({ root: admin, configFile: join(admin, 'vite.config.ts'), logLevel: 'warn' });
await compressDist(join(admin, 'dist'));
console.error(`Built apps/admin/dist in ${Date.now() - adminStarted} ms`);

const mobileStarted = Date.now();
const mobile = join(root, 'apps/mobile');
await viteBuild({ root: mobile, configFile: join(mobile, 'vite.config.ts'), logLevel: 'warn' });
await compressDist(join(mobile, 'dist'));
// The catalog's first screen as the API draws it (apps/api/src/platform/first-screen.ts).
await viteBuild({
  root: mobile,
  configFile: join(mobile, 'vite.config.ts'),
  logLevel: 'warn',
  build: { ssr: 'src/entry-server.tsx' },
});
console.error(`Built apps/mobile/dist and dist-server in ${Date.now() - mobileStarted} ms`);
