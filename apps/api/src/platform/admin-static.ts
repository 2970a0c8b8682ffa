import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendProblem } from './problem';

export const ADMIN_PREFIX = '/admin/';

/**
 * Where the built back office is: apps/admin/dist, found from the sources (apps/api/src/platform)
 * and from the bundle `npm start` runs (apps/api/dist). Null when it has not been built.
 */
export function adminDist(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '../../../admin/dist'), join(here, '../../admin/dist')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/**
 * The back office (apps/admin) at /admin/ on the API's port, when it has been built. One route per
 * built file (listed at start-up); any other path under /admin/ is a page of the single-page app
 * and answers index.html. index.html is never cached without asking again; the hashed assets
 * never change, so they are cached for a year. Helmet's default Content-Security-Policy suffices:
 * scripts and styles come from 'self', and Mantine's inline <style> tags fall under helmet's
 * `style-src 'unsafe-inline'`.
 */
export async function installAdminStatic(app: FastifyInstance, root: string | null = adminDist()): Promise<void> {
  if (!root) return;
  await app.register(fastifyStatic, {
    root,
    prefix: ADMIN_PREFIX,
    wildcard: false,
    cacheControl: false,
    setHeaders(reply, path) {
      reply.header(
        'cache-control',
        path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get(`${ADMIN_PREFIX}*`, { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // A missing hashed asset is a 404, not the app's page (a stale tab after a deploy must see it).
    if (path.startsWith(`${ADMIN_PREFIX}assets/`)) {
      return sendProblem(reply, 404, 'not_found', `No file ${path.slice(0, 200)}`);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
