import {
  ALERT_STATUSES,
  ALERT_TYPES,
  DEBT_STATUSES,
  MOVEMENT_TYPES,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_STATUSES_LEDGER,
  PAYMENT_TERMS,
  PURCHASE_ORDER_STATUSES,
  RETURN_LINE_CONDITIONS,
  RETURN_STATUSES,
  ROLES,
  USER_STATUSES,
} from '@bodega/domain';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../platform/auth/passwords';
import { databaseRows } from '../test/digest';
import { createTestApp, TEST_DB, type TestApp } from '../test/harness';
import { dbKind, type Db } from './database';
import { migrateTo, migrateToLatest } from './migrate';
import { migrations } from './migrations';

/**
 * The value lists the domain declares, by the column whose CHECK constraint must allow exactly
 * them. Migrations write their lists as literals (frozen when they shipped), so adding a status
 * to the domain fails here until a new migration changes the constraint; a new CHECK list in a
 * migration fails here until its domain list is named.
 */
const DOMAIN_LISTS: Record<string, readonly string[]> = {
  'users.role': ROLES,
  'users.status': USER_STATUSES,
  'stock_movements.type': MOVEMENT_TYPES,
  'stock_alerts.type': ALERT_TYPES,
  'stock_alerts.status': ALERT_STATUSES,
  'orders.status': ORDER_STATUSES,
  'orders.payment_terms': PAYMENT_TERMS,
  'returns.status': RETURN_STATUSES,
  'return_lines.condition': RETURN_LINE_CONDITIONS,
  'debts.status': DEBT_STATUSES,
  'payments.method': PAYMENT_METHODS,
  'payments.status': PAYMENT_STATUSES_LEDGER,
  'purchase_orders.status': PURCHASE_ORDER_STATUSES,
};

const quoted = (list: string) => [...list.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));

/**
 * Every `column in ('a', 'b', …)` CHECK of the database, as `table.column` → the sorted values,
 * read from the catalog: SQLite's stored CREATE TABLE text, PostgreSQL's constraint definitions
 * (which it rewrites to `column = ANY (ARRAY['a'::text, …])`). Lists of numbers (0/1 flags) are
 * not value lists of the domain and are left out.
 */
async function checkLists(db: Db): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  const add = (table: string, column: string, values: string[]) => {
    if (values.length) found[`${table}.${column}`] = [...values].sort();
  };
  if (dbKind(db) === 'postgres') {
    const { rows } = await sql<{ tbl: string; def: string }>`
      select cl.relname as tbl, pg_get_constraintdef(co.oid) as def
      from pg_constraint co join pg_class cl on cl.oid = co.conrelid
      where co.contype = 'c' and co.connamespace = current_schema()::regnamespace`.execute(db);
    for (const { tbl, def } of rows)
      for (const m of def.matchAll(/\(?"?(\w+)"?\)?(?:::text)?\s*=\s*ANY\s*\(\(?ARRAY\[([^\]]*)\]/g))
        add(tbl, m[1]!, quoted(m[2]!));
  } else {
    const { rows } = await sql<{ tbl: string; def: string }>`
      select name as tbl, sql as def from sqlite_master where type = 'table' and sql is not null`.execute(db);
    for (const { tbl, def } of rows)
      for (const m of def.matchAll(/"?(\w+)"?\s+in\s*\(([^)]*)\)/gi)) add(tbl, m[1]!, quoted(m[2]!));
  }
  return found;
}

describe('CHECK constraints of a migrated database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it("allow exactly the domain's value lists, column by column", async () => {
    const expected = Object.fromEntries(Object.entries(DOMAIN_LISTS).map(([k, v]) => [k, [...v].sort()]));
    expect(await checkLists(t.ctx.db)).toEqual(expected);
  });

  it('are read from the database itself: a status the constraint lacks is refused by it', async () => {
    const id = await t.insertProduct({});
    const refused = t.ctx.db
      .insertInto('stock_movements')
      .values({ product_id: id, location_id: 1, type: 'teleport' as never, quantity: 1, on_hand_after: 1 })
      .execute();
    await expect(refused).rejects.toThrow(/check/i);
  });
});

// ---------------------------------------------------------------------------------------------
// Upgrading a database created at an earlier version.

/** The last migration before the reports (0005), which summarises what an installation already has. */
const BEFORE_REPORTS = '0004-receivables';
const STAFF = { email: 'vendedor@old.local', password: 'old-staff-password-1' };
const at = (iso: string) => new Date(iso).toISOString();

/**
 * A small business as it stood at 0004, written with that schema's SQL: a sales clerk, a
 * customer with a login, a category and a taxed product with its stock and ledger, one order
 * placed by the clerk, confirmed, shipped and delivered, half paid, with one unit returned and
 * credited. The shop's time zone is three hours behind UTC, so the confirmation (01:30 UTC on
 * the 10th) and the return (02:00 UTC on the 20th) fall on the previous local day.
 */
