import { describe, expect, it } from 'vitest';
import { createBodegaClient, type BodegaClientOptions } from './client';
import { BodegaApiError, unwrap } from './errors';
import { fileNameOf, idempotencyKey, ifMatch } from './headers';
import type { SignOutReason } from './session';

const user = { id: 1, email: 'a@b.test', name: 'A', role: 'admin', status: 'active', customerId: null };
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const problem = (status: number, code: string, extra: object = {}) =>
  json(status, { type: `urn:bodega:problem:${code}`, title: 'x', status, code, ...extra });

/** A fake API: tokens `t1`, `t2`…; a call is accepted only with the latest token. */
function fakeApi(options: { refresh?: 'ok' | 'refused' | 'network'; delayMs?: number } = {}) {
  let issued = 0;
  const log: string[] = [];
  const fetch = async (request: Request) => {
    const path = new URL(request.url).pathname;
    log.push(`${request.method} ${path} ${request.headers.get('authorization') ?? '-'}`);
    if (path === '/api/v1/auth/login' || path === '/api/v1/auth/refresh') {
      if (path.endsWith('refresh')) {
        await new Promise((r) => setTimeout(r, options.delayMs ?? 10));
        if (options.refresh === 'refused') return problem(401, 'invalid_token');
        if (options.refresh === 'network') throw new TypeError('fetch failed');
      }
      return json(200, { accessToken: `t${++issued}`, expiresIn: 900, user });
    }
    if (path === '/api/v1/auth/logout') return json(200, { ok: true });
    if (request.headers.get('authorization') !== `Bearer t${issued}`) return problem(401, 'invalid_token');
    return json(200, { ...user, body: request.method === 'POST' ? await request.json() : null });
  };
  return { fetch, log, expire: () => void issued++ };
}

function client(api: ReturnType<typeof fakeApi>, extra: Partial<BodegaClientOptions> = {}) {
  const signedOut: SignOutReason[] = [];
  const bodega = createBodegaClient({
    baseUrl: 'http://api.test/',
    fetch: api.fetch,
    onSignedOut: (reason) => signedOut.push(reason),
    ...extra,
  });
  return { bodega, signedOut };
}
const refreshes = (log: string[]) => log.filter((l) => l.includes('/auth/refresh')).length;

