import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { liveSessions } from './auth/guard';
import type { AppContext } from './context';

/**
 * The phone app's first screen drawn by the server (docs/decisions/0020). A customer's browser
 * holds `bodega_page` (httpOnly, SameSite=Strict, path /, the refresh cookie's lifetime): the id
 * of its session, signed. It is no credential for the API, which takes bearer tokens only; it
 * lets the page request for the catalog be answered with the catalog drawn — the same answers
 * the app would fetch, read as that customer through the API's own routes — so a phone on a slow
 * network sees products when the HTML and CSS have arrived, not after the JavaScript, the
 * session's refresh and three more round trips. Anything amiss (no cookie, a bad signature, a
 * session ended, a user who is not a customer, a read refused, no renderer built) answers the
 * plain page, and the app draws the screen itself as before.
 */
export const PAGE_COOKIE = 'bodega_page';

const keyOf = (ctx: AppContext) => createHmac('sha256', ctx.config.jwtSecret).update('bodega page cookie v1').digest();
const macOf = (ctx: AppContext, sessionId: number) =>
  createHmac('sha256', keyOf(ctx)).update(String(sessionId)).digest();

/** The cookie's value for a session: its id and the server's signature of it. */
export function pageCookieValue(ctx: AppContext, sessionId: number): string {
  return `${sessionId}.${macOf(ctx, sessionId).toString('base64url')}`;
}

/** The session a cookie names, if the server signed it (whether it is still live is asked apart). */
export function sessionOfPageCookie(ctx: AppContext, value: string | undefined): number | null {
  const match = /^([1-9]\d{0,14})\.([\w-]{43})$/.exec(value ?? '');
  if (!match) return null;
  const sessionId = Number(match[1]);
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = macOf(ctx, sessionId);
  return given.length === expected.length && timingSafeEqual(given, expected) ? sessionId : null;
}

/** What apps/mobile/src/entry-server.tsx exports. */
type Renderer = {
  FIRST_SCREEN_PATH: string;
  FIRST_SCREEN_ELEMENT: string;
  FIRST_SCREEN_READS: Record<string, string>;
  renderFirstScreen(input: { user: unknown; language: 'en' | 'es'; answers: Record<string, unknown> }): {
    html: string;
    state: unknown;
  };
};

/** The renderer `vite build --ssr` wrote beside the phone app's dist (apps/mobile/dist-server). */
export function firstScreenRendererFile(mobileRoot: string): string | null {
  const file = join(dirname(mobileRoot), 'dist-server', 'entry-server.js');
  return existsSync(file) ? file : null;
}

/**
 * The language the phone app chose on this browser, told to the server in a cookie of its own
 * (apps/mobile/src/lib/i18n.ts), so the page is drawn in it; plain text, no secret.
 */
export const LANGUAGE_COOKIE = 'bodega_language';

/**
 * The page's language: the one the app chose (its cookie), else the browser's first of Spanish
 * and English, else English (as the app picks).
 */
export function pageLanguage(acceptLanguage: string | undefined, chosen?: string): 'en' | 'es' {
  if (chosen === 'en' || chosen === 'es') return chosen;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const base = part.trim().slice(0, 2).toLowerCase();
    if (base === 'en' || base === 'es') return base;
  }
  return 'en';
}

/** JSON inside a <script> element: no `</script>`, no `<!--`, whatever the products are called. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export type FirstScreenPages = {
  /** The page at `path` with the first screen drawn for this request's customer, or null for the plain one. */
  page(request: FastifyRequest, path: string): Promise<string | null>;
};

/**
 * Answers pages with the renderer, loaded when the first page with a page cookie comes (React and
 * Mantine for Node, ~1.9 MB: a server that never draws a page never loads it). A renderer that
 * fails to load leaves every page plain, logged.
 * `template` is the built index.html.
 */
export function firstScreenPages(
  app: FastifyInstance,
  ctx: AppContext,
  rendererFile: string,
  template: string,
): FirstScreenPages {
  let loading: Promise<Renderer> | undefined;
  const load = () => {
    if (!loading) {
      loading = import(pathToFileURL(rendererFile).href) as Promise<Renderer>;
      loading.catch((err: unknown) => ctx.log.error({ err }, 'the first screen renderer did not load'));
    }
    return loading;
  };

  async function page(request: FastifyRequest, path: string): Promise<string | null> {
    const sessionId = sessionOfPageCookie(ctx, request.cookies[PAGE_COOKIE]);
    if (sessionId === null) return null;
    const renderer = await load();
    if (path !== renderer.FIRST_SCREEN_PATH) return null;
    const actor = (await liveSessions(ctx, [sessionId])).get(sessionId);
    if (!actor || actor.role !== 'customer') return null;
    const authorization = `Bearer ${await ctx.tokens.sign({ userId: actor.userId, sessionId })}`;
    // Read through the API's own routes: the guard, the permissions and the answers' shapes are
    // the ones the app's own requests get. The caller's address keeps its rate limit its own.
    const read = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { authorization }, remoteAddress: request.ip });
      return res.statusCode === 200 ? (res.json() as unknown) : undefined;
    };
    const names = Object.keys(renderer.FIRST_SCREEN_READS);
    const [user, ...answers] = await Promise.all([
      read('/api/v1/auth/me'),
      ...names.map((name) => read(renderer.FIRST_SCREEN_READS[name]!)),
    ]);
    if (user === undefined || answers.some((a) => a === undefined)) return null;
    const language = pageLanguage(request.headers['accept-language'], request.cookies[LANGUAGE_COOKIE]);
    const { html, state } = renderer.renderFirstScreen({
      user,
      language,
      answers: Object.fromEntries(names.map((name, i) => [name, answers[i]])),
    });
    // Replaced by functions: a `$&` or `$'` in a product's name is text, not a replacement pattern.
    return template
      .replace(/<html lang="[^"]*"/, () => `<html lang="${language}"`)
      .replace(
        '<div id="root"></div>',
        () =>
          `<script type="application/json" id="${renderer.FIRST_SCREEN_ELEMENT}">${scriptJson(state)}</script>` +
          `<div id="root">${html}</div>`,
      );
  }

  return {
    async page(request, path) {
      try {
        return await page(request, path);
      } catch (err) {
        // The plain page still works: the app draws the screen itself.
        request.log.warn({ err }, 'first screen not drawn');
        return null;
      }
    },
  };
}

/**
 * The built page, read once, as the drawn pages use it: its stylesheets inline. A drawn page is
 * painted when its styles are there; inline they come with it rather than a round trip later,
 * sharing the line with the JavaScript (~30 KB compressed, on loads without the service worker only).
 */
export function readTemplate(root: string): string {
  const page = readFileSync(join(root, 'index.html'), 'utf8');
  return page.replace(
    /<link rel="stylesheet"(?: crossorigin)? href="\/(assets\/[\w.-]+\.css)">/g,
    (link, file: string) => {
      const path = join(root, file);
      if (!existsSync(path)) return link;
      const css = readFileSync(path, 'utf8');
      return css.includes('</style') ? link : `<style>${css}</style>`;
    },
  );
}
