import type { Supplier, SupplierProduct } from '@bodega/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: string;
let wm: string;
let sales: string;
let customer: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  wm = (await t.createStaff('warehouse_manager')).token;
  sales = (await t.createStaff('sales_staff')).token;
  customer = (await t.registerCustomer()).accessToken;
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  token: string | null,
  payload?: object,
) => t.request({ method, url: `/api/v1${url}`, token: token ?? undefined, payload });
const auditOf = async (entity: string, entityId: string | number) =>
  (await api('GET', `/audit-log?entity=${entity}&entityId=${entityId}`, admin)).json().items as {
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[];

describe('suppliers', () => {
  it('are created with a generated code, read, updated with a version check, and audited', async () => {
    const res = await api('POST', '/suppliers', wm, {
      name: 'Tornillería del Norte',
      contact: 'Luis Gómez',
      email: 'Pedidos@Norte.example',
      phone: '+34 600 000 000',
      taxId: 'B-11111111',
      address: 'Polígono 3, Bilbao',
      paymentTermsDays: 30,
      leadTimeDays: 10,
      notes: 'Closed in August',
    });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json<Supplier>();
    expect(s).toMatchObject({
      code: `S-${String(s.id).padStart(6, '0')}`,
      name: 'Tornillería del Norte',
      contact: 'Luis Gómez',
      email: 'pedidos@norte.example',
      paymentTermsDays: 30,
      leadTimeDays: 10,
      active: true,
      version: 1,
    });
    expect((await api('GET', `/suppliers/${s.id}`, sales)).json()).toEqual(s);

    const updated = await api('PATCH', `/suppliers/${s.id}`, wm, { leadTimeDays: 14, version: 1 });
    expect(updated.json()).toMatchObject({ leadTimeDays: 14, version: 2 });
    const stale = await api('PATCH', `/suppliers/${s.id}`, wm, { leadTimeDays: 3, version: 1 });
    expect(stale.statusCode).toBe(412);
    expect((await api('PATCH', `/suppliers/${s.id}`, wm, { active: false })).json().active).toBe(false);

    const audit = await auditOf('supplier', s.id);
    expect(audit.map((e) => e.action)).toEqual(['supplier.deactivated', 'supplier.updated', 'supplier.created']);
    expect(audit[1]).toMatchObject({ before: { leadTimeDays: 10 }, after: { leadTimeDays: 14 } });
  });

  it('refuse bad input and a code another supplier has (ignoring case)', async () => {
    for (const payload of [
      { name: '' },
      { name: 'X', email: 'not-an-email' },
      { name: 'X', leadTimeDays: 366 },
      { name: 'X', leadTimeDays: 1.5 },
      { name: 'X', paymentTermsDays: -1 },
      { name: 'X', code: 'has space' },
      { name: 'X', rating: 5 },
    ]) {
      expect((await api('POST', '/suppliers', wm, payload)).statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await api('POST', '/suppliers', wm, { name: 'A', code: 'ACME' })).statusCode).toBe(201);
    const dup = await api('POST', '/suppliers', wm, { name: 'B', code: 'acme' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('conflict');
  });

  it('are listed, searchable and filterable, a page at a time', async () => {
    await api('POST', '/suppliers', wm, { name: 'Pinturas Sol', code: 'SOL-1', taxId: 'B-SOL' });
    await api('POST', '/suppliers', wm, { name: 'Pinturas Luna', code: 'LUNA-1', active: false });
    const found = (await api('GET', '/suppliers?q=pinturas', sales)).json();
    expect(found.items.map((s: Supplier) => s.name).sort()).toEqual(['Pinturas Luna', 'Pinturas Sol']);
    const active = (await api('GET', '/suppliers?q=pinturas&active=true', sales)).json();
    expect(active.items.map((s: Supplier) => s.name)).toEqual(['Pinturas Sol']);
    expect((await api('GET', '/suppliers?q=b-sol', wm)).json().items).toHaveLength(1);
    const first = (await api('GET', '/suppliers?limit=1', wm)).json();
    const second = (await api('GET', `/suppliers?limit=1&cursor=${first.nextCursor}`, wm)).json();
    expect(second.items[0].id).toBeGreaterThan(first.items[0].id);
  });

  it('are deleted only while they have no history; otherwise they are deactivated', async () => {
    const unused = (await api('POST', '/suppliers', wm, { name: 'Never used' })).json();
    const p = await t.insertProduct();
    await api('PUT', `/suppliers/${unused.id}/products/${p}`, wm, { supplierSku: 'NU-1' });
    expect((await api('DELETE', `/suppliers/${unused.id}`, wm)).statusCode).toBe(204);
    expect((await api('GET', `/suppliers/${unused.id}`, wm)).statusCode).toBe(404);
    expect((await api('GET', `/products/${p}/suppliers`, wm)).json().items).toEqual([]);
    const [deleted] = await auditOf('supplier', unused.id);
    expect(deleted).toMatchObject({
      action: 'supplier.deleted',
      before: { name: 'Never used', products: [{ productId: p, supplierSku: 'NU-1' }] },
    });

    const used = (await api('POST', '/suppliers', wm, { name: 'Used' })).json();
    await api('POST', '/purchase-orders', wm, { supplierId: used.id, lines: [{ productId: p, quantity: 1 }] });
    const res = await api('DELETE', `/suppliers/${used.id}`, wm);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('supplier_in_use');
    const received = (await api('POST', '/suppliers', wm, { name: 'Received from' })).json();
    await api('POST', '/stock/receipts', wm, {
      supplierId: received.id,
      lines: [{ productId: p, quantity: 1, unitCostCents: 1 }],
    });
    expect((await api('DELETE', `/suppliers/${received.id}`, wm)).json().code).toBe('supplier_in_use');
  });

  it('are managed by admins and warehouse managers, read by sales staff, hidden from customers', async () => {
    const s = (await api('POST', '/suppliers', admin, { name: 'By admin' })).json();
    const p = await t.insertProduct();
    expect((await api('GET', '/suppliers', sales)).statusCode).toBe(200);
    expect((await api('GET', `/suppliers/${s.id}/products`, sales)).statusCode).toBe(200);
    for (const [method, url, payload] of [
      ['POST', '/suppliers', { name: 'Nope' }],
      ['PATCH', `/suppliers/${s.id}`, { name: 'Nope' }],
      ['DELETE', `/suppliers/${s.id}`, undefined],
      ['PUT', `/suppliers/${s.id}/products/${p}`, { preferred: true }],
      ['DELETE', `/suppliers/${s.id}/products/${p}`, undefined],
    ] as const) {
      expect((await api(method, url, sales, payload)).statusCode, `${method} ${url}`).toBe(403);
      expect((await api(method, url, customer, payload)).statusCode, `${method} ${url}`).toBe(403);
      expect((await api(method, url, null, payload)).statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await api('GET', '/suppliers', customer)).statusCode).toBe(403);
    expect((await api('GET', `/products/${p}/suppliers`, customer)).statusCode).toBe(403);
    expect((await api('GET', '/suppliers', null)).statusCode).toBe(401);
  });
});

describe('products of a supplier', () => {
  it('carry the supplier SKU, last cost and minimum order, and one preferred supplier per product', async () => {
    const a = (await api('POST', '/suppliers', wm, { name: 'Alpha' })).json();
    const b = (await api('POST', '/suppliers', wm, { name: 'Beta' })).json();
    const p = await t.insertProduct({ sku: 'LINK-1', name: 'Hinge' });
    const first = await api('PUT', `/suppliers/${a.id}/products/${p}`, wm, {
      supplierSku: 'AL-77',
      lastCostCents: 120,
      minOrderQuantity: 24,
      preferred: true,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<SupplierProduct>()).toMatchObject({
      supplierId: a.id,
      supplierName: 'Alpha',
      productId: p,
      sku: 'LINK-1',
      name: 'Hinge',
      supplierSku: 'AL-77',
      lastCostCents: 120,
      minOrderQuantity: 24,
      preferred: true,
    });
    // Beta becomes preferred: Alpha stops being, and keeps everything else.
    await api('PUT', `/suppliers/${b.id}/products/${p}`, wm, { preferred: true });
    const links = (await api('GET', `/products/${p}/suppliers`, sales)).json().items as SupplierProduct[];
    expect(links.map((l) => [l.supplierName, l.preferred, l.minOrderQuantity])).toEqual([
      ['Beta', true, 1],
      ['Alpha', false, 24],
    ]);
    // A partial change leaves the rest alone.
    const again = await api('PUT', `/suppliers/${a.id}/products/${p}`, wm, { lastCostCents: 130 });
    expect(again.json()).toMatchObject({ supplierSku: 'AL-77', lastCostCents: 130, preferred: false });
    expect((await api('GET', `/suppliers/${a.id}/products`, wm)).json()).toMatchObject({
      items: [{ productId: p, supplierSku: 'AL-77' }],
      nextCursor: null,
    });
    expect((await api('GET', '/suppliers/999999/products', wm)).statusCode).toBe(404);
    expect((await api('GET', '/products/999999/suppliers', wm)).statusCode).toBe(404);

    const audit = await auditOf('supplier_product', `${a.id}:${p}`);
    expect(audit.map((e) => e.action)).toEqual(['supplier_product.updated', 'supplier_product.created']);

    expect((await api('DELETE', `/suppliers/${a.id}/products/${p}`, wm)).statusCode).toBe(204);
    expect((await api('DELETE', `/suppliers/${a.id}/products/${p}`, wm)).statusCode).toBe(404);
    expect((await api('PUT', `/suppliers/${a.id}/products/999999`, wm, {})).statusCode).toBe(404);
    expect((await api('PUT', `/suppliers/999999/products/${p}`, wm, {})).statusCode).toBe(404);
    expect((await api('PUT', `/suppliers/${a.id}/products/${p}`, wm, { minOrderQuantity: 0 })).statusCode).toBe(400);
  });

  it('keep one preferred supplier when several are made preferred at once', async () => {
    const p = await t.insertProduct();
    const suppliers = await Promise.all(
      ['One', 'Two', 'Three', 'Four'].map(async (name) => (await api('POST', '/suppliers', wm, { name })).json()),
    );
    const results = await Promise.all(
      suppliers.map((s) => api('PUT', `/suppliers/${s.id}/products/${p}`, wm, { preferred: true })),
    );
    for (const r of results) expect([200, 409]).toContain(r.statusCode);
    const links = (await api('GET', `/products/${p}/suppliers`, wm)).json().items as SupplierProduct[];
    expect(links.filter((l) => l.preferred)).toHaveLength(1);
  });
});
