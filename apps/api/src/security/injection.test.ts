import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseDigest, databaseRows } from '../test/digest';
import { createTestApp, type TestApp } from '../test/harness';

/**
 * Injection probes. SQL metacharacters, classic injection strings, script tags and odd (but
 * NUL-free) unicode go into every string field of the main create bodies and into every query
 * parameter of every list in the OpenAPI document. Every answer is 2xx or 4xx (a 4xx is
 * problem+json), never 5xx; accepted text round-trips exactly as it was sent (so it was bound
 * as a parameter, never spliced into SQL); `<script>` is stored verbatim (escaping is the
 * apps' job, at output); `%` and `_` in a search match themselves, not everything; refused and
 * read-only probes change no row of any table (a digest of every row before and after); and
 * every row there before the probes is still there at the end.
 */

const PAYLOADS = [
  "'",
  '"',
  ';',
  '--',
  '/*',
  '*/',
  '\\',
  '%',
  '_',
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '" OR ""="',
  "admin'/*",
  "1' AND SLEEP(2) AND '1'='1",
  "'; SELECT pg_sleep(2); --",
  "' UNION SELECT password_hash FROM users --",
  "Robert'); DROP TABLE customers;--",
  "\\'; DELETE FROM orders; --",
  "%' AND 1=1 AND '%'='",
  '50% off_sale\\',
  '$1 $$ $tag$ ? :name @p0',
  '`id`) -- [x]',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  "=cmd|' /C calc'!A0",
  '${7*7} {{7*7}} #{7*7}',
  'ñandú Ünïcödé 中文 😀 \u202eevil\u202c 𝔘',
  'a\u0301\u200b\ufeffz',
] as const;

let t: TestApp;
let admin: string;
let customer: { token: string; customerId: number };
let productId: number;
let requests = 0;
/** Every row there before the probes began: the admin, the customer, the product and its stock. */
let seeded: Record<string, string[]>;

const isProblem = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['content-type']).startsWith('application/problem+json');

async function send(opts: Parameters<TestApp['request']>[0]) {
  requests++;
  return t.request(opts);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  const c = await t.registerCustomer();
  customer = { token: c.accessToken, customerId: c.user.customerId! };
  productId = await t.insertProduct({ priceCents: 1000, name: 'Injection stock' });
  const receipt = await send({
    method: 'POST',
    url: '/api/v1/stock/receipts',
    token: admin,
    payload: { lines: [{ productId, quantity: 100_000, unitCostCents: 100 }] },
  });
  expect(receipt.statusCode).toBe(201);
  seeded = await databaseRows(t.ctx.db);
});
afterAll(() => t?.close());

type Case = {
  what: string;
  /** POST here. */
  url: string;
  /** A valid body; `n` makes unique fields unique. */
  base: (n: number) => Record<string, unknown>;
  /** Free-text fields and their maximum length: any payload that fits must be accepted. */
  text: Record<string, number>;
  /** Constrained fields (codes, SKUs, emails): a payload may be refused with 400, never a 5xx. */
  constrained?: string[];
  /** Where to read the created thing back; by default `${url}/${id}`; null: from the answer itself. */
  readBack?: (created: Record<string, unknown>) => string | null;
  /** The value read back for a field, when it is not `body[field]`. */
  pick?: (body: Record<string, any>, field: string) => unknown;
  headers?: (n: number) => Record<string, string>;
  /** Runs before each request (e.g. a fresh order to pay). */
  prepare?: (n: number) => Promise<Record<string, unknown>>;
};

let seq = 0;

