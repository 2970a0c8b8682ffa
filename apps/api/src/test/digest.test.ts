import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';
import { businessTables, databaseDigest } from './digest';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('the database digest the security suites compare', () => {
  it('covers every business table, and only this database', async () => {
    const tables = await businessTables(t.ctx.db);
    for (const name of ['users', 'sessions', 'audit_log', 'products', 'stock_levels', 'orders', 'debts', 'settings'])
      expect(tables).toContain(name);
    expect(tables.filter((n) => n.startsWith('kysely_') || n.startsWith('products_fts'))).toEqual([]);
  });

  it('stays the same when nothing changes, and moves on an insert, an update of one column and a delete', async () => {
    const initial = await databaseDigest(t.ctx.db);
    expect(await databaseDigest(t.ctx.db)).toEqual(initial);

    const id = await t.insertProduct({ name: 'Digest probe', priceCents: 100 });
    const inserted = await databaseDigest(t.ctx.db);
    expect(inserted['products']).not.toBe(initial['products']);

    await t.ctx.db.updateTable('products').set({ price_cents: 101 }).where('id', '=', id).execute();
    const updated = await databaseDigest(t.ctx.db);
    // Same row count, one value different: a count alone would miss it.
    expect(updated['products']!.split(':')[0]).toBe(inserted['products']!.split(':')[0]);
    expect(updated['products']).not.toBe(inserted['products']);
    expect({ ...updated, products: '' }).toEqual({ ...inserted, products: '' });

    await t.ctx.db.updateTable('products').set({ price_cents: 100 }).where('id', '=', id).execute();
    expect(await databaseDigest(t.ctx.db)).toEqual(inserted);

    await t.ctx.db.deleteFrom('products').where('id', '=', id).execute();
    expect(await databaseDigest(t.ctx.db)).toEqual(initial);
  });
});