describe('the session', () => {
  it('sends the access token and, for many concurrent 401s, refreshes once and retries each call', async () => {
    const api = fakeApi();
    const { bodega } = client(api);
    await bodega.session.signIn({ email: 'a@b.test', password: 'secret-password' });
    await unwrap(bodega.api.GET('/api/v1/auth/me'));
    expect(api.log.at(-1)).toBe('GET /api/v1/auth/me Bearer t1');

    api.expire(); // t1 no longer accepted; the refresh will hand out t3
    const answers = await Promise.all(Array.from({ length: 6 }, () => unwrap(bodega.api.GET('/api/v1/auth/me'))));
    expect(answers).toHaveLength(6);
    expect(refreshes(api.log)).toBe(1);
    expect(bodega.session.accessToken()).toBe('t3');
  });

  it('retries a call with a body with the same body', async () => {
    const api = fakeApi();
    const { bodega } = client(api);
    await bodega.session.signIn({ email: 'a@b.test', password: 'secret-password' });
    api.expire();
    const { data } = await bodega.api.POST('/api/v1/categories', { body: { name: 'Tools' } });
    expect((data as unknown as { body: unknown }).body).toEqual({ name: 'Tools' });
  });

  it('signs out, once, when the refresh is refused, and does not retry login failures', async () => {
    const api = fakeApi({ refresh: 'refused' });
    const { bodega, signedOut } = client(api);
    const states: string[] = [];
    bodega.session.subscribe((s) => states.push(s.status));
    await bodega.session.signIn({ email: 'a@b.test', password: 'secret-password' });
    api.expire();
    const results = await Promise.all([bodega.api.GET('/api/v1/auth/me'), bodega.api.GET('/api/v1/auth/me')]);
    expect(results.map((r) => r.response.status)).toEqual([401, 401]);
    expect(refreshes(api.log)).toBe(1);
    expect(signedOut).toEqual(['session_ended']);
    expect(states).toEqual(['signed_in', 'signed_out']);
    expect(bodega.session.accessToken()).toBeNull();

    // Signed out: a 401 no longer refreshes.
    await bodega.api.GET('/api/v1/auth/me');
    expect(refreshes(api.log)).toBe(1);
  });

  it('keeps the session when the refresh fails on the network', async () => {
    const api = fakeApi({ refresh: 'network' });
    const { bodega, signedOut } = client(api);
    await bodega.session.signIn({ email: 'a@b.test', password: 'secret-password' });
    api.expire();
    expect((await bodega.api.GET('/api/v1/auth/me')).response.status).toBe(401);
    expect(bodega.session.state.status).toBe('signed_in');
    expect(signedOut).toEqual([]);
  });

  it('restore() resumes from the cookie, or reports no session without a signed-out signal', async () => {
    const ok = client(fakeApi());
    expect((await ok.bodega.session.restore())?.email).toBe('a@b.test');
    const none = client(fakeApi({ refresh: 'refused' }));
    expect(await none.bodega.session.restore()).toBeNull();
    expect(none.bodega.session.state).toEqual({ status: 'signed_out', reason: 'no_session' });
    expect(none.signedOut).toEqual([]);
  });

  it('calls made while the session is being restored wait for its token: no 401, no second refresh', async () => {
    const api = fakeApi({ delayMs: 30 });
    const { bodega } = client(api);
    const restoring = bodega.session.restore();
    const answers = await Promise.all([unwrap(bodega.api.GET('/api/v1/auth/me')), restoring]);
    expect(answers[0].email).toBe('a@b.test');
    expect(api.log).toEqual(['POST /api/v1/auth/refresh -', 'GET /api/v1/auth/me Bearer t1']);
    // When the restore fails on the network, the call goes out as it is.
    const offline = fakeApi({ refresh: 'network' });
    const other = client(offline);
    const failing = other.bodega.session.restore().catch(() => null);
    expect((await other.bodega.api.GET('/api/v1/auth/me')).response.status).toBe(401);
    await failing;
  });

  it('refreshSent() resolves once the refresh has gone out, before its answer; at once when none is under way', async () => {
    const api = fakeApi({ delayMs: 50 });
    const { bodega } = client(api);
    await bodega.session.refreshSent();
    expect(api.log).toEqual([]);
    let answered = false;
    const restoring = bodega.session.restore().then(() => (answered = true));
    await bodega.session.refreshSent();
    await new Promise((resolve) => setTimeout(resolve, 0)); // the fetch itself is one step further
    expect(api.log).toEqual(['POST /api/v1/auth/refresh -']);
    expect(answered).toBe(false);
    await restoring;
  });

  it('signOut() ends the session on the server and here', async () => {
    const api = fakeApi();
    const { bodega, signedOut } = client(api);
    await bodega.session.signIn({ email: 'a@b.test', password: 'secret-password' });
    await bodega.session.signOut();
    expect(api.log.at(-1)).toBe('POST /api/v1/auth/logout Bearer t1');
    expect(signedOut).toEqual(['signed_out']);
  });
});

describe('errors and helpers', () => {
  it('reads a problem into BodegaApiError, and anything else as unexpected_response', () => {
    const err = new BodegaApiError(400, {
      type: 'urn:bodega:problem:validation_failed',
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      requestId: 'r-1',
      errors: [
        { path: 'body.email', message: 'Invalid email' },
        { path: 'body.email', message: 'Too long' },
      ],
    });
    expect(err).toMatchObject({ status: 400, code: 'validation_failed', requestId: 'r-1', shortages: [] });
    expect(err.fieldErrors()).toEqual({ 'body.email': 'Invalid email' });
    expect(new BodegaApiError(502, '<html>Bad gateway</html>')).toMatchObject({
      code: 'unexpected_response',
      errors: [],
    });
  });

  it('makes idempotency keys and If-Match values, and reads file names', () => {
    expect(idempotencyKey()).toMatch(/^[0-9a-f-]{36}$/);
    expect(idempotencyKey()).not.toBe(idempotencyKey());
    expect(ifMatch(7)).toBe('"7"');
    expect(fileNameOf('attachment; filename="statement-3.csv"')).toBe('statement-3.csv');
    expect(fileNameOf("attachment; filename*=UTF-8''factura%20%C3%B1.pdf")).toBe('factura ñ.pdf');
    expect(fileNameOf(null)).toBeNull();
  });
});
