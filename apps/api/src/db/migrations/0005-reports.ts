import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { ddl } from './helpers';

/**
 * Reports at a million order lines (docs/decisions/0005-reports-at-scale.md): the day each
 * order was confirmed, the category of each order line as placed, and three daily sales
 * summaries (per seller, product and category) that the order and return use-cases keep in
 * their own transactions. What an installation already has is summarised here, once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const d = ddl(db);
  // The local day the order was confirmed; kept when it is later cancelled.
  await db.schema.alterTable('orders').addColumn('confirmed_day', 'text').execute();
  // The product's category when the order was placed, beside its sku and name.
  await db.schema.alterTable('order_lines').addColumn('category_id', d.idType).execute();

  const summary = (name: string, key: string, sums: string[]) => {
    let t: CreateTableBuilder<string, string> = db.schema
      .createTable(name)
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn(key, d.idType, (c) => c.notNull());
    for (const column of sums) t = t.addColumn(column, d.money, (c) => c.notNull());
    t = t.addPrimaryKeyConstraint(`${name}_pk`, ['day', key]);
    return d.pg ? t : t.modifyEnd(sql`without rowid`);
  };
  const lineSums = ['lines', 'units', 'subtotal_cents', 'discount_cents', 'tax_cents'];
  const returnSums = ['returned_units', 'returns_cents', 'returns_tax_cents'];
  // seller_id: the staff member who placed the orders; 0 for customers' own (online) orders.
  await summary('sales_daily', 'seller_id', [
    'orders',
    ...lineSums,
    'shipping_cents',
    'returns',
    ...returnSums,
  ]).execute();
  await summary('sales_daily_products', 'product_id', [...lineSums, ...returnSums]).execute();
  // category_id: 0 for lines without a category.
  await summary('sales_daily_categories', 'category_id', [...lineSums, ...returnSums]).execute();

  // Top products reads the figures of the few products it lists. (SQLite finds them through the
  // primary key; given this index it would scan it whole to avoid a sort, which is slower.)
  if (d.pg) {
    await db.schema
      .createIndex('sales_daily_products_product_idx')
      .on('sales_daily_products')
      .columns(['product_id', 'day'])
      .execute();
  }

  // The movements summary reads the ledger by type and time without touching the table.
  await db.schema
    .createIndex('stock_movements_summary_idx')
    .on('stock_movements')
    .columns(['type', 'created_at', 'quantity', 'unit_cost_cents'])
    .execute();

  await backfill(db);
}

/** Summarises what was there before this migration (a fresh database has nothing). */
async function backfill(db: Kysely<any>): Promise<void> {
  await sql`update order_lines set category_id = (select p.category_id from products p where p.id = order_lines.product_id)`.execute(
    db,
  );

  const stored = await db.selectFrom('settings').select('value').where('key', '=', 'timeZone').executeTakeFirst();
  let timeZone = 'UTC';
  try {
    const value = typeof stored?.value === 'string' ? JSON.parse(stored.value) : null;
    if (typeof value === 'string') {
      localDay(new Date(), value);
      timeZone = value;
    }
  } catch {
    // An unusable stored zone: the settings module falls back to UTC as well.
  }

  const confirmations: { order_id: number; at: string }[] = await db
    .selectFrom('order_history')
    .select(['order_id', sql<string>`min(created_at)`.as('at')])
    .where('to_status', '=', 'confirmed')
    .groupBy('order_id')
    .execute();
  const byDay = new Map<string, number[]>();
  for (const c of confirmations) {
    const day = localDay(new Date(c.at), timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), c.order_id]);
  }
  for (const [day, ids] of byDay) {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .updateTable('orders')
        .set({ confirmed_day: day })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  const seller = sql<number>`case when u.role is null or u.role = 'customer' then 0 else o.created_by end`;
  const sale = sql`o.confirmed_day is not null and o.status <> 'cancelled'`;
  await sql`insert into sales_daily (day, seller_id, orders, lines, units, subtotal_cents, discount_cents, tax_cents,
      shipping_cents, returns, returned_units, returns_cents, returns_tax_cents)
    select o.confirmed_day, ${seller}, count(*), sum(l.lines), sum(l.units), sum(o.subtotal_cents),
      sum(o.discount_cents), sum(o.tax_cents), sum(o.shipping_cents), 0, 0, 0, 0
    from orders o
    join (select order_id, count(*) as lines, sum(quantity) as units from order_lines group by order_id) l
      on l.order_id = o.id
    left join users u on u.id = o.created_by
    where ${sale}
    group by o.confirmed_day, ${seller}`.execute(db);
  for (const [table, key, expr] of [
    ['sales_daily_products', 'product_id', sql`l.product_id`],
    ['sales_daily_categories', 'category_id', sql`coalesce(l.category_id, 0)`],
  ] as const) {
    await sql`insert into ${sql.table(table)} (day, ${sql.ref(key)}, lines, units, subtotal_cents, discount_cents,
        tax_cents, returned_units, returns_cents, returns_tax_cents)
      select o.confirmed_day, ${expr}, count(*), sum(l.quantity), sum(l.subtotal_cents), sum(l.discount_cents),
        sum(l.tax_cents), 0, 0, 0
      from order_lines l join orders o on o.id = l.order_id
      where ${sale}
      group by o.confirmed_day, ${expr}`.execute(db);
  }

  const lines: {
    return_id: number;
    received_at: string;
    seller_id: number;
    product_id: number;
    category_id: number | null;
    quantity: number;
    credit_cents: number;
    tax_cents: number;
    total_cents: number;
  }[] = await db
    .selectFrom('returns as r')
    .innerJoin('return_lines as rl', 'rl.return_id', 'r.id')
    .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .leftJoin('users as u', 'u.id', 'o.created_by')
    .select([
      'r.id as return_id',
      'r.received_at',
      seller.as('seller_id'),
      'rl.product_id',
      'ol.category_id',
      'rl.quantity',
      'rl.credit_cents',
      'ol.tax_cents',
      'ol.total_cents',
    ])
    .where('r.status', '=', 'received')
    .execute();
  const counted = new Set<number>();
  for (const l of lines) {
    const day = localDay(new Date(l.received_at), timeZone);
    const tax = creditTaxCents(Number(l.credit_cents), Number(l.tax_cents), Number(l.total_cents));
    const returned = {
      returned_units: l.quantity,
      returns_cents: Number(l.credit_cents) - tax,
      returns_tax_cents: tax,
    };
    const noSales = { lines: 0, units: 0, subtotal_cents: 0, discount_cents: 0, tax_cents: 0 };
    const first = counted.has(l.return_id) ? 0 : 1;
    counted.add(l.return_id);
    const rows: [string, string, number, Record<string, number>][] = [
      ['sales_daily', 'seller_id', Number(l.seller_id), { orders: 0, shipping_cents: 0, returns: first }],
      ['sales_daily_products', 'product_id', l.product_id, {}],
      ['sales_daily_categories', 'category_id', l.category_id ?? 0, {}],
    ];
    for (const [table, key, id, extra] of rows) {
      const row: Record<string, string | number> = { day, [key]: id, ...noSales, ...extra, ...returned };
      const add = Object.keys(row).filter((k) => k !== 'day' && k !== key);
      await db
        .insertInto(table)
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(['day', key])
            .doUpdateSet(Object.fromEntries(add.map((k) => [k, sql`${sql.ref(`${table}.${k}`)} + ${row[k]}`]))),
        )
        .execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('stock_movements_summary_idx').execute();
  await db.schema.dropTable('sales_daily_categories').execute();
  await db.schema.dropTable('sales_daily_products').execute();
  await db.schema.dropTable('sales_daily').execute();
  await db.schema.alterTable('order_lines').dropColumn('category_id').execute();
  await db.schema.alterTable('orders').dropColumn('confirmed_day').execute();
}

// Frozen copies of the domain's rules as they were when this migration shipped, so that an
// upgrade run years later buckets and splits old rows exactly as a fresh install did then.

/** The calendar day (YYYY-MM-DD) an instant falls on in an IANA time zone. */
function localDay(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** The tax inside a return credit: the credit's share of the line's tax, rounded half up. */
function creditTaxCents(creditCents: number, lineTaxCents: number, lineTotalCents: number): number {
  if (lineTotalCents <= 0 || creditCents <= 0) return 0;
  const tax = Math.floor((2 * creditCents * lineTaxCents + lineTotalCents) / (2 * lineTotalCents));
  return Math.min(tax, creditCents);
}
