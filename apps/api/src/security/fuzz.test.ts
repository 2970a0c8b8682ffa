import { MAX_ID } from '@bodega/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseDigest } from '../test/digest';
import { createTestApp, type TestApp } from '../test/harness';

/**
 * Schema fuzzing: every operation in the OpenAPI document receives generated bad input —
 * wrong types, missing and extra fields, huge strings and numbers, odd unicode, negative and
 * fractional quantities, malformed JSON, wrong content types. Never a 5xx, always
 * problem+json, and a refused request leaves every row of every table as it was. fast-check prints the
 * seed of any failure; rerun with FUZZ_SEED=<seed> to replay it.
 */

type Operation = { method: string; path: string; hasBody: boolean; query: string[] };

let t: TestApp;
let admin: string;
let customer: string;
let operations: Operation[] = [];

const SEED = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : undefined;
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 12);
/** Routes whose success would end the caller's session mid-run. */
const SKIP = new Set(['POST /api/v1/auth/logout']);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  customer = (await t.registerCustomer()).accessToken;
  const doc = (await t.request({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  for (const [path, ops] of Object.entries<
    Record<string, { requestBody?: unknown; parameters?: { in: string; name: string }[] }>
  >(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(ops)) {
      if (method === 'head' || SKIP.has(`${method.toUpperCase()} ${path}`)) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        hasBody: op.requestBody !== undefined,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      });
    }
  }
  operations = operations.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
});
afterAll(() => t?.close());

const oddStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    "' OR 1=1 --",
    '"; DROP TABLE users; --',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '\u202e\u0627\u0644',
    '😀'.repeat(50),
    'NaN',
    '-1',
    '1.5',
    '1e309',
    '99999999999999999999999',
    // The declared maximum of every id and version (INTEGER columns), one past it, the safe limit.
    String(MAX_ID),
    String(MAX_ID + 1),
    String(Number.MAX_SAFE_INTEGER),
  ),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
);
const oddNumbers = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    0.5,
    -0.0001,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MAX_SAFE_INTEGER,
    2 ** 31,
    MAX_ID,
    1.5,
  ),
  fc.double({ noNaN: true }),
  fc.integer(),
);
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddStrings,
  oddNumbers,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(oddStrings, oddNumbers), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(oddStrings, oddNumbers), { maxKeys: 4 }),
);
/** A body: a random object with plausible and implausible field names, or not an object at all. */
const oddBody = fc.oneof(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'name',
        'sku',
        'email',
        'password',
        'lines',
        'quantity',
        'productId',
        'customerId',
        'amountCents',
        'role',
        'status',
        'to',
        'reason',
        'priceCents',
        'version',
      ),
      fc.string({ maxLength: 12 }),
    ),
    oddValue,
    { maxKeys: 6 },
  ),
  fc.record({
    lines: fc.array(fc.record({ productId: oddValue, quantity: oddNumbers }), { maxLength: 3 }),
    paymentTerms: oddValue,
  }),
  oddValue,
);
type Payload = { kind: 'json'; body: unknown } | { kind: 'raw'; contentType: string; body: string };
const oddPayload: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 6, arbitrary: oddBody.map((body): Payload => ({ kind: 'json', body })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('{"a":', '{"a":1,}', '[', 'nul', '{"__proto__":{"admin":true}}', '\u0000', '{"a":"\\ud800"}')
      .map((body): Payload => ({ kind: 'raw', contentType: 'application/json', body })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'application/xml',
        'text/html',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      )
      .map((contentType): Payload => ({ kind: 'raw', contentType, body: 'a=1&b=<x/>' })),
  },
);

type Example = [string, Record<string, string>, Payload, string];
/**
 * Besides the random inputs, always: one past the largest id, in the path and in each query
 * parameter alone (so no other field's refusal hides it), and the largest safe integer as a
 * body's `version` — the declared maxima an INTEGER column must be guarded against.
 */
function boundaryExamples(op: Operation): Example[] {
  const edge = String(MAX_ID + 1);
  const none: Payload = { kind: 'json', body: {} };
  return [
    [edge, {}, none, admin],
    ['1', {}, { kind: 'json', body: { version: Number.MAX_SAFE_INTEGER } }, admin],
    ...op.query.map((name): Example => ['1', { [name]: edge }, none, admin]),
  ];
}

function fill(path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
}

describe('schema fuzzing', () => {
  it('covers every API operation', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it('never answers 5xx and always problem+json to bad input, and a refusal changes nothing', async () => {
    let requests = 0;
    for (const op of operations) {
      // Every row of every business table: a refused request must not insert, update or delete any.
      const before = await databaseDigest(t.ctx.db);
      let accepted = false;
      await fc.assert(
        fc.asyncProperty(
          oddStrings,
          fc.dictionary(fc.constantFrom(...op.query, 'limit', 'cursor', 'unknown'), oddStrings, { maxKeys: 3 }),
          oddPayload,
          fc.constantFrom(admin, customer),
          async (param, query, payload, token) => {
            requests++;
            const res = await t.request({
              method: op.method as 'GET',
              url: fill(op.path, param),
              query: query as Record<string, string>,
              token,
              ...(op.hasBody || op.method !== 'GET'
                ? payload.kind === 'json'
                  ? { payload: JSON.stringify(payload.body) ?? 'null', headers: { 'content-type': 'application/json' } }
                  : { payload: payload.body, headers: { 'content-type': payload.contentType } }
                : {}),
            });
            const where = `${op.method} ${op.path} → ${res.statusCode} ${res.body.slice(0, 300)}`;
            expect(res.statusCode, where).toBeLessThan(500);
            if (res.statusCode >= 400) {
              expect(String(res.headers['content-type']), where).toContain('application/problem+json');
              expect(res.body, where).not.toMatch(/\bat .+\.(ts|js):\d+|SQLITE_|syntax error|relation "|node_modules/);
            } else {
              accepted = true;
            }
          },
        ),
        {
          // fast-check counts the examples among the runs: the random ones come on top.
          numRuns: RUNS + boundaryExamples(op).length,
          endOnFailure: true,
          examples: boundaryExamples(op),
          ...(SEED !== undefined ? { seed: SEED } : {}),
        },
      );
      if (!accepted)
        expect(await databaseDigest(t.ctx.db), `${op.method} ${op.path} changed the database`).toEqual(before);
    }
    expect(requests).toBeGreaterThanOrEqual(operations.length * RUNS);
  }, 300_000);
});
