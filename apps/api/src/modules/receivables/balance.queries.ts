import type { Db, Tx } from '../../db/database';

/** What a customer owes now: the sum of their live debts' balances. */
export async function openBalanceCents(db: Db | Tx, customerId: number): Promise<number> {
  const row = await db
    .selectFrom('debts')
    .select((eb) =>
      eb.fn.sum<number>(eb(eb('amount_cents', '-', eb.ref('paid_cents')), '-', eb.ref('credited_cents'))).as('balance'),
    )
    .where('customer_id', '=', customerId)
    .where('status', 'in', ['open', 'partially_paid'])
    .executeTakeFirst();
  return Number(row?.balance ?? 0);
}

/**
 * Credit already promised but not yet a debt: credit orders waiting for confirmation. The
 * credit limit counts them, so a customer cannot stack pending orders past the limit.
 */
export async function pendingCreditCents(db: Db | Tx, customerId: number): Promise<number> {
  const row = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.sum<number>('total_cents').as('total'))
    .where('customer_id', '=', customerId)
    .where('payment_terms', '=', 'credit')
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
