import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Db } from '../db/database';
import { createTestApp, type TestApp } from '../test/harness';
import { changeStamp, UnchangedCache } from './unchanged-cache';

let t: TestApp;
let other: Db;
/** Only SQLite's stamp is this database's alone (see `changeStamp`). */
let quiet: boolean;

beforeAll(async () => {
  t = await createTestApp();
  // A second connection to the same database: another server, or a CLI.
  const { database } = t.ctx.config;
  quiet = database.kind === 'sqlite';
  const schema = database.kind === 'postgres' ? await currentSchema(t.ctx.db) : undefined;
  other = createDatabase(database, schema ? { schema } : {});
});
afterAll(async () => {
  await other?.destroy();
  await t?.close();
});

async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(db);
  return rows[0]!.s;
}

const countProducts = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('a cache valid while the database is unchanged', () => {
  it('computes once while the stamp stays, and again after a write by this server or another connection', async () => {
    const db = t.ctx.db;
    const cache = new UnchangedCache<number>(db, 10);
    let computed = 0;
    // `stamp` as the guard passes it (`request.changeStamp`), or read by the cache itself.
    const read = (stamp?: string) =>
      cache.get(
        'count',
        async () => {
          computed++;
          return countProducts(db);
        },
        stamp,
      );

    // PostgreSQL's stamp is the cluster's: any other client's write (the suite's other files,
    // another database) moves it between two reads, so the hits are counted against one stamp
    // read here, as a request does.
    const stamp = await changeStamp(db);
    const first = await read(stamp);
    expect(await read(stamp)).toBe(first);
    expect(await read(stamp)).toBe(first);
    expect(computed).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1 });
    // SQLite's stamp is this database's alone: read again with nothing written, it has not moved.
    if (quiet) {
      expect(await changeStamp(db)).toBe(stamp);
      expect(await read()).toBe(first);
      expect(computed).toBe(1);
    }

    await t.insertProduct({});
    const afterInsert = await changeStamp(db);
    expect(afterInsert).not.toBe(stamp);
    expect(await read(afterInsert)).toBe(first + 1);
    expect(computed).toBe(2);
    expect(await read(afterInsert)).toBe(first + 1);
    expect(computed).toBe(2);

    await other
      .updateTable('products')
      .set({ name: 'Renamed elsewhere' })
      .where('id', '=', (await other.selectFrom('products').select('id').executeTakeFirstOrThrow()).id)
      .execute();
    const afterOther = await changeStamp(db);
    expect(afterOther).not.toBe(afterInsert);
    expect(await read(afterOther)).toBe(first + 1);
    expect(computed).toBe(3);
    // Read by the cache itself, the stamp moves with a write too: never the entry from before it.
    await t.insertProduct({});
    expect(await read()).toBe(first + 2);
    expect(computed).toBe(4);
    expect(cache.stats()).toMatchObject({ hits: quiet ? 4 : 3, misses: 4 });
  });

  it('keeps entries apart by key and forgets the least recently used beyond its size', async () => {
    const cache = new UnchangedCache<string>(t.ctx.db, 2);
    const calls: string[] = [];
    // One stamp throughout: this is about keys and their order, not about the database moving.
    const read = (key: string) =>
      cache.get(
        key,
        async () => {
          calls.push(key);
          return key.toUpperCase();
        },
        'unchanged',
      );
    expect(await read('a')).toBe('A');
    expect(await read('b')).toBe('B');
    expect(await read('a')).toBe('A'); // a hit, and now the most recent
    expect(await read('c')).toBe('C'); // b goes
    expect(await read('a')).toBe('A');
    expect(await read('b')).toBe('B');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('catalog pages and the dashboard served from it', () => {
  it('show a change made right before: price, stock reserved by an order, an archived product', async () => {
    const customer = await t.registerCustomer();
    const admin = await t.adminToken();
    const p = await t.insertProduct({ priceCents: 1000 });
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/stock/receipts',
      token: admin,
      payload: { lines: [{ productId: p, quantity: 5, unitCostCents: 100 }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const page = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/products?limit=200', token: customer.accessToken }))
        .json<{ items: { id: number; priceCents: number; available: number }[] }>()
        .items.find((i) => i.id === p);
    const value = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/reports/dashboard', token: admin })).json<{
        inventory: { valueCents: number };
      }>().inventory.valueCents;

    expect(await page()).toMatchObject({ priceCents: 1000, available: 5 });
    expect(await page()).toMatchObject({ priceCents: 1000, available: 5 });
    const valueBefore = await value();
    expect(await value()).toBe(valueBefore);

    const current = await t.request({ method: 'GET', url: `/api/v1/products/${p}`, token: admin });
    const patched = await t.request({
      method: 'PATCH',
      url: `/api/v1/products/${p}`,
      token: admin,
      headers: { 'if-match': current.headers.etag as string },
      payload: { priceCents: 1200 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await page()).toMatchObject({ priceCents: 1200, available: 5 });

    const order = await t.request({
      method: 'POST',
      url: '/api/v1/orders',
      token: customer.accessToken,
      payload: { paymentTerms: 'cash', lines: [{ productId: p, quantity: 2 }] },
    });
    expect(order.statusCode, order.body).toBe(201);
    expect(await page()).toMatchObject({ available: 3 });

    await t.request({
      method: 'POST',
      url: '/api/v1/stock/receipts',
      token: admin,
      payload: { lines: [{ productId: p, quantity: 1, unitCostCents: 100 }] },
    });
    expect(await value()).toBe(valueBefore + 100);

    const archived = await t.request({ method: 'DELETE', url: `/api/v1/products/${p}`, token: admin });
    expect(archived.statusCode, archived.body).toBeLessThan(300);
    expect(await page()).toBeUndefined();
  });
});
