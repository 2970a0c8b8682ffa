/**
 * What must hold in a Bodega database at rest, read straight from the tables (better-sqlite3 or
 * pg), never through the API under test. Each check returns the offending rows, so a failure
 * names what broke.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface Reader {
  all(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

export function sqliteReader(file: string): Reader {
  const db = new SQLite(file, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  return {
    all: async (sql) => db.prepare(sql).all() as Row[],
    close: async () => {
      db.close();
    },
  };
}

export async function pgReader(url: string): Promise<Reader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    all: async (sql) => (await client.query(sql)).rows as Row[],
    close: () => client.end(),
  };
}

const LIVE = `('pending', 'confirmed', 'processing')`;
const BILLED = `('confirmed', 'processing', 'shipped', 'delivered')`;

/** Name → query returning the rows that break it. Every query runs on SQLite and PostgreSQL. */
export const CHECKS: Record<string, string> = {
  'an order without lines': `
    select o.id, o.number from orders o
    where not exists (select 1 from order_lines l where l.order_id = o.id)`,
  'order totals differ from the sum of their lines (+ shipping − discount)': `
    select o.id, o.subtotal_cents, o.discount_cents, o.tax_cents, o.shipping_cents, o.total_cents,
           s.sub, s.disc, s.tax, s.tot
    from orders o
    join (select order_id, sum(subtotal_cents) as sub, sum(discount_cents) as disc, sum(tax_cents) as tax,
                 sum(total_cents) as tot
          from order_lines group by order_id) s on s.order_id = o.id
    where o.subtotal_cents <> s.sub or o.discount_cents <> s.disc or o.tax_cents <> s.tax
       or o.total_cents <> s.tot + o.shipping_cents
       or o.total_cents <> o.subtotal_cents - o.discount_cents + o.tax_cents + o.shipping_cents`,
  'an order whose history lacks its first row (→ pending)': `
    select o.id from orders o
    where not exists (select 1 from order_history h
                      where h.order_id = o.id and h.from_status is null and h.to_status = 'pending')`,
  'an order whose last history row is not its status': `
    select o.id, o.status, h.to_status from orders o
    join order_history h on h.id = (select max(id) from order_history where order_id = o.id)
    where h.to_status <> o.status`,
  'an order without its audit entry': `
    select o.id from orders o
    where not exists (select 1 from audit_log a
                      where a.entity = 'order' and a.action = 'order.placed' and a.entity_id = cast(o.id as text))`,
  'ledger sum differs from on-hand': `
    select l.product_id, l.location_id, l.on_hand, m.total from stock_levels l
    left join (select product_id, location_id, sum(quantity) as total from stock_movements
               group by product_id, location_id) m
      on m.product_id = l.product_id and m.location_id = l.location_id
    where l.on_hand <> coalesce(m.total, 0)`,
  'movements without a stock level': `
    select distinct m.product_id, m.location_id from stock_movements m
    where not exists (select 1 from stock_levels l where l.product_id = m.product_id and l.location_id = m.location_id)`,
  "the newest movement's on-hand-after differs from on-hand": `
    select l.product_id, l.location_id, l.on_hand, m.on_hand_after from stock_levels l
    join stock_movements m on m.id = (select max(id) from stock_movements x
                                      where x.product_id = l.product_id and x.location_id = l.location_id)
    where m.on_hand_after <> l.on_hand`,
  'reserved differs from the lines of pending/confirmed/processing orders': `
    select l.product_id, l.location_id, l.reserved, r.q from stock_levels l
    left join (select ol.product_id, o.location_id, sum(ol.quantity) as q
               from order_lines ol join orders o on o.id = ol.order_id
               where o.status in ${LIVE} group by ol.product_id, o.location_id) r
      on r.product_id = l.product_id and r.location_id = l.location_id
    where l.reserved <> coalesce(r.q, 0)`,
  'stock out of range (on-hand < 0 or reserved outside 0..on-hand)': `
    select product_id, location_id, on_hand, reserved from stock_levels
    where on_hand < 0 or reserved < 0 or reserved > on_hand`,
  'a payment whose allocations do not add up to its amount': `
    select p.id, p.amount_cents, a.s from payments p
    left join (select payment_id, sum(amount_cents) as s from payment_allocations group by payment_id) a
      on a.payment_id = p.id
    where p.amount_cents <> coalesce(a.s, 0)`,
  'a debt whose paid amount is not the allocations of its recorded payments': `
    select d.id, d.paid_cents, a.s from debts d
    left join (select pa.debt_id, sum(pa.amount_cents) as s from payment_allocations pa
               join payments p on p.id = pa.payment_id where p.status = 'recorded' group by pa.debt_id) a
      on a.debt_id = d.id
    where d.paid_cents <> coalesce(a.s, 0)`,
  "an order's paid/credited amounts differ from its debt's": `
    select o.id, o.paid_cents, d.paid_cents as debt_paid, o.credited_cents, d.credited_cents as debt_credited
    from orders o left join debts d on d.order_id = o.id
    where o.paid_cents <> coalesce(d.paid_cents, 0) or o.credited_cents <> coalesce(d.credited_cents, 0)`,
  "a debt whose amount is not its order's total": `
    select d.id, d.amount_cents, o.total_cents from debts d join orders o on o.id = d.order_id
    where d.amount_cents <> o.total_cents`,
  'a confirmed (or later) order without its debt': `
    select o.id, o.status from orders o
    where o.status in ${BILLED} and o.total_cents > 0
      and not exists (select 1 from debts d where d.order_id = o.id)`,
  'a pending order with a debt, or a cancelled order with a live debt': `
    select o.id, o.status, d.status as debt_status from orders o join debts d on d.order_id = o.id
    where o.status = 'pending' or (o.status = 'cancelled' and d.status <> 'cancelled')`,
  'a debt whose status does not match its amounts': `
    select id, status, amount_cents, paid_cents, credited_cents from debts
    where status <> 'cancelled' and not (
      (status = 'paid' and paid_cents + credited_cents = amount_cents) or
      (status = 'partially_paid' and paid_cents + credited_cents > 0 and paid_cents + credited_cents < amount_cents) or
      (status = 'open' and paid_cents + credited_cents = 0))`,
  'an Idempotency-Key claimed but never completed': `
    select user_id, key from idempotency_keys where order_id is null and payment_id is null`,
};

