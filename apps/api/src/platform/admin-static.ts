import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { AppContext } from './context';
import { firstScreenPages, firstScreenRendererFile, readTemplate, type FirstScreenPages } from './first-screen';
import { sendProblem } from './problem';

export const ADMIN_PREFIX = '/admin/';
export const MOBILE_PREFIX = '/';

/**
 * Paths the phone app at / never answers with its page: the API, the back office, the docs, the
 * socket, the media and the probes keep their own answers (a 404 stays a 404 problem).
 */
const NOT_THE_APP = /^\/(api|admin|docs|socket\.io|media|health|ready)(\/|$)/;

/**
 * Where a built app is: apps/<name>/dist, found from the sources (apps/api/src/platform) and from
 * the bundle `npm start` runs (apps/api/dist). Null when it has not been built.
 */
export function appDist(name: 'admin' | 'mobile'): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, `../../../${name}/dist`), join(here, `../../${name}/dist`)]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

export const adminDist = (): string | null => appDist('admin');
export const mobileDist = (): string | null => appDist('mobile');

/** The router's `maxParamLength` (apps/api/src/app.ts). */
export const MAX_PARAM_LENGTH = 200;

/**
 * A built single-page app at `prefix` on the API's port. One route per built file (listed at
 * start-up); any other path under the prefix is a page of the app and answers index.html.
 * index.html is never cached without asking again; the hashed assets (assets/) never change, so
 * they are cached for a year; anything else (the service worker `sw.js`, `workbox-*.js`,
 * `manifest.webmanifest`, icons) is revalidated on each use, so a new version is seen at once.
 * A missing file (a path whose last segment has a dot, or under assets/) is a 404, not the page:
 * a stale tab after a deploy must see it.
 */
async function installSpa(
  app: FastifyInstance,
  root: string,
  prefix: string,
  isAppPath: (path: string) => boolean,
  firstScreen?: FirstScreenPages,
): Promise<void> {
  const assets = `${join(root, 'assets')}${sep}`;
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root,
      prefix,
      wildcard: false,
      // The build's .br and .gz twins (scripts/build.mjs), to browsers that accept them.
      preCompressed: true,
      cacheControl: false,
      setHeaders(reply, path) {
        reply.header('cache-control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    scope.get(`${prefix}*`, { schema: { hide: true } }, async (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (!isAppPath(path)) {
        // This catch-all also receives what the router could not match for an over-long path
        // parameter (it would otherwise raise FST_ERR_MAX_PARAM_LENGTH): keep that answer a 414.
        if (path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH)) {
          return sendProblem(reply, 414, 'uri_too_long', 'A path parameter is too long');
        }
        return reply.callNotFound();
      }
      const last = path.slice(path.lastIndexOf('/') + 1);
      if (path.startsWith(`${prefix}assets/`) || last.includes('.')) {
        return sendProblem(reply, 404, 'not_found', `No file ${path.slice(0, 200)}`);
      }
      const drawn = firstScreen && (await firstScreen.page(request, path));
      if (drawn) {
        // One customer's page: never kept by a cache, compressed here (it is made per request).
        // `x-bodega-page: drawn` tells the phone's service worker it may keep it (apps/mobile/vite.config.ts).
        reply
          .header('cache-control', 'private, no-store')
          .header('vary', 'Cookie, Accept-Encoding')
          .header('x-bodega-page', 'drawn');
        reply.type('text/html; charset=utf-8');
        const accepts = String(request.headers['accept-encoding'] ?? '');
        if (/\bbr\b/.test(accepts)) {
          const body = brotliCompressSync(drawn, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
          return reply.header('content-encoding', 'br').send(body);
        }
        if (/\bgzip\b/.test(accepts)) return reply.header('content-encoding', 'gzip').send(gzipSync(drawn));
        return reply.send(drawn);
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  });
}

/**
 * The back office (apps/admin) at /admin/ and the phone app (apps/mobile, an installable PWA) at
 * /, each when it has been built. Helmet's default Content-Security-Policy suffices for both:
 * scripts, styles, the manifest and the service worker come from 'self', and Mantine's inline
 * <style> tags fall under helmet's `style-src 'unsafe-inline'` (docs/decisions/0017).
 */
export async function installAppStatic(
  app: FastifyInstance,
  roots: { admin?: string | null; mobile?: string | null } = {},
  ctx?: AppContext,
): Promise<void> {
  const admin = roots.admin === undefined ? adminDist() : roots.admin;
  const mobile = roots.mobile === undefined ? mobileDist() : roots.mobile;
  if (admin) await installSpa(app, admin, ADMIN_PREFIX, () => true);
  if (mobile) {
    // The phone's catalog drawn by the server, where its renderer was built (platform/first-screen.ts).
    const renderer = ctx && firstScreenRendererFile(mobile);
    const firstScreen = renderer ? firstScreenPages(app, ctx, renderer, readTemplate(mobile)) : undefined;
    await installSpa(app, mobile, MOBILE_PREFIX, (path) => !NOT_THE_APP.test(path), firstScreen);
  }
}

/** The back office only (kept for callers that serve one app). */
export async function installAdminStatic(app: FastifyInstance, root: string | null = adminDist()): Promise<void> {
  await installAppStatic(app, { admin: root, mobile: null });
}
