import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: string;
let customer: string;
let sales: string;
let manager: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  customer = (await t.registerCustomer()).accessToken;
  sales = (await t.createStaff('sales_staff')).token;
  manager = (await t.createStaff('warehouse_manager')).token;
});
afterAll(() => t?.close());

type Product = { id: number; sku: string; name: string; version: number; active: boolean; categoryId: number | null };
type Page = { items: Product[]; nextCursor: string | null };

let seq = 0;
const newProduct = async (payload: object = {}, token = admin) => {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/products',
    token,
    payload: { sku: `SKU-${++seq}`, name: `Product ${seq}`, priceCents: 1500, costCents: 900, ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Product>();
};
const patch = (id: number, payload: object, headers: Record<string, string> = {}, token = admin) =>
  t.request({ method: 'PATCH', url: `/api/v1/products/${id}`, token, payload, headers });
const get = (url: string, token = admin) => t.request({ method: 'GET', url: `/api/v1${url}`, token });
const list = async (query: string, token = admin) => {
  const res = await get(`/products?${query}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
};
const skusOf = (page: Page) => page.items.map((p) => p.sku);
const category = async (name: string, parentId?: number) =>
  (await t.request({ method: 'POST', url: '/api/v1/categories', token: admin, payload: { name, parentId } })).json<{
    id: number;
  }>();
const receive = async (productId: number, quantity: number) => {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/stock/receipts',
    token: admin,
    payload: { lines: [{ productId, quantity, unitCostCents: 900 }] },
  });
  expect(res.statusCode, res.body).toBe(201);
};

describe('creating and reading products', () => {
  it('creates a product with an ETag, reads it back, and audits it', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      token: admin,
      payload: {
        sku: 'DRL-18V',
        barcode: '7790001112223',
        name: 'Taladro inalámbrico 18V',
        description: 'Con dos baterías',
        unit: 'unit',
        priceCents: 8999_00,
        costCents: 6100_00,
        taxRateBp: 2100,
        reorderPoint: 3,
        reorderQuantity: 10,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const created = res.json();
    expect(created).toMatchObject({
      sku: 'DRL-18V',
      barcode: '7790001112223',
      costCents: 6100_00,
      taxRateBp: 2100,
      active: true,
      images: [],
      version: 1,
    });
    const read = await get(`/products/${created.id}`);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toEqual(created);
    const audit = (await get(`/audit-log?entity=product&entityId=${created.id}`)).json();
    expect(audit.items[0]).toMatchObject({ action: 'product.created', after: { sku: 'DRL-18V', costCents: 6100_00 } });
  });

  it('refuses a SKU already taken, whatever its case, and a barcode already taken', async () => {
    await newProduct({ sku: 'Hammer-01', barcode: '1234567890123' });
    const sku = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      token: admin,
      payload: { sku: 'HAMMER-01', name: 'Another hammer', priceCents: 1 },
    });
    expect(sku.statusCode).toBe(409);
    expect(sku.json().code).toBe('sku_taken');
    const barcode = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      token: admin,
      payload: { sku: 'HAMMER-02', barcode: '1234567890123', name: 'Another hammer', priceCents: 1 },
    });
    expect(barcode.statusCode).toBe(409);
    expect(barcode.json().code).toBe('barcode_taken');
    const other = await newProduct();
    const renamed = await patch(other.id, { sku: 'hammer-01' }, { 'if-match': '"1"' });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().code).toBe('sku_taken');
  });

  it('refuses an unknown category, unknown fields and bad values', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/products',
      token: admin,
      payload: { sku: 'NOCAT-1', name: 'No category', priceCents: 1, categoryId: 999_999 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'body.categoryId' });
    for (const payload of [
      { sku: 'X-1', name: 'x', priceCents: 1, stock: 5 },
      { sku: 'X-2', name: 'x', priceCents: -1 },
      { sku: 'X-3', name: 'x', priceCents: 1.5 },
      { sku: 'bad sku', name: 'x', priceCents: 1 },
    ]) {
      expect((await t.request({ method: 'POST', url: '/api/v1/products', token: admin, payload })).statusCode).toBe(
        400,
      );
    }
    expect((await get('/products/999999')).statusCode).toBe(404);
  });

  it('finds a product by barcode, for staff and customers', async () => {
    const p = await newProduct({ barcode: '4006381333931' });
    const staff = await get('/products/by-barcode/4006381333931');
    expect(staff.json()).toMatchObject({ id: p.id, costCents: 900 });
    const cust = await get('/products/by-barcode/4006381333931', customer);
    expect(cust.json()).toMatchObject({ id: p.id, available: 0 });
    expect((await get('/products/by-barcode/0000000000000')).statusCode).toBe(404);
  });
});

describe('updating with versions', () => {
  it('changes a product with If-Match, moves the ETag, and audits before and after', async () => {
    const p = await newProduct({ name: 'Cinta métrica 5m', priceCents: 1000 });
    const res = await patch(p.id, { priceCents: 1200 }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ priceCents: 1200, version: 2, name: 'Cinta métrica 5m' });
    const byBody = await patch(p.id, { name: 'Cinta métrica 8m', version: 2 });
    expect(byBody.json()).toMatchObject({ name: 'Cinta métrica 8m', version: 3 });
    const audit = (await get(`/audit-log?entity=product&entityId=${p.id}&action=product.updated`)).json();
    expect(audit.items[1]).toMatchObject({
      before: { priceCents: 1000, version: 1 },
      after: { priceCents: 1200, version: 2 },
    });
  });

  it('answers 412 to a stale version and 428 to none', async () => {
    const p = await newProduct();
    expect((await patch(p.id, { name: 'First' }, { 'if-match': '"1"' })).statusCode).toBe(200);
    const stale = await patch(p.id, { name: 'Second' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('precondition_failed');
    const staleBody = await patch(p.id, { name: 'Second', version: 1 });
    expect(staleBody.statusCode).toBe(412);
    const missing = await patch(p.id, { name: 'Third' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('precondition_required');
    expect((await patch(p.id, { name: 'x' }, { 'if-match': '*' })).statusCode).toBe(412);
    expect((await patch(p.id, { name: 'x', version: 1 }, { 'if-match': '"2"' })).statusCode).toBe(400);
    expect((await get(`/products/${p.id}`)).json()).toMatchObject({ name: 'First', version: 2 });
    expect((await patch(999_999, { name: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(404);
  });

  it('lets exactly one of ten concurrent writers holding the same version win', async () => {
    const p = await newProduct();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => patch(p.id, { name: `Writer ${i}` }, { 'if-match': '"1"' })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 412)).toHaveLength(9);
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect((await get(`/products/${p.id}`)).json()).toMatchObject({ version: 2, name: winner.name });
  });
});

describe('archiving', () => {
  it('archives instead of deleting: staff still see it, customers get 404', async () => {
    const p = await newProduct({ barcode: '5901234123457', sku: 'ARCH-1' });
    const res = await t.request({ method: 'DELETE', url: `/api/v1/products/${p.id}`, token: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: p.id, active: false, version: 2 });
    expect(res.headers.etag).toBe('"2"');
    const again = await t.request({ method: 'DELETE', url: `/api/v1/products/${p.id}`, token: admin });
    expect(again.json().version).toBe(2);

    expect((await get(`/products/${p.id}`)).json()).toMatchObject({ active: false });
    expect((await get(`/products/${p.id}`, customer)).statusCode).toBe(404);
    expect((await get('/products/by-barcode/5901234123457', customer)).statusCode).toBe(404);
    expect(skusOf(await list('q=ARCH-1', customer))).toEqual([]);
    expect(skusOf(await list('q=ARCH-1&active=false', customer))).toEqual([]);
    expect(skusOf(await list('q=ARCH-1&active=false'))).toEqual(['ARCH-1']);
    const row = await t.ctx.db.selectFrom('products').select('active').where('id', '=', p.id).executeTakeFirst();
    expect(row).toEqual({ active: 0 });
    const audit = (await get(`/audit-log?entity=product&entityId=${p.id}`)).json();
    expect(audit.items[0]).toMatchObject({
      action: 'product.archived',
      before: { active: true },
      after: { active: false },
    });
  });

  it('checks If-Match on archive when it is sent', async () => {
    const p = await newProduct();
    const stale = await t.request({
      method: 'DELETE',
      url: `/api/v1/products/${p.id}`,
      token: admin,
      headers: { 'if-match': '"7"' },
    });
    expect(stale.statusCode).toBe(412);
  });
});

describe('what customers see', () => {
  it('never includes a cost field, and shows availability summed over locations', async () => {
    const p = await newProduct({ sku: 'AVAIL-1', name: 'Llave inglesa', costCents: 4321 });
    await receive(p.id, 7);
    const one = await get(`/products/${p.id}`, customer);
    expect(one.statusCode).toBe(200);
    expect(one.body.toLowerCase()).not.toContain('cost');
    expect(one.json()).toMatchObject({ sku: 'AVAIL-1', available: 7 });
    const page = await get('/products?q=AVAIL-1', customer);
    expect(page.body.toLowerCase()).not.toContain('cost');
    expect(page.json().items[0]).toMatchObject({ available: 7 });
    const byCode = await get(`/products?limit=200`, customer);
    expect(byCode.body.toLowerCase()).not.toContain('cost');
    // Sales staff are staff: they read the staff view, with cost (product-view.ts).
    expect((await get(`/products/${p.id}`, sales)).json()).toMatchObject({ costCents: expect.any(Number) });
    expect((await get(`/products/${p.id}`, sales)).json()).not.toHaveProperty('available');
  });
});

describe('product access', () => {
  it('lets only admins and warehouse managers write; customers and sales get 403, anonymous 401', async () => {
    const p = await newProduct();
    const byManager = await newProduct({}, manager);
    expect(byManager.id).toBeGreaterThan(p.id);
    for (const [token, status] of [
      [customer, 403],
      [sales, 403],
      [undefined, 401],
    ] as const) {
      const calls = [
        await t.request({
          method: 'POST',
          url: '/api/v1/products',
          token,
          payload: { sku: 'NO-1', name: 'n', priceCents: 1 },
        }),
        await t.request({
          method: 'PATCH',
          url: `/api/v1/products/${p.id}`,
          token,
          payload: { name: 'n', version: 1 },
        }),
        await t.request({ method: 'DELETE', url: `/api/v1/products/${p.id}`, token }),
        await t.request({ method: 'GET', url: '/api/v1/products/export', token }),
        await t.request({
          method: 'POST',
          url: '/api/v1/products/import',
          token,
          headers: { 'content-type': 'text/csv' },
          payload: 'sku,name,priceCents\nNO-2,n,1\n',
        }),
      ];
      for (const res of calls) expect(res.statusCode, res.body).toBe(status);
    }
    for (const url of ['/api/v1/products', `/api/v1/products/${p.id}`, '/api/v1/products/by-barcode/12345']) {
      expect((await t.request({ method: 'GET', url })).statusCode).toBe(401);
    }
    expect((await get(`/products/${p.id}`)).json()).toMatchObject({ version: 1, active: true });
  });
});

describe('search and filters', () => {
  let tools: { id: number };
  let screws: { id: number };
  beforeAll(async () => {
    tools = await category('Search tools');
    screws = await category('Search screws', tools.id);
    await newProduct({ sku: 'KIT-ZX9', name: 'Organizer for ZX9 bits', categoryId: tools.id });
    await newProduct({ sku: 'DES-PH2', name: 'Destornillador Phillips PH2', categoryId: tools.id, reorderPoint: 5 });
    await newProduct({ sku: 'ZX9', name: 'Bit set', barcode: '8412345678905', categoryId: screws.id });
    await newProduct({ sku: 'TOR-M6', name: 'Tornillo hexagonal M6 x 40', categoryId: screws.id, reorderPoint: 0 });
    await newProduct({ sku: 'PCT-50', name: 'Descuento 50% off_sale "quoted"' });
  });

  it('finds a name fragment in the middle of a word, ignoring case', async () => {
    expect(skusOf(await list('q=TORNILL'))).toEqual(expect.arrayContaining(['DES-PH2', 'TOR-M6']));
    expect(skusOf(await list('q=hexagonal m6'))).toEqual(['TOR-M6']);
  });

  it('finds by SKU fragment and barcode fragment, exact SKU or barcode first', async () => {
    expect(skusOf(await list('q=r-m'))).toEqual(['TOR-M6']);
    expect(skusOf(await list('q=zx9'))).toEqual(['ZX9', 'KIT-ZX9']);
    expect(skusOf(await list('q=45678905'))).toEqual(['ZX9']);
    expect(skusOf(await list('q=8412345678905'))).toEqual(['ZX9']);
  });

  it('matches the start of the SKU or name for one or two characters', async () => {
    const page = await list('q=De&limit=200');
    expect(skusOf(page)).toEqual(expect.arrayContaining(['DES-PH2', 'PCT-50']));
    expect(skusOf(page)).not.toContain('KIT-ZX9');
  });

  it('treats quotes, wildcards and search operators as plain text', async () => {
    expect(skusOf(await list(`q=${encodeURIComponent('50%')}`))).toEqual(['PCT-50']);
    expect(skusOf(await list(`q=${encodeURIComponent('off_sale')}`))).toEqual(['PCT-50']);
    expect(skusOf(await list(`q=${encodeURIComponent('"quoted"')}`))).toEqual(['PCT-50']);
    expect(skusOf(await list(`q=${encodeURIComponent('0%o')}`))).toEqual([]);
    expect(skusOf(await list(`q=${encodeURIComponent('off%sale')}`))).toEqual([]);
    for (const q of [
      "'",
      '"',
      '%',
      '_',
      '\\',
      '*',
      'NEAR',
      'OR',
      'a OR b',
      'NEAR(a b)',
      "x' OR 1=1 --",
      '"*"',
      '\\%_',
      '%%%',
      '^a',
      'a:b',
      '(',
    ]) {
      const res = await get(`/products?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
  });

  it('filters by category (with subcategories), active flag and low stock, also with a search', async () => {
    expect(skusOf(await list(`categoryId=${screws.id}`))).toEqual(['ZX9', 'TOR-M6']);
    expect(skusOf(await list(`categoryId=${tools.id}`))).toEqual(['KIT-ZX9', 'DES-PH2', 'ZX9', 'TOR-M6']);
    expect(skusOf(await list(`categoryId=${tools.id}&q=zx9`))).toEqual(['ZX9', 'KIT-ZX9']);
    expect(skusOf(await list(`categoryId=${screws.id}&q=organizer`))).toEqual([]);

    const tor = (await list('q=TOR-M6')).items[0]!;
    const des = (await list('q=DES-PH2')).items[0]!;
    await receive(tor.id, 3);
    await receive(des.id, 5);
    // DES-PH2: 5 available, reorder point 5 → low. TOR-M6: 3 available, reorder point 0 → fine.
    const low = skusOf(await list(`categoryId=${tools.id}&lowStock=true`));
    expect(low).toContain('DES-PH2');
    expect(low).not.toContain('TOR-M6');
    expect(skusOf(await list(`categoryId=${tools.id}&lowStock=false`))).toEqual(['TOR-M6']);

    await t.request({ method: 'DELETE', url: `/api/v1/products/${tor.id}`, token: admin });
    expect(skusOf(await list(`categoryId=${screws.id}&active=true`))).toEqual(['ZX9']);
    expect(skusOf(await list(`categoryId=${screws.id}&active=false`))).toEqual(['TOR-M6']);
    expect(skusOf(await list(`categoryId=${screws.id}`, customer))).toEqual(['ZX9']);
  });
});

