import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '65536' });
});
afterAll(() => t.close());

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): any },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json();
  expect(body).toMatchObject({ status, code, type: `urn:bodega:problem:${code}` });
  expect(typeof body.title).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+|SELECT|INSERT|sqlite|node_modules/i);
  return body;
}

describe('platform', () => {
  it('answers /health and /ready', async () => {
    expect((await t.request({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await t.request({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('rejects malformed JSON with a 400 problem, not a 500', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.c", "password": ',
    });
    expectProblem(res, 400, 'malformed_request');
  });

  it('lists each invalid field for wrong types', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 42, password: ['x'], name: null },
    });
    const body = expectProblem(res, 400, 'validation_failed');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.password', 'body.name']));
  });

  it('rejects unknown body fields', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@b.co', password: 'whatever-123', remember: true },
    });
    const body = expectProblem(res, 400, 'validation_failed');
    expect(JSON.stringify(body.errors)).toContain('remember');
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'big@test.local', password: 'x'.repeat(70_000), name: 'Big' }),
    });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('refuses an unsupported content type with 415', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await t.request({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'not_found');
    expectProblem(await t.request({ method: 'DELETE', url: '/api/v1/auth/me' }), 404, 'not_found');
  });

  it('survives hostile values in params and queries', async () => {
    const token = await t.adminToken();
    for (const url of [
      '/api/v1/users/1%27%20OR%201=1--',
      '/api/v1/users/99999999999999999999',
      '/api/v1/users/-1',
      '/api/v1/users?limit=0',
      '/api/v1/users?limit=abc',
      '/api/v1/users?cursor=%00%FF',
      '/api/v1/audit-log?from=yesterday',
      '/api/v1/users?q=a%00b',
      '/api/v1/products/by-barcode/%00',
    ]) {
      const res = await t.request({ method: 'GET', url, token });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });

  it('answers an over-long path parameter with a 414 problem', async () => {
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/users/${'9'.repeat(300)}`,
      token: await t.adminToken(),
    });
    expectProblem(res, 414, 'uri_too_long');
  });

  it('sets security headers and a request id', async () => {
    const res = await t.request({ method: 'GET', url: '/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves interactive docs and an OpenAPI document with every auth and user route', async () => {
    expect((await t.request({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
    const doc = (await t.request({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const expected: [string, string][] = [
      ['post', '/api/v1/auth/register'],
      ['post', '/api/v1/auth/login'],
      ['post', '/api/v1/auth/refresh'],
      ['post', '/api/v1/auth/logout'],
      ['get', '/api/v1/auth/me'],
      ['patch', '/api/v1/auth/me'],
      ['post', '/api/v1/auth/change-password'],
      ['post', '/api/v1/auth/forgot-password'],
      ['post', '/api/v1/auth/reset-password'],
      ['get', '/api/v1/users'],
      ['post', '/api/v1/users'],
      ['get', '/api/v1/users/{id}'],
      ['patch', '/api/v1/users/{id}'],
      ['get', '/api/v1/audit-log'],
    ];
    for (const [method, path] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.tags?.length, `${method} ${path} tag`).toBeGreaterThan(0);
      const ok = Object.keys(op.responses).find((s) => s.startsWith('2'));
      expect(ok, `${method} ${path} success response`).toBeDefined();
      if (['post', 'patch'].includes(method) && !path.endsWith('logout')) {
        expect(op.requestBody, `${method} ${path} request body`).toBeDefined();
      }
    }
    // Every API operation documents its success response.
    for (const [path, ops] of Object.entries<Record<string, { responses: object }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(
          Object.keys(op.responses).some((s) => s.startsWith('2')),
          `${method} ${path}`,
        ).toBe(true);
      }
    }
  });
});

describe('rate limits', () => {
  it('limits the auth routes per address with a 429 problem', async () => {
    const limited = await createTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.request({
          method: 'POST',
          url: '/api/v1/auth/forgot-password',
          payload: { email: `x${i}@test.local` },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().code).toBe('rate_limited');
      }
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
      // Another address is not affected.
      const other = await limited.request({
        method: 'POST',
        url: '/api/v1/auth/forgot-password',
        remoteAddress: '198.51.100.20',
        payload: { email: 'y@test.local' },
      });
      expect(other.statusCode).toBe(202);
    } finally {
      await limited.close();
    }
  });

  it('limits every route globally', async () => {
    const limited = await createTestApp({ RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await limited.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('server errors', () => {
  it('hides internals behind a 500 problem with a request id, and /ready says 503', async () => {
    const broken = await createTestApp();
    try {
      const token = await broken.adminToken();
      await broken.ctx.db.destroy(); // the database goes away under a running server
      const res = await broken.request({ method: 'GET', url: '/api/v1/users', token });
      expect(res.statusCode).toBe(500);
      const body = expectProblem(res, 500, 'internal_error');
      expect(body.requestId).toBe(res.headers['x-request-id']);
      expect(body.detail).toBe('Something went wrong on our side');
      const ready = await broken.request({ method: 'GET', url: '/ready' });
      expectProblem(ready, 503, 'service_unavailable');
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});

describe('CORS, when the apps are served from another origin', () => {
  it('lets only the configured origins read answers, their file names and versions included', async () => {
    const other = await createTestApp({ CORS_ORIGINS: 'https://shop.example' });
    try {
      const token = await other.adminToken();
      const allowed = await other.request({
        method: 'GET',
        url: '/api/v1/products/export',
        token,
        headers: { origin: 'https://shop.example' },
      });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      const exposed = String(allowed.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(['content-disposition', 'etag', 'idempotent-replayed']));
      const stranger = await other.request({
        method: 'GET',
        url: '/api/v1/customers',
        token,
        headers: { origin: 'https://evil.example' },
      });
      expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