async function seedAtVersion4(db: Kysely<any>): Promise<{ orderId: number; productId: number; staffId: number }> {
  await db
    .insertInto('settings')
    .values({ key: 'timeZone', value: JSON.stringify('America/Argentina/Buenos_Aires') })
    .execute();
  const customer = await db
    .insertInto('customers')
    .values({ code: 'C-0001', name: 'Almacén Don Pepe', credit_limit_cents: 0, payment_terms_days: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const staff = await db
    .insertInto('users')
    .values({
      email: STAFF.email,
      name: 'Vendedor',
      password_hash: await hashPassword(STAFF.password),
      role: 'sales_staff',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values({
      email: 'pepe@old.local',
      name: 'Pepe',
      password_hash: await hashPassword('old-customer-password-1'),
      role: 'customer',
      customer_id: customer.id,
    })
    .execute();
  const category = await db
    .insertInto('categories')
    .values({ name: 'Bebidas' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const product = await db
    .insertInto('products')
    .values({
      sku: 'OLD-1',
      name: 'Yerba 1 kg',
      category_id: category.id,
      price_cents: 1000,
      cost_cents: 600,
      tax_rate_bp: 2100,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('stock_levels')
    .values({ product_id: product.id, location_id: 1, on_hand: 9, reserved: 0 })
    .execute();
  const movement = (type: string, quantity: number, onHandAfter: number, createdAt: string, reference?: string) => ({
    product_id: product.id,
    location_id: 1,
    type,
    quantity,
    on_hand_after: onHandAfter,
    unit_cost_cents: 600,
    reference: reference ?? null,
    user_id: staff.id,
    created_at: at(createdAt),
  });
  await db
    .insertInto('stock_movements')
    .values([
      movement('receipt', 10, 10, '2026-03-01T12:00:00Z'),
      movement('sale', -2, 8, '2026-03-11T12:00:00Z', 'ORD-20260309-0001'),
      movement('return', 1, 9, '2026-03-20T02:00:00Z', 'RET-20260319-0001'),
    ])
    .execute();

  const order = await db
    .insertInto('orders')
    .values({
      number: 'ORD-20260309-0001',
      customer_id: customer.id,
      location_id: 1,
      status: 'delivered',
      payment_terms: 'cash',
      subtotal_cents: 2000,
      discount_cents: 0,
      tax_cents: 420,
      shipping_cents: 0,
      total_cents: 2420,
      paid_cents: 1210,
      credited_cents: 1210,
      created_by: staff.id,
      created_at: at('2026-03-10T01:00:00Z'),
      updated_at: at('2026-03-20T02:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const line = await db
    .insertInto('order_lines')
    .values({
      order_id: order.id,
      product_id: product.id,
      sku: 'OLD-1',
      name: 'Yerba 1 kg',
      quantity: 2,
      unit_price_cents: 1000,
      unit_cost_cents: 600,
      tax_rate_bp: 2100,
      subtotal_cents: 2000,
      discount_cents: 0,
      tax_cents: 420,
      total_cents: 2420,
      returned_quantity: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const steps: [string | null, string, string][] = [
    [null, 'pending', '2026-03-10T01:00:00Z'],
    ['pending', 'confirmed', '2026-03-10T01:30:00Z'],
    ['confirmed', 'processing', '2026-03-11T10:00:00Z'],
    ['processing', 'shipped', '2026-03-11T12:00:00Z'],
    ['shipped', 'delivered', '2026-03-12T15:00:00Z'],
  ];
  await db
    .insertInto('order_history')
    .values(
      steps.map(([from, to, when]) => ({
        order_id: order.id,
        from_status: from,
        to_status: to,
        user_id: staff.id,
        created_at: at(when),
      })),
    )
    .execute();
  const debt = await db
    .insertInto('debts')
    .values({
      customer_id: customer.id,
      order_id: order.id,
      amount_cents: 2420,
      paid_cents: 1210,
      credited_cents: 1210,
      status: 'paid',
      due_date: '2026-03-09',
      created_by: staff.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const payment = await db
    .insertInto('payments')
    .values({
      customer_id: customer.id,
      amount_cents: 1210,
      method: 'cash',
      received_at: at('2026-03-12T15:00:00Z'),
      created_by: staff.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('payment_allocations')
    .values({ payment_id: payment.id, debt_id: debt.id, amount_cents: 1210 })
    .execute();
  const ret = await db
    .insertInto('returns')
    .values({
      number: 'RET-20260319-0001',
      order_id: order.id,
      customer_id: customer.id,
      status: 'received',
      reason: 'Broken box',
      credit_cents: 1210,
      opened_by: staff.id,
      received_by: staff.id,
      received_at: at('2026-03-20T02:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('return_lines')
    .values({
      return_id: ret.id,
      order_line_id: line.id,
      product_id: product.id,
      quantity: 1,
      condition: 'resellable',
      credit_cents: 1210,
    })
    .execute();
  await db.insertInto('debt_credits').values({ debt_id: debt.id, return_id: ret.id, amount_cents: 1210 }).execute();
  // The numbers handed out so far, as the app would have left its counters.
  if (dbKind(db) === 'postgres') {
    await sql`select setval('order_number_seq', 1), setval('return_number_seq', 1)`.execute(db);
  } else {
    await db.updateTable('counters').set({ value: 1 }).execute();
  }
  return { orderId: order.id, productId: product.id, staffId: staff.id };
}

describe(`upgrading a ${TEST_DB} database created at ${BEFORE_REPORTS}, with data in it`, () => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedAtVersion4>>;
  let before: Record<string, string[]>;
  let applied: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(
      {},
      {
        migrate: async (db, schema) => {
          const first = await migrateTo(db, BEFORE_REPORTS, schema);
          expect(first).toEqual(Object.keys(migrations).slice(0, 4));
          seeded = await seedAtVersion4(db);
          before = await databaseRows(db);
          applied = await migrateToLatest(db, schema);
        },
      },
    );
  });
  afterAll(() => t?.close());

  it('applies every later migration, and keeps every row that was there', async () => {
    expect(applied).toEqual(Object.keys(migrations).slice(4));
    const after = await databaseRows(t.ctx.db);
    // Rows may gain the new columns (confirmed_day, category_id); none is lost and no old value changes.
    for (const [table, rows] of Object.entries(before)) {
      const now = after[table]!.map((r) => JSON.parse(r) as Record<string, unknown>);
      for (const row of rows.map((r) => JSON.parse(r) as Record<string, unknown>))
        expect(
          now.some((n) => Object.entries(row).every(([k, v]) => JSON.stringify(n[k]) === JSON.stringify(v))),
          `${table}: ${JSON.stringify(row)}`,
        ).toBe(true);
    }
  });

  it("fills in what 0005 derives from old rows: the local confirmation day, the line's category, the daily sales", async () => {
    const order = await t.ctx.db
      .selectFrom('orders')
      .select('confirmed_day')
      .where('id', '=', seeded.orderId)
      .executeTakeFirstOrThrow();
    expect(order.confirmed_day).toBe('2026-03-09');
    const admin = await t.adminToken();
    const res = await t.request({
      method: 'GET',
      url: '/api/v1/reports/sales?from=2026-03-01&to=2026-03-31',
      token: admin,
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{
      items: {
        period: string;
        orders: number;
        units: number;
        totalCents: number;
        returns: number;
        returnsCents: number;
        returnsTaxCents: number;
      }[];
    }>().items;
    expect(items.find((i) => i.period === '2026-03-09')).toMatchObject({ orders: 1, units: 2, totalCents: 2420 });
    // The credit of 1210 splits into 1000 before tax and 210 of tax (21 %), on the local day of receipt.
    expect(items.find((i) => i.period === '2026-03-19')).toMatchObject({
      returns: 1,
      returnsCents: 1000,
      returnsTaxCents: 210,
    });
    const byCategory = await t.request({
      method: 'GET',
      url: '/api/v1/reports/sales-by-category?from=2026-03-01&to=2026-03-31',
      token: admin,
    });
    expect(byCategory.statusCode, byCategory.body).toBe(200);
    expect(JSON.stringify(byCategory.json())).toContain('Bebidas');
  });

  it('serves the old data through the API and keeps working on it', async () => {
    const staff = await t.login(STAFF.email, STAFF.password);
    expect(staff.user).toMatchObject({ role: 'sales_staff', id: seeded.staffId });
    const order = await t.request({ method: 'GET', url: `/api/v1/orders/${seeded.orderId}`, token: staff.accessToken });
    expect(order.statusCode, order.body).toBe(200);
    expect(order.json()).toMatchObject({
      number: 'ORD-20260309-0001',
      status: 'delivered',
      totalCents: 2420,
      paidCents: 1210,
      balanceCents: 0,
      lines: [{ productId: seeded.productId, quantity: 2, totalCents: 2420 }],
    });
    const product = await t.request({
      method: 'GET',
      url: `/api/v1/products/${seeded.productId}`,
      token: staff.accessToken,
    });
    expect(product.json()).toMatchObject({ sku: 'OLD-1', priceCents: 1000, taxRateBp: 2100 });
    const stock = await t.request({
      method: 'GET',
      url: `/api/v1/stock?productId=${seeded.productId}`,
      token: staff.accessToken,
    });
    expect(stock.json().items).toEqual([expect.objectContaining({ onHand: 9, reserved: 0, available: 9 })]);
    expect(await t.ledgerMismatches()).toEqual([]);

    // A new order on the upgraded database: priced, numbered after the old ones, stock reserved.
    const customerId = order.json().customerId as number;
    const placed = await t.request({
      method: 'POST',
      url: '/api/v1/orders',
      token: staff.accessToken,
      payload: { customerId, paymentTerms: 'cash', lines: [{ productId: seeded.productId, quantity: 3 }] },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ totalCents: 3630, status: 'pending' });
    expect(placed.json().number).toMatch(/-0002$/);
    const after = await t.request({
      method: 'GET',
      url: `/api/v1/stock?productId=${seeded.productId}`,
      token: staff.accessToken,
    });
    expect(after.json().items).toEqual([expect.objectContaining({ onHand: 9, reserved: 3, available: 6 })]);
  });
});