/** Only where every order and payment was made with an Idempotency-Key (the stress clients always send one). */
export const KEYED_CHECKS: Record<string, string> = {
  'an order without its Idempotency-Key': `
    select o.id from orders o where not exists (select 1 from idempotency_keys k where k.order_id = o.id)`,
  'a payment without its Idempotency-Key': `
    select p.id from payments p where not exists (select 1 from idempotency_keys k where k.payment_id = p.id)`,
};

export type Violation = { check: string; rows: Row[] };

export async function checkInvariants(reader: Reader, keyed = true): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const [check, sql] of Object.entries({ ...CHECKS, ...(keyed ? KEYED_CHECKS : {}) })) {
    const rows = await reader.all(sql);
    if (rows.length) out.push({ check, rows: rows.slice(0, 5) });
  }
  return out;
}

export type Totals = {
  orders: number;
  orderLines: number;
  payments: number;
  voidedPayments: number;
  allocatedCents: number;
  debtsPaidCents: number;
  movements: number;
};

export async function totals(reader: Reader): Promise<Totals> {
  const one = async (sql: string) => Number(Object.values((await reader.all(sql))[0] ?? {})[0] ?? 0);
  return {
    orders: await one('select count(*) from orders'),
    orderLines: await one('select count(*) from order_lines'),
    payments: await one("select count(*) from payments where status = 'recorded'"),
    voidedPayments: await one("select count(*) from payments where status = 'voided'"),
    allocatedCents: await one(
      "select coalesce(sum(pa.amount_cents), 0) from payment_allocations pa join payments p on p.id = pa.payment_id where p.status = 'recorded'",
    ),
    debtsPaidCents: await one('select coalesce(sum(paid_cents), 0) from debts'),
    movements: await one('select count(*) from stock_movements'),
  };
}

/** Every order id → number in the database. */
export async function orderNumbers(reader: Reader): Promise<Map<number, string>> {
  const rows = await reader.all('select id, number from orders');
  return new Map(rows.map((r) => [Number(r['id']), String(r['number'])]));
}

export async function paymentIds(reader: Reader): Promise<Set<number>> {
  return new Set((await reader.all('select id from payments')).map((r) => Number(r['id'])));
}
