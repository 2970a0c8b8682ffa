import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t?.close());

type Category = { id: number; name: string; parentId: number | null; productCount?: number };

const createCategory = async (payload: object, token = admin) => {
  const res = await t.request({ method: 'POST', url: '/api/v1/categories', token, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Category>();
};
const patchCategory = (id: number, payload: object, token = admin) =>
  t.request({ method: 'PATCH', url: `/api/v1/categories/${id}`, token, payload });
const deleteCategory = (id: number, token = admin) =>
  t.request({ method: 'DELETE', url: `/api/v1/categories/${id}`, token });
let skus = 0;
const createProduct = async (payload: object) => {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/products',
    token: admin,
    payload: { sku: `CAT-${++skus}`, name: 'Thing', priceCents: 100, ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number; version: number }>();
};

describe('category tree', () => {
  it('creates a tree and lists it flat, by name, with parents and product counts', async () => {
    const tools = await createCategory({ name: 'Tools', description: 'Everything for the workshop' });
    const hand = await createCategory({ name: 'Hand tools', parentId: tools.id });
    const power = await createCategory({ name: 'Power tools', parentId: tools.id });
    await createProduct({ categoryId: hand.id });
    await createProduct({ categoryId: hand.id });

    const list = await t.request({ method: 'GET', url: '/api/v1/categories', token: admin });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: Category[]; nextCursor: null }>().items;
    const names = items.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(items.find((c) => c.id === hand.id)).toMatchObject({ parentId: tools.id, productCount: 2 });
    expect(items.find((c) => c.id === power.id)).toMatchObject({ parentId: tools.id, productCount: 0 });

    const one = await t.request({ method: 'GET', url: `/api/v1/categories/${tools.id}`, token: admin });
    expect(one.json()).toMatchObject({ name: 'Tools', parentId: null, description: 'Everything for the workshop' });
  });

  it('renames and moves a category', async () => {
    const a = await createCategory({ name: 'Garden' });
    const b = await createCategory({ name: 'Outdoor' });
    const res = await patchCategory(a.id, { name: 'Garden & patio', parentId: b.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: a.id, name: 'Garden & patio', parentId: b.id });
    const back = await patchCategory(a.id, { parentId: null });
    expect(back.json().parentId).toBeNull();
  });

  it('keeps sibling names unique ignoring case, but allows the same name under another parent', async () => {
    const p1 = await createCategory({ name: 'Paint' });
    const p2 = await createCategory({ name: 'Varnish' });
    await createCategory({ name: 'Brushes', parentId: p1.id });
    const dup = await t.request({
      method: 'POST',
      url: '/api/v1/categories',
      token: admin,
      payload: { name: 'BRUSHES', parentId: p1.id },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('BRUSHES') });
    const topDup = await t.request({
      method: 'POST',
      url: '/api/v1/categories',
      token: admin,
      payload: { name: 'paint' },
    });
    expect(topDup.statusCode).toBe(409);
    const other = await createCategory({ name: 'Brushes', parentId: p2.id });
    const rename = await patchCategory(other.id, { parentId: p1.id });
    expect(rename.statusCode).toBe(409);
  });

  it('refuses a move that would make a cycle', async () => {
    const root = await createCategory({ name: 'Electrical' });
    const child = await createCategory({ name: 'Cables', parentId: root.id });
    const grandchild = await createCategory({ name: 'Coaxial', parentId: child.id });
    for (const [id, parentId] of [
      [root.id, grandchild.id],
      [root.id, child.id],
      [child.id, child.id],
    ] as const) {
      const res = await patchCategory(id, { parentId });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('category_cycle');
    }
    const fine = await patchCategory(grandchild.id, { parentId: root.id });
    expect(fine.statusCode).toBe(200);
  });

  it('refuses two crossing moves made at the same moment from both passing', async () => {
    const a = await createCategory({ name: 'Race A' });
    const b = await createCategory({ name: 'Race B' });
    const [ra, rb] = await Promise.all([
      patchCategory(a.id, { parentId: b.id }),
      patchCategory(b.id, { parentId: a.id }),
    ]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
  });

  it('answers an unknown parent or category clearly', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/categories',
      token: admin,
      payload: { name: 'Orphan', parentId: 999_999 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.parentId');
    const c = await createCategory({ name: 'Lonely' });
    expect((await patchCategory(c.id, { parentId: 999_999 })).statusCode).toBe(400);
    expect((await patchCategory(999_999, { name: 'x' })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/categories/999999', token: admin })).statusCode).toBe(404);
    expect((await deleteCategory(999_999)).statusCode).toBe(404);
  });
});

describe('deleting a category', () => {
  it('is refused while products, even archived ones, or subcategories use it', async () => {
    const shelf = await createCategory({ name: 'Shelving' });
    const sub = await createCategory({ name: 'Brackets', parentId: shelf.id });
    const product = await createProduct({ categoryId: sub.id });

    const withChild = await deleteCategory(shelf.id);
    expect(withChild.statusCode).toBe(409);
    expect(withChild.json()).toMatchObject({
      code: 'category_in_use',
      detail: expect.stringContaining('1 subcategory'),
    });

    await t.request({ method: 'DELETE', url: `/api/v1/products/${product.id}`, token: admin });
    const withArchived = await deleteCategory(sub.id);
    expect(withArchived.statusCode).toBe(409);
    expect(withArchived.json().code).toBe('category_in_use');

    const moved = await t.request({
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      token: admin,
      headers: { 'if-match': '"2"' },
      payload: { categoryId: null },
    });
    expect(moved.statusCode).toBe(200);
    expect((await deleteCategory(sub.id)).statusCode).toBe(204);
    expect((await deleteCategory(shelf.id)).statusCode).toBe(204);
    expect((await t.request({ method: 'GET', url: `/api/v1/categories/${shelf.id}`, token: admin })).statusCode).toBe(
      404,
    );
  });
});

describe('category access', () => {
  it('lets every signed-in role read, only admins and warehouse managers write, and nobody anonymous', async () => {
    const c = await createCategory({ name: 'Access test' });
    const customer = (await t.registerCustomer()).accessToken;
    const sales = (await t.createStaff('sales_staff')).token;
    const wm = (await t.createStaff('warehouse_manager')).token;
    for (const token of [customer, sales, wm]) {
      expect((await t.request({ method: 'GET', url: '/api/v1/categories', token })).statusCode).toBe(200);
      expect((await t.request({ method: 'GET', url: `/api/v1/categories/${c.id}`, token })).statusCode).toBe(200);
    }
    for (const [token, status] of [
      [customer, 403],
      [sales, 403],
      [undefined, 401],
    ] as const) {
      const calls = [
        await t.request({ method: 'POST', url: '/api/v1/categories', token, payload: { name: 'Nope' } }),
        await t.request({ method: 'PATCH', url: `/api/v1/categories/${c.id}`, token, payload: { name: 'Nope' } }),
        await t.request({ method: 'DELETE', url: `/api/v1/categories/${c.id}`, token }),
      ];
      for (const res of calls) expect(res.statusCode).toBe(status);
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/categories' })).statusCode).toBe(401);
    const byManager = await t.request({
      method: 'POST',
      url: '/api/v1/categories',
      token: wm,
      payload: { name: 'By WM' },
    });
    expect(byManager.statusCode).toBe(201);
  });

  it('counts only active products for customers', async () => {
    const c = await createCategory({ name: 'Counted' });
    await createProduct({ categoryId: c.id });
    const archived = await createProduct({ categoryId: c.id });
    await t.request({ method: 'DELETE', url: `/api/v1/products/${archived.id}`, token: admin });
    const customer = (await t.registerCustomer()).accessToken;
    const asCustomer = await t.request({ method: 'GET', url: `/api/v1/categories/${c.id}`, token: customer });
    const asStaff = await t.request({ method: 'GET', url: `/api/v1/categories/${c.id}`, token: admin });
    expect(asCustomer.json().productCount).toBe(1);
    expect(asStaff.json().productCount).toBe(2);
  });
});

describe('category audit', () => {
  it('records creation, change and deletion with before and after', async () => {
    const c = await createCategory({ name: 'Audited' });
    await patchCategory(c.id, { name: 'Audited twice' });
    await deleteCategory(c.id);
    const log = await t.request({
      method: 'GET',
      url: `/api/v1/audit-log?entity=category&entityId=${c.id}`,
      token: admin,
    });
    const entries = log.json().items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual([
      'category.deleted',
      'category.updated',
      'category.created',
    ]);
    expect(entries[1]).toMatchObject({ before: { name: 'Audited' }, after: { name: 'Audited twice' } });
    expect(entries[0]).toMatchObject({ before: { name: 'Audited twice' } });
  });
});
