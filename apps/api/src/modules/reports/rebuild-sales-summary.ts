import { creditTaxCents, localDay } from '@bodega/domain';
import { sql } from 'kysely';
import type { Tx, Db } from '../../db/database';
import { getSettings } from '../settings/settings.queries';

const BATCH = 500;
const seller = sql<number>`case when u.role is null or u.role = 'customer' then 0 else o.created_by end`;

/**
 * Recomputes the daily sales summaries from the orders, their history and the returns, in the
 * time zone set now: each order's `confirmed_day` from its confirmation in `order_history`,
 * then sales on that day and received returns on the day they were received. The use-cases
 * keep the summaries current as they go (sales-summary.ts); this re-derives them for data
 * loaded around the use-cases (the benchmark), to check them (the reconciliation tests), and
 * to re-bucket history after the installation's time zone changes.
 */
export async function rebuildSalesSummary(db: Db): Promise<void> {
  const { timeZone } = await getSettings(db);
  await db.transaction().execute((trx) => rebuildSalesSummaryIn(trx, timeZone));
}

/** The same, inside the caller's transaction (a change of time zone re-buckets with the change). */
export async function rebuildSalesSummaryIn(trx: Tx, timeZone: string): Promise<void> {
  await restampConfirmations(trx, timeZone);
  await trx.deleteFrom('sales_daily').execute();
  await trx.deleteFrom('sales_daily_products').execute();
  await trx.deleteFrom('sales_daily_categories').execute();
  await summariseSales(trx);
  await summariseReturns(trx, timeZone);
}

/** Local days in a zone, computed once per UTC quarter hour (every zone offset is a multiple of 15 minutes). */
function dayCache(timeZone: string) {
  const days = new Map<number, string>();
  return (instant: string) => {
    const quarter = Math.floor(Date.parse(instant) / 900_000);
    let day = days.get(quarter);
    if (day === undefined) days.set(quarter, (day = localDay(new Date(quarter * 900_000), timeZone)));
    return day;
  };
}

async function restampConfirmations(trx: Tx, timeZone: string): Promise<void> {
  const dayOf = dayCache(timeZone);
  const confirmations = await trx
    .selectFrom('order_history as h')
    .innerJoin('orders as o', 'o.id', 'h.order_id')
    .select(['h.order_id', 'o.confirmed_day', sql<string>`min(h.created_at)`.as('at')])
    .where('h.to_status', '=', 'confirmed')
    .groupBy(['h.order_id', 'o.confirmed_day'])
    .execute();
  const changed = new Map<string, number[]>();
  for (const c of confirmations) {
    const day = dayOf(c.at);
    if (day !== c.confirmed_day) changed.set(day, [...(changed.get(day) ?? []), c.order_id]);
  }
  for (const [day, ids] of changed) {
    for (let i = 0; i < ids.length; i += BATCH) {
      await trx
        .updateTable('orders')
        .set({ confirmed_day: day })
        .where('id', 'in', ids.slice(i, i + BATCH))
        .execute();
    }
  }
}

const SALE = sql`o.confirmed_day is not null and o.status <> 'cancelled'`;

async function summariseSales(trx: Tx): Promise<void> {
  await sql`insert into sales_daily (day, seller_id, orders, lines, units, subtotal_cents, discount_cents, tax_cents,
      shipping_cents, returns, returned_units, returns_cents, returns_tax_cents)
    select o.confirmed_day, ${seller}, count(*), sum(l.lines), sum(l.units), sum(o.subtotal_cents),
      sum(o.discount_cents), sum(o.tax_cents), sum(o.shipping_cents), 0, 0, 0, 0
    from orders o
    join (select order_id, count(*) as lines, sum(quantity) as units from order_lines group by order_id) l
      on l.order_id = o.id
    left join users u on u.id = o.created_by
    where ${SALE}
    group by o.confirmed_day, ${seller}`.execute(trx);
  for (const [table, key, expr] of [
    ['sales_daily_products', 'product_id', sql`l.product_id`],
    ['sales_daily_categories', 'category_id', sql`coalesce(l.category_id, 0)`],
  ] as const) {
    await sql`insert into ${sql.table(table)} (day, ${sql.ref(key)}, lines, units, subtotal_cents, discount_cents,
        tax_cents, returned_units, returns_cents, returns_tax_cents)
      select o.confirmed_day, ${expr}, count(*), sum(l.quantity), sum(l.subtotal_cents), sum(l.discount_cents),
        sum(l.tax_cents), 0, 0, 0
      from order_lines l join orders o on o.id = l.order_id
      where ${SALE}
      group by o.confirmed_day, ${expr}`.execute(trx);
  }
}

type ReturnSums = { returns: number; returned_units: number; returns_cents: number; returns_tax_cents: number };
const RETURN_SUMS = ['returned_units', 'returns_cents', 'returns_tax_cents'];

async function summariseReturns(trx: Tx, timeZone: string): Promise<void> {
  const dayOf = dayCache(timeZone);
  const lines = await trx
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
  const tables = {
    sales_daily: new Map<string, ReturnSums>(),
    sales_daily_products: new Map<string, ReturnSums>(),
    sales_daily_categories: new Map<string, ReturnSums>(),
  };
  const counted = new Set<number>();
  const add = (map: Map<string, ReturnSums>, key: string, more: ReturnSums) => {
    const s = map.get(key) ?? { returns: 0, returned_units: 0, returns_cents: 0, returns_tax_cents: 0 };
    for (const k of Object.keys(s) as (keyof ReturnSums)[]) s[k] += more[k];
    map.set(key, s);
  };
  for (const l of lines) {
    const day = dayOf(l.received_at!);
    const tax = creditTaxCents(l.credit_cents, l.tax_cents, l.total_cents);
    const sums = {
      returns: 0,
      returned_units: l.quantity,
      returns_cents: l.credit_cents - tax,
      returns_tax_cents: tax,
    };
    add(tables.sales_daily, `${day}|${Number(l.seller_id)}`, { ...sums, returns: counted.has(l.return_id) ? 0 : 1 });
    add(tables.sales_daily_products, `${day}|${l.product_id}`, sums);
    add(tables.sales_daily_categories, `${day}|${l.category_id ?? 0}`, sums);
    counted.add(l.return_id);
  }
  const keys = { sales_daily: 'seller_id', sales_daily_products: 'product_id', sales_daily_categories: 'category_id' };
  const noSales = { lines: 0, units: 0, subtotal_cents: 0, discount_cents: 0, tax_cents: 0 };
  for (const table of Object.keys(tables) as (keyof typeof tables)[]) {
    const key = keys[table];
    const seller = table === 'sales_daily';
    const rows = [...tables[table]].map(([k, { returns, ...s }]) => {
      const [day, id] = k.split('|');
      return {
        day: day!,
        [key]: Number(id),
        ...noSales,
        ...s,
        ...(seller ? { orders: 0, shipping_cents: 0, returns } : {}),
      };
    });
    const columns = seller ? ['returns', ...RETURN_SUMS] : RETURN_SUMS;
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx
        .insertInto(table)
        .values(rows.slice(i, i + BATCH) as never)
        .onConflict((oc) =>
          oc
            .columns(['day', key] as never)
            .doUpdateSet(
              Object.fromEntries(
                columns.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]),
              ) as never,
            ),
        )
        .execute();
    }
  }
}
