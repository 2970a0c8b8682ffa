import { OPEN_DEBT_STATUSES } from '@bodega/domain';
import type { Db, Tx } from '../../db/database';

/** The sum of a customer's live debts' balances, as a query. */
const openBalance = (db: Db | Tx, customerId: number) =>
  db
    .selectFrom('debts')
    .select((eb) =>
      eb.fn.sum<number>(eb(eb('amount_cents', '-', eb.ref('paid_cents')), '-', eb.ref('credited_cents'))).as('balance'),
    )
    .where('customer_id', '=', customerId)
    .where('status', 'in', OPEN_DEBT_STATUSES);

/**
 * Credit already promised but not yet a debt, as a query: credit orders waiting for
 * confirmation. The credit limit counts them, so a customer cannot stack pending orders past it.
 */
const pendingCredit = (db: Db | Tx, customerId: number) =>
  db
    .selectFrom('orders')
    .select((eb) => eb.fn.sum<number>('total_cents').as('total'))
    .where('customer_id', '=', customerId)
    .where('payment_terms', '=', 'credit')
    .where('status', '=', 'pending');

/** What a customer owes now: the sum of their live debts' balances. */
export async function openBalanceCents(db: Db | Tx, customerId: number): Promise<number> {
  const row = await openBalance(db, customerId).executeTakeFirst();
  return Number(row?.balance ?? 0);
}

/** What the credit limit is checked against: the open balance plus the pending credit, in one statement. */
export async function creditInUseCents(db: Db | Tx, customerId: number): Promise<number> {
  const row = await db
    .selectNoFrom([openBalance(db, customerId).as('balance'), pendingCredit(db, customerId).as('pending')])
    .executeTakeFirstOrThrow();
  return Number(row.balance ?? 0) + Number(row.pending ?? 0);
}
