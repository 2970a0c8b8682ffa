import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database';

export type StockCheck = {
  levels: number;
  /** Levels whose on-hand differs from the sum of their ledger rows. */
  ledgerMismatches: number;
  /** Levels whose reserved differs from the lines of their open orders. */
  reservedMismatches: number;
  /** Levels reserving more than they hold. */
  oversold: number;
};

/**
 * The stock invariants the API keeps, checked from the tables themselves: on-hand = Σ ledger,
 * reserved = Σ lines of pending/confirmed/processing orders, reserved ≤ on-hand. `productIds`
 * narrows the check; without it every level is checked.
 */
export async function stockInvariants(db: Db, productIds?: number[]): Promise<StockCheck> {
  const only = (column: string) => (productIds ? sql`and ${sql.ref(column)} in (${sql.join(productIds)})` : sql``);
  const { rows } = await sql<{ levels: number; ledger: number; reserved: number; oversold: number }>`
    select count(*) as levels,
      sum(case when l.on_hand <> coalesce(m.quantity, 0) then 1 else 0 end) as ledger,
      sum(case when l.reserved <> coalesce(r.quantity, 0) then 1 else 0 end) as reserved,
      sum(case when l.reserved > l.on_hand then 1 else 0 end) as oversold
    from stock_levels l
    left join (select product_id, location_id, sum(quantity) as quantity from stock_movements
               where 1 = 1 ${only('product_id')} group by product_id, location_id) m
      on m.product_id = l.product_id and m.location_id = l.location_id
    left join (select ol.product_id, o.location_id, sum(ol.quantity) as quantity
               from order_lines ol join orders o on o.id = ol.order_id
               where o.status in ('pending', 'confirmed', 'processing') ${only('ol.product_id')}
               group by ol.product_id, o.location_id) r
      on r.product_id = l.product_id and r.location_id = l.location_id
    where 1 = 1 ${only('l.product_id')}`.execute(db);
  const row = rows[0]!;
  return {
    levels: Number(row.levels),
    ledgerMismatches: Number(row.ledger ?? 0),
    reservedMismatches: Number(row.reserved ?? 0),
    oversold: Number(row.oversold ?? 0),
  };
}

export const stockIsConsistent = (c: StockCheck) =>
  c.ledgerMismatches === 0 && c.reservedMismatches === 0 && c.oversold === 0;

export type ReceivablesCheck = {
  debts: number;
  /** Confirmed orders (cancelled ones included) without their debt. */
  ordersWithoutDebt: number;
  /** Debts whose paid amount differs from the allocations of their recorded (not voided) payments. */
  paidMismatches: number;
  /** Debts whose credited amount differs from their return credits. */
  creditMismatches: number;
  /** Orders whose paid or credited amount differs from their debt's. */
  orderMismatches: number;
  /** Debts paid and credited beyond their amount. */
  overSettled: number;
};

/** The receivables invariants the API keeps, checked from the tables themselves. */
export async function receivablesInvariants(db: Db): Promise<ReceivablesCheck> {
  const count = async (query: RawBuilder<{ n: number }>) => Number((await query.execute(db)).rows[0]!.n);
  return {
    debts: await count(sql`select count(*) as n from debts`),
    ordersWithoutDebt: await count(sql`select count(*) as n from orders o
      where o.confirmed_day is not null and not exists (select 1 from debts d where d.order_id = o.id)`),
    paidMismatches: await count(sql`select count(*) as n from debts d
      left join (select a.debt_id, sum(a.amount_cents) as amount from payment_allocations a
                 join payments p on p.id = a.payment_id where p.status = 'recorded' group by a.debt_id) x
        on x.debt_id = d.id
      where d.paid_cents <> coalesce(x.amount, 0)`),
    creditMismatches: await count(sql`select count(*) as n from debts d
      left join (select debt_id, sum(amount_cents) as amount from debt_credits group by debt_id) x on x.debt_id = d.id
      where d.credited_cents <> coalesce(x.amount, 0)`),
    orderMismatches: await count(sql`select count(*) as n from orders o join debts d on d.order_id = o.id
      where o.paid_cents <> d.paid_cents or o.credited_cents <> d.credited_cents`),
    overSettled: await count(sql`select count(*) as n from debts where paid_cents + credited_cents > amount_cents`),
  };
}

export const receivablesAreConsistent = (c: ReceivablesCheck) =>
  c.ordersWithoutDebt === 0 &&
  c.paidMismatches === 0 &&
  c.creditMismatches === 0 &&
  c.orderMismatches === 0 &&
  c.overSettled === 0;
