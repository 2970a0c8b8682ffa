import { MAX_ID, MAX_VERSION } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';

/**
 * Issue 16, hole 4 (decision 0014): every integer a route takes — path, query, body — declares
 * a maximum that its column holds. Walking the OpenAPI document, each one receives its declared
 * maximum (never a 5xx) and the maximum + 1 (400), in an otherwise valid request.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
};
type Parameter = { in: string; name: string; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type Probe = { method: string; path: string; where: string; max: number; send: (value: number) => Request };
type Request = { url: string; query?: Record<string, string>; payload?: unknown };

let t: TestApp;
let admin: string;
let doc: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

/** Routes whose success would end the caller's session mid-run. */
const SKIP = new Set(['POST /api/v1/auth/logout']);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  doc = (await t.request({ method: 'GET', url: '/api/v1/openapi.json' })).json();
});
afterAll(() => t?.close());

function resolve(s: Schema): Schema {
  if (s.$ref) return resolve(doc.components!.schemas![s.$ref.split('/').pop()!]!);
  if (s.allOf?.length === 1) return resolve(s.allOf[0]!);
  return s;
}
const types = (s: Schema) => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** A plausible value for a schema: what a valid request would carry. */
function sample(raw: Schema): unknown {
  const s = resolve(raw);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const choice = s.anyOf ?? s.oneOf;
  if (choice) return sample(choice.find((c) => !types(resolve(c)).includes('null')) ?? choice[0]!);
  const type = types(s).find((x) => x !== 'null');
  switch (type) {
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1));
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items ?? {}));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of s.required ?? []) out[name] = sample(s.properties![name]!);
      return out;
    }
    case 'string':
      if (s.format === 'email') return 'bounds@test.local';
      if (s.format === 'date') return '2026-01-15';
      if (s.format === 'date-time') return '2026-01-15T10:00:00Z';
      return 'Bounds1x'.padEnd(Math.max(8, s.minLength ?? 0), 'x');
    default:
      return 1;
  }
}

/** Every bounded integer of a body, as a path of keys (array items at index 0). */
function integerFields(raw: Schema, path: (string | number)[] = []): { path: (string | number)[]; max: number }[] {
  const s = resolve(raw);
  const choice = s.anyOf ?? s.oneOf;
  if (choice) return integerFields(choice.find((c) => !types(resolve(c)).includes('null')) ?? choice[0]!, path);
  if (types(s).includes('integer') && s.maximum !== undefined) return [{ path, max: s.maximum }];
  if (types(s).includes('array') && s.items) return integerFields(s.items, [...path, 0]);
  if (types(s).includes('object'))
    return Object.entries(s.properties ?? {}).flatMap(([name, p]) => integerFields(p, [...path, name]));
  return [];
}

function withValue(body: unknown, path: (string | number)[], value: number, schema: Schema): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = copy;
  let s = resolve(schema);
  for (const key of path.slice(0, -1)) {
    s = resolve(typeof key === 'number' ? s.items! : s.properties![key]!);
    at[key] ??= sample(s);
    at = at[key] as Record<string | number, unknown>;
  }
  at[path[path.length - 1]!] = value;
  return copy;
}

function probes(): Probe[] {
  const out: Probe[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(ops)) {
      const verb = method.toUpperCase();
      if (verb === 'HEAD' || SKIP.has(`${verb} ${path}`)) continue;
      const params = op.parameters ?? [];
      const fill = (override: Record<string, number> = {}) =>
        path.replace(/\{([^}]+)\}/g, (_, name: string) => String(override[name] ?? 1));
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const body = bodySchema ? sample(bodySchema) : undefined;
      const bounded = (p: Parameter) =>
        p.schema &&
        resolve(p.schema).maximum !== undefined &&
        types(resolve(p.schema)).some((x) => x === 'integer' || x === 'number');
      for (const p of params.filter((p) => (p.in === 'path' || p.in === 'query') && bounded(p))) {
        out.push({
          method: verb,
          path,
          where: `${p.in}.${p.name}`,
          max: resolve(p.schema!).maximum!,
          send: (value) =>
            p.in === 'path'
              ? { url: fill({ [p.name]: value }), payload: body }
              : { url: fill(), query: { [p.name]: String(value) }, payload: body },
        });
      }
      if (bodySchema) {
        for (const field of integerFields(bodySchema)) {
          out.push({
            method: verb,
            path,
            where: `body.${field.path.join('.')}`,
            max: field.max,
            send: (value) => ({ url: fill(), payload: withValue(body, field.path, value, bodySchema) }),
          });
        }
      }
    }
  }
  return out;
}

describe('integer bounds in the OpenAPI document', () => {
  it('bounds every id and version by what an INTEGER column holds', () => {
    const all = probes();
    const ids = all.filter((p) => /(^|\.)(id|\w+Id|\w+Ids\.0|version)$/.test(p.where));
    expect(ids.length).toBeGreaterThan(60);
    const loose = ids
      .filter((p) => p.max > Math.max(MAX_ID, MAX_VERSION))
      .map((p) => `${p.method} ${p.path} ${p.where}`);
    expect(loose).toEqual([]);
  });

  it('answers the declared maximum without a 5xx and the maximum + 1 with 400, on every route', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const probe of probes()) {
      for (const value of [probe.max, probe.max + 1]) {
        const req = probe.send(value);
        const res = await t.request({
          method: probe.method as 'GET',
          url: req.url,
          query: req.query ?? {},
          token: admin,
          ...(req.payload !== undefined ? { payload: req.payload as object } : {}),
        });
        sent++;
        const what = `${probe.method} ${probe.path} ${probe.where}=${value} → ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (res.statusCode >= 500) failures.push(what);
        else if (value > probe.max && res.statusCode !== 400) failures.push(`${what} (expected 400)`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(200);
  }, 120_000);

  it('refuses the cases the issue names with 400', async () => {
    const cases: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }[] = [
      { method: 'GET', url: '/api/v1/products?categoryId=2147483648' },
      { method: 'GET', url: '/api/v1/returns?orderId=2147483648' },
      { method: 'GET', url: '/api/v1/stock/movements?userId=2147483648' },
      {
        method: 'POST',
        url: '/api/v1/products',
        payload: { sku: 'ID-1', name: 'x', priceCents: 1, categoryId: 2147483648 },
      },
      { method: 'PATCH', url: '/api/v1/customers/1', payload: { version: 9007199254740991 } },
      { method: 'GET', url: `/api/v1/orders?cursor=${Buffer.from('2147483648').toString('base64url')}` },
    ];
    for (const c of cases) {
      const res = await t.request({ ...c, token: admin });
      expect(res.statusCode, `${c.method} ${c.url} → ${res.body}`).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
  });
});
