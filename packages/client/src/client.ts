import createClient, { type Middleware } from 'openapi-fetch';
import { BodegaApiError } from './errors';
import { fileNameOf } from './headers';
import { Session, type SignOutReason } from './session';
import type { ApiClient, paths } from './types';

export type BodegaClientOptions = {
  /** The API's origin, e.g. `https://shop.example.com`; empty (the default) for the page's own. */
  baseUrl?: string;
  /** Any WHATWG fetch: the browser's by default; tests pass one that carries the refresh cookie. */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Whether the browser sends the refresh cookie: `include` (the default) also when the API is on
   * another origin listed in CORS_ORIGINS; `same-origin` when it never is.
   */
  credentials?: RequestCredentials;
  /** Called when a signed-in session is over: the apps show the sign-in screen. */
  onSignedOut?: (reason: SignOutReason, cause?: BodegaApiError) => void;
};

/** The paths with a GET, the only ones `download` takes. */
type GetPath = { [P in keyof paths]: paths[P] extends { get: object } ? P : never }[keyof paths];
type GetParams<P extends GetPath> = paths[P] extends { get: { parameters: infer Params } } ? Params : never;

export type Download = { blob: Blob; filename: string | null; contentType: string };

export type BodegaClient = {
  /** The typed openapi-fetch client: `api.GET('/api/v1/orders/{id}', { params: { path: { id } } })`. */
  api: ApiClient;
  session: Session;
  /** A CSV or PDF (any GET answered with a file), with the server's file name. */
  download<P extends GetPath>(path: P, params: GetParams<P>): Promise<Download>;
  baseUrl: string;
};

/** Auth calls answer 401 for a wrong password or a spent refresh token: never refresh-and-retry them. */
const NO_RETRY = new Set<string>([
  '/api/v1/auth/login',
  '/api/v1/auth/register',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
  '/api/v1/auth/forgot-password',
  '/api/v1/auth/reset-password',
]);

/**
 * The one way the apps talk to the API. Every call carries the access token; a 401 refreshes
 * the session once (one refresh in flight for any number of concurrent 401s) and retries the
 * call once with the new token; a refused refresh signs out (`onSignedOut`, `session.subscribe`).
 */
export function createBodegaClient(options: BodegaClientOptions = {}): BodegaClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const init = { baseUrl, fetch, credentials: options.credentials ?? 'include' } as const;
  const session = new Session(createClient<paths>(init), options.onSignedOut);
  const api = createClient<paths>(init);
  api.use(sessionMiddleware(session, fetch));

  async function download<P extends GetPath>(path: P, params: GetParams<P>): Promise<Download> {
    // openapi-fetch cannot relate a generic path to its own parameter type; callers are typed by GetParams.
    const { error, response } = await (
      api.GET as (p: string, init: object) => Promise<{ error?: unknown; response: Response }>
    )(path, { params, parseAs: 'stream' });
    if (!response.ok) throw new BodegaApiError(response.status, error);
    return {
      blob: await response.blob(),
      filename: fileNameOf(response.headers.get('content-disposition')),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  return { api, session, download, baseUrl };
}

function sessionMiddleware(session: Session, fetch: (request: Request) => Promise<Response>): Middleware {
  /** A copy of each retryable request taken before its body is sent, and the token it carried. */
  const sent = new Map<string, { copy: Request; token: string | null }>();
  return {
    async onRequest({ request, schemaPath, id }) {
      // At start-up the app's first calls go out while the session is being restored: they wait
      // for its token rather than earn a 401 and a retry (a round trip more on a phone's network).
      const token = session.accessToken() ?? (await session.pendingRefresh()?.catch(() => null)) ?? null;
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
      if (!NO_RETRY.has(schemaPath)) sent.set(id, { copy: request.clone(), token });
      return request;
    },
    async onResponse({ response, id }) {
      const first = sent.get(id);
      sent.delete(id);
      if (!first || response.status !== 401) return undefined;
      const token = await session.renewAfter(first.token).catch(() => null);
      if (!token) return undefined;
      first.copy.headers.set('authorization', `Bearer ${token}`);
      return fetch(first.copy);
    },
    onError({ id }) {
      sent.delete(id);
    },
  };
}