async function placeOrder(extra: Record<string, unknown> = {}): Promise<number> {
  const res = await send({
    method: 'POST',
    url: '/api/v1/orders',
    token: admin,
    payload: { customerId: customer.customerId, paymentTerms: 'cash', lines: [{ productId, quantity: 1 }], ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
}

const CASES: Case[] = [
  {
    what: 'category',
    url: '/api/v1/categories',
    base: (n) => ({ name: `Category ${n}`, description: 'plain' }),
    text: { name: 120, description: 2000 },
  },
  {
    what: 'product',
    url: '/api/v1/products',
    base: (n) => ({ sku: `INJ-${n}`, name: `Product ${n}`, priceCents: 500, description: 'plain', unit: 'unit' }),
    text: { name: 200, description: 5000, unit: 20 },
    constrained: ['sku', 'barcode'],
  },
  {
    what: 'customer',
    url: '/api/v1/customers',
    base: (n) => ({ name: `Customer ${n}` }),
    text: { name: 200, phone: 40, taxId: 40, address: 500, notes: 5000 },
    constrained: ['code', 'email'],
  },
  {
    what: 'supplier',
    url: '/api/v1/suppliers',
    base: (n) => ({ name: `Supplier ${n}` }),
    text: { name: 200, contact: 200, phone: 40, taxId: 40, address: 500, notes: 5000 },
    constrained: ['code', 'email'],
  },
  {
    what: 'location',
    url: '/api/v1/locations',
    base: (n) => ({ code: `L${n}`, name: `Location ${n}`, address: 'plain' }),
    text: { name: 120, address: 300 },
    constrained: ['code'],
  },
  {
    what: 'order',
    url: '/api/v1/orders',
    base: () => ({ customerId: customer.customerId, paymentTerms: 'cash', lines: [{ productId, quantity: 1 }] }),
    text: { notes: 2000 },
  },
  {
    what: 'order discount reason',
    url: '/api/v1/orders',
    base: (n) => ({
      customerId: customer.customerId,
      paymentTerms: 'cash',
      lines: [{ productId, quantity: 1 }],
      discount: { type: 'amount', amountCents: 1, reason: `reason ${n}` },
    }),
    text: { 'discount.reason': 300 },
    pick: (body) => body['discountReason'],
  },
  {
    what: 'order transition',
    url: '/api/v1/orders/:id/transitions',
    base: () => ({ to: 'cancelled', reason: 'plain', note: 'plain' }),
    text: { reason: 500, note: 2000 },
    prepare: async () => ({ id: await placeOrder() }),
    readBack: (body) => `/api/v1/orders/${body['id']}`,
    pick: (body, field) => (body['history'] as Record<string, unknown>[]).at(-1)![field],
  },
  {
    what: 'payment',
    url: '/api/v1/payments',
    base: () => ({ customerId: customer.customerId, amountCents: 1, method: 'transfer', reference: 'plain' }),
    text: { reference: 100 },
    headers: (n) => ({ 'idempotency-key': `pay-${n}` }),
  },
  {
    what: 'manual debt',
    url: '/api/v1/debts',
    base: () => ({ customerId: customer.customerId, amountCents: 1, note: 'plain' }),
    text: { note: 500 },
  },
  {
    what: 'stock adjustment',
    url: '/api/v1/stock/adjustments',
    base: () => ({ productId, quantity: 1, reason: 'other', note: 'plain' }),
    text: { note: 1000 },
    readBack: () => `/api/v1/stock/movements?productId=${productId}&type=adjustment&limit=1`,
    pick: (body, field) => (body['items'] as Record<string, unknown>[])[0]![field],
  },
  {
    what: 'stock receipt',
    url: '/api/v1/stock/receipts',
    base: () => ({ reference: 'plain', note: 'plain', lines: [{ productId, quantity: 1, unitCostCents: 100 }] }),
    text: { reference: 100, note: 1000 },
    readBack: () => null,
  },
];

function setPath(body: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let target: Record<string, unknown> = body;
  for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
}

describe('SQL metacharacters and script tags in every string field of the create bodies', () => {
  it('answers 2xx or 4xx, never 5xx, and stores accepted text exactly as sent', async () => {
    // A confirmed order gives the payments a debt to settle.
    const debtOrder = await placeOrder({ lines: [{ productId, quantity: 50 }] });
    const confirm = await send({
      method: 'POST',
      url: `/api/v1/orders/${debtOrder}/transitions`,
      token: admin,
      payload: { to: 'confirmed' },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);

    const failures: string[] = [];
    let accepted = 0;
    let refused = 0;
    for (const c of CASES) {
      const fields = [...Object.entries(c.text), ...(c.constrained ?? []).map((f) => [f, 0] as const)];
      for (const [field, max] of fields) {
        for (const payload of PAYLOADS) {
          const n = ++seq;
          const body = structuredClone(c.base(n));
          setPath(body, field, payload);
          const params = c.prepare ? await c.prepare(n) : {};
          const url = c.url.replace(':id', String(params['id']));
          const res = await send({ method: 'POST', url, token: admin, payload: body, headers: c.headers?.(n) });
          const where = `${c.what}.${field} = ${JSON.stringify(payload)} → ${res.statusCode}`;
          if (res.statusCode >= 500 || (res.statusCode >= 400 && !isProblem(res))) {
            failures.push(`${where} ${res.body.slice(0, 200)}`);
            continue;
          }
          const fits = max > 0 && [...payload].length <= max;
          if (res.statusCode >= 400) {
            refused++;
            // Free text that fits is never refused for its characters.
            if (fits) failures.push(`${where} refused free text: ${res.body.slice(0, 200)}`);
            continue;
          }
          accepted++;
          const out = res.json<Record<string, unknown>>();
          const id = out['id'] as number;
          const pick = c.pick ?? ((b: Record<string, unknown>, f: string) => b[f.split('.').at(-1)!]);
          const expected = field === 'email' ? payload.toLowerCase() : payload;
          const readUrl = c.readBack ? c.readBack(out) : `${c.url}/${id}`;
          let read = out;
          if (readUrl !== null) {
            const back = await send({ method: 'GET', url: readUrl, token: admin });
            if (back.statusCode !== 200) {
              failures.push(`${where}: reading back ${readUrl} → ${back.statusCode}`);
              continue;
            }
            read = back.json();
          }
          const got = pick(read, field);
          if (got !== expected) failures.push(`${where}: read back ${JSON.stringify(got)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(300);
    console.info(`injection probes: ${accepted} bodies accepted and read back verbatim, ${refused} refused with 4xx`);
  }, 180_000);

  it('keeps <script> and quotes verbatim in the database (the apps escape at output)', async () => {
    const script = '<script>alert(1)</script>';
    for (const table of ['categories', 'products', 'customers', 'suppliers', 'locations'] as const) {
      const rows = await t.ctx.db.selectFrom(table).select('name').where('name', '=', script).execute();
      expect(rows.length, table).toBe(1);
    }
    const drop = "'; DROP TABLE users; --";
    const customers = await t.ctx.db.selectFrom('customers').select('notes').where('notes', '=', drop).execute();
    expect(customers).toHaveLength(1);
    // And the JSON answer carries it as a JSON string: no HTML encoding, no stripping.
    const list = await send({ method: 'GET', url: '/api/v1/products?q=%3Cscript%3E', token: admin });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { name: string }) => p.name)).toContain(script);
    expect(list.headers['content-type']).toMatch(/^application\/json/);
  });

  it('uses Idempotency-Key values with SQL in them as plain keys', async () => {
    for (const key of ["'OR'1'='1'--", "';DROP-TABLE-idempotency_keys;--", '%_\\"*/']) {
      const body = { customerId: customer.customerId, paymentTerms: 'cash', lines: [{ productId, quantity: 1 }] };
      const first = await send({
        method: 'POST',
        url: '/api/v1/orders',
        token: admin,
        payload: body,
        headers: { 'idempotency-key': key },
      });
      expect(first.statusCode, first.body).toBe(201);
      const again = await send({
        method: 'POST',
        url: '/api/v1/orders',
        token: admin,
        payload: body,
        headers: { 'idempotency-key': key },
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
    }
  });

  it('refuses SQL in path parameters and If-Match headers with a 4xx, and the refusals change no row', async () => {
    const failures: string[] = [];
    const before = await databaseDigest(t.ctx.db);
    const product = (await send({ method: 'GET', url: `/api/v1/products/${productId}`, token: admin })).json();
    for (const payload of PAYLOADS) {
      const enc = encodeURIComponent(payload);
      for (const url of [
        `/api/v1/products/by-barcode/${enc}`,
        `/api/v1/orders/${enc}`,
        `/api/v1/customers/1${enc}`,
        `/media/products/${enc}`,
      ]) {
        const res = await send({ method: 'GET', url, token: admin });
        if (res.statusCode >= 500 || res.statusCode < 400) failures.push(`${url} → ${res.statusCode}`);
      }
      const patch = await send({
        method: 'PATCH',
        url: `/api/v1/products/${productId}`,
        token: admin,
        headers: { 'if-match': payload.replace(/[^\x20-\x7e]/g, '?') },
        payload: { name: product.name },
      });
      if (patch.statusCode >= 500) failures.push(`If-Match ${payload} → ${patch.statusCode} ${patch.body}`);
    }
    expect(failures).toEqual([]);
    expect(await databaseDigest(t.ctx.db)).toEqual(before);
  });
});

type ListOp = { path: string; params: { name: string; enum?: string[] }[] };

describe('SQL metacharacters in every query parameter of every list', () => {
  let lists: ListOp[] = [];
  beforeAll(async () => {
    const doc = (await send({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const supplier = (
      await send({ method: 'POST', url: '/api/v1/suppliers', token: admin, payload: { name: 'List probe supplier' } })
    ).json<{ id: number }>().id;
    const realCustomer = customer.customerId;
    for (const [path, ops] of Object.entries<Record<string, { parameters?: any[] }>>(doc.paths)) {
      const get = ops['get'];
      if (!path.startsWith('/api/v1/') || !get) continue;
      const query = (get.parameters ?? []).filter((p) => p.in === 'query');
      if (!query.length) continue;
      const concrete = path
        .replace('/suppliers/{id}', `/suppliers/${supplier}`)
        .replace('/customers/{id}', `/customers/${realCustomer}`)
        .replace(/\{id\}/g, '1');
      lists.push({
        path: concrete,
        params: query.map((p) => ({ name: p.name as string, enum: p.schema?.enum as string[] | undefined })),
      });
    }
    lists = lists.sort((a, b) => a.path.localeCompare(b.path));
  });

  it('answers 2xx or 4xx problem+json, never 5xx, for staff and customers, and changes no row', async () => {
    expect(lists.length).toBeGreaterThan(20);
    const failures: string[] = [];
    const before = await databaseDigest(t.ctx.db);
    let probes = 0;
    for (const token of [admin, customer.token]) {
      for (const { path, params } of lists) {
        for (const { name } of params) {
          for (const payload of PAYLOADS) {
            const url = `${path}?${new URLSearchParams({ [name]: payload })}`;
            const res = await send({ method: 'GET', url, token });
            probes++;
            if (res.statusCode === 403 && token === customer.token) break;
            if (res.statusCode >= 500 || (res.statusCode >= 400 && !isProblem(res)))
              failures.push(`${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await databaseDigest(t.ctx.db)).toEqual(before);
    console.info(`query probes: ${probes} list requests with a hostile parameter`);
  }, 180_000);

  it('searches for metacharacters literally: % and _ match themselves, and names with SQL in them are found', async () => {
    const failures: string[] = [];
    const searches = lists.filter((l) => l.params.some((p) => p.name === 'q'));
    expect(searches.map((s) => s.path)).toEqual(
      expect.arrayContaining(['/api/v1/products', '/api/v1/customers', '/api/v1/suppliers', '/api/v1/orders']),
    );
    for (const { path } of searches) {
      for (const payload of PAYLOADS) {
        const url = `${path}?${new URLSearchParams({ q: payload, limit: '200' })}`;
        const res = await send({ method: 'GET', url, token: admin });
        if (res.statusCode !== 200) {
          // A q longer than the list allows is a validation error; nothing else is.
          if (res.statusCode !== 400) failures.push(`${url} → ${res.statusCode}`);
          continue;
        }
        const needle = payload.trim().toLowerCase();
        for (const item of res.json<{ items: Record<string, unknown>[] }>().items) {
          const texts = Object.values(item).filter((v): v is string => typeof v === 'string');
          if (!texts.some((v) => v.toLowerCase().includes(needle)))
            failures.push(`${url} matched ${JSON.stringify(item).slice(0, 160)} which does not contain the text`);
        }
      }
    }
    // Every product and customer named with a payload is found by searching for that name.
    for (const payload of PAYLOADS) {
      if ([...payload].length < 3) continue;
      for (const list of ['products', 'customers', 'suppliers']) {
        const res = await send({
          method: 'GET',
          url: `/api/v1/${list}?${new URLSearchParams({ q: payload, limit: '200' })}`,
          token: admin,
        });
        const names = res.json<{ items: { name: string }[] }>().items.map((i) => i.name);
        if (!names.includes(payload)) failures.push(`${list} q=${JSON.stringify(payload)} did not find its own name`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('folds the case of every alphabet in customer, supplier and user searches, not only A–Z', async () => {
    const customerRes = await send({
      method: 'POST',
      url: '/api/v1/customers',
      token: admin,
      payload: { name: 'Ángel Núñez Öztürk' },
    });
    const supplierRes = await send({
      method: 'POST',
      url: '/api/v1/suppliers',
      token: admin,
      payload: { name: 'ÉLITE Ñandú S.A.' },
    });
    const userRes = await send({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      payload: { email: 'ines@test.local', name: 'Inés ÁLVAREZ', role: 'sales_staff', password: 'staff-password-1' },
    });
    for (const res of [customerRes, supplierRes, userRes]) expect(res.statusCode, res.body).toBe(201);
    const found = async (list: string, q: string) =>
      (await send({ method: 'GET', url: `/api/v1/${list}?${new URLSearchParams({ q })}`, token: admin }))
        .json<{ items: { id: number }[] }>()
        .items.map((i) => i.id);
    for (const q of ['Ángel Núñez', 'ángel núñez', 'ÁNGEL NÚÑEZ', 'öztürk'])
      expect(await found('customers', q), q).toContain(customerRes.json().id);
    for (const q of ['élite ñandú', 'ÉLITE ÑANDÚ', 'Ñandú'])
      expect(await found('suppliers', q), q).toContain(supplierRes.json().id);
    for (const q of ['inés álvarez', 'INÉS', 'Álvarez'])
      expect(await found('users', q), q).toContain(userRes.json().id);
  });

  it('leaves every table and row in place', async () => {
    const now = await databaseRows(t.ctx.db);
    expect(Object.keys(now)).toEqual(Object.keys(seeded));
    // The probes' accepted writes legitimately change these rows in place (receipts move the
    // product's average cost and version, stock writes and orders move its level, numbering
    // bumps a counter on SQLite): those rows must still be there, by key. Every other row there
    // before the probes is still there, unchanged: the probes only add rows.
    const changedInPlace: Record<string, string[]> = {
      products: ['id'],
      stock_levels: ['product_id', 'location_id'],
      counters: ['name'],
    };
    const keyOf = (table: string, row: string) => {
      const key = changedInPlace[table];
      if (!key) return row;
      const values = JSON.parse(row) as Record<string, unknown>;
      return JSON.stringify(key.map((k) => values[k]));
    };
    const lost: Record<string, string[]> = {};
    for (const [table, rows] of Object.entries(seeded)) {
      const present = new Set(now[table]!.map((r) => keyOf(table, r)));
      const gone = rows.filter((r) => !present.has(keyOf(table, r)));
      if (gone.length) lost[table] = gone;
    }
    expect(lost).toEqual({});
    expect(Object.values(seeded).flat().length).toBeGreaterThan(5);
    expect((await send({ method: 'GET', url: '/api/v1/auth/me', token: admin })).statusCode).toBe(200);
    console.info(`injection suite: ${requests} requests in all`);
  });
});