describe('keyset pagination', () => {
  it('visits every product exactly once, with and without a search', async () => {
    const c = await category('Paged');
    const ids: number[] = [];
    for (let i = 0; i < 23; i++) ids.push((await newProduct({ name: `Paged widget ${i}`, categoryId: c.id })).id);
    // The search's exact match (first on page one) must not come back on a later page.
    const exact = await newProduct({ sku: 'PAGED', name: 'Paged widget exact', categoryId: c.id });
    ids.push(exact.id);
    for (const query of [`categoryId=${c.id}`, `q=paged&categoryId=${c.id}`]) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await list(`${query}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(5);
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor && ++pages < 20);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort((a, b) => a - b)).toEqual(ids);
    }
    const first = await list(`q=paged&categoryId=${c.id}&limit=1`);
    expect(first.items[0]!.sku).toBe('PAGED');
    expect(first.nextCursor).not.toBeNull();
  });

  it('refuses a page larger than 200 and a forged cursor', async () => {
    expect((await get('/products?limit=201')).statusCode).toBe(400);
    expect((await get('/products?cursor=not-a-cursor')).statusCode).toBe(400);
  });
});

describe('units on hand in the staff list', () => {
  it('sums every location for staff, and customers see availability instead', async () => {
    const p = await newProduct();
    const none = await newProduct();
    await receive(p.id, 7);
    await receive(p.id, 5);
    const page = await list(`q=${p.sku}`);
    expect(page.items.find((i) => i.id === p.id)).toMatchObject({ onHand: 12 });
    expect((await list(`q=${none.sku}`)).items[0]).toMatchObject({ onHand: 0 });
    const seen = (await list(`q=${p.sku}`, customer)).items[0]!;
    expect(seen).not.toHaveProperty('onHand');
    expect(seen).toMatchObject({ available: 12 });
  });
});
