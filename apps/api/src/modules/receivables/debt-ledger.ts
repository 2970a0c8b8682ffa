import { addDays, debtStatus, MAX_CUSTOMER_BALANCE_CENTS } from '@bodega/domain';
import { sql } from 'kysely';
import { dbKind, type Tx } from '../../db/database';
import type { OrderRow } from '../../db/schema';
import { AppError } from '../../platform/errors';
import type { Work } from '../../platform/transaction';
import { today } from '../settings/settings.queries';
import { openBalanceCents } from './balance.queries';

/**
 * Debts change only here and only by `x = x + :delta` with guards, in the caller's
 * transaction: a debt's paid and credited amounts never pass its amount, and an order's
 * paid/credited mirror its debt's.
 */

/**
 * Row locks on the customer (PostgreSQL; a SQLite write transaction is already exclusive).
 * `update` serialises money decisions — payments, voids, credit checks, deletion; `share`
 * lets orders proceed side by side while keeping a deletion out until they commit.
 */
export async function lockCustomer(trx: Tx, customerId: number, mode: 'update' | 'share' = 'update'): Promise<void> {
  if (dbKind(trx) !== 'postgres') return;
  const q = trx.selectFrom('customers').select('id').where('id', '=', customerId);
  await (mode === 'update' ? q.forNoKeyUpdate() : q.forShare()).execute();
}

/**
 * Refuses (422 `amount_too_large`) a new debt that would take what the customer owes past
 * MAX_CUSTOMER_BALANCE_CENTS, so balances, statements and the debtors list stay exact.
 */
export async function assertBalanceRoom(trx: Tx, customerId: number, amountCents: number): Promise<void> {
  const owed = await openBalanceCents(trx, customerId);
  if (owed + amountCents > MAX_CUSTOMER_BALANCE_CENTS) {
    throw new AppError(
      'amount_too_large',
      422,
      `The customer owes ${owed} cents; with ${amountCents} more they would owe more than ${MAX_CUSTOMER_BALANCE_CENTS}, the most one customer may owe`,
    );
  }
}

/** Confirming an order: a debt for its total, due after the customer's terms (today for cash). */
export async function openOrderDebt(work: Work, order: OrderRow, userId: number): Promise<void> {
  if (order.total_cents === 0) return;
  await assertBalanceRoom(work.trx, order.customer_id, order.total_cents);
  const customer = await work.trx
    .selectFrom('customers')
    .select('payment_terms_days')
    .where('id', '=', order.customer_id)
    .executeTakeFirstOrThrow();
  const day = await today(work.trx, work.now);
  const due = order.payment_terms === 'cash' ? day : addDays(day, customer.payment_terms_days);
  await work.trx
    .insertInto('debts')
    .values({
      customer_id: order.customer_id,
      order_id: order.id,
      amount_cents: order.total_cents,
      paid_cents: order.paid_cents,
      credited_cents: order.credited_cents,
      status: debtStatus(order.total_cents, order.paid_cents, order.credited_cents),
      due_date: due,
      created_by: userId,
      created_at: work.now,
      updated_at: work.now,
    })
    .execute();
}

/** Cancelling an order cancels its debt (the order has no payments by then). */
export async function cancelOrderDebt(work: Work, orderId: number): Promise<void> {
  await work.trx
    .updateTable('debts')
    .set({ status: 'cancelled', updated_at: work.now })
    .where('order_id', '=', orderId)
    .where('paid_cents', '=', 0)
    .execute();
}

/** Re-derives a live debt's status from its amounts (`debtStatus` in packages/domain). */
async function restatus(
  work: Work,
  debt: { id: number; amount_cents: number; paid_cents: number; credited_cents: number },
) {
  await work.trx
    .updateTable('debts')
    .set({ status: debtStatus(debt.amount_cents, debt.paid_cents, debt.credited_cents) })
    .where('id', '=', debt.id)
    .execute();
}

/**
 * Adds `delta` (negative to reverse) to a debt's paid amount, and to its order's. Refuses,
 * rather than over-pays, when the debt cannot take it.
 */
export async function changeDebtPaid(work: Work, debtId: number, delta: number): Promise<number | null> {
  const row = await work.trx
    .updateTable('debts')
    .set({ paid_cents: sql`paid_cents + ${delta}`, updated_at: work.now })
    .where('id', '=', debtId)
    .where('status', '<>', 'cancelled')
    .where(sql<boolean>`paid_cents + ${delta} >= 0 and paid_cents + ${delta} + credited_cents <= amount_cents`)
    .returning(['id', 'order_id', 'amount_cents', 'paid_cents', 'credited_cents'])
    .executeTakeFirst();
  if (!row) throw new AppError('overpayment', 409, 'That debt cannot take this amount any more; reload the balances');
  await restatus(work, row);
  if (row.order_id !== null) {
    await work.trx
      .updateTable('orders')
      .set((eb) => ({ paid_cents: eb('paid_cents', '+', delta), updated_at: work.now }))
      .where('id', '=', row.order_id)
      .execute();
  }
  return row.order_id;
}

/**
 * An approved return credits the order's debt, up to what is still owed on it. Returns the
 * credit applied (the rest, on an already paid order, is a refund to settle by hand).
 */
export async function creditDebtForReturn(
  work: Work,
  orderId: number,
  returnId: number,
  credit: number,
): Promise<number> {
  const order = await work.trx
    .selectFrom('orders')
    .select('customer_id')
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  await lockCustomer(work.trx, order.customer_id);
  const debt = await work.trx
    .selectFrom('debts')
    .select(['id', 'amount_cents', 'paid_cents', 'credited_cents', 'status'])
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  if (!debt || debt.status === 'cancelled') return 0;
  const applied = Math.min(credit, debt.amount_cents - debt.paid_cents - debt.credited_cents);
  if (applied <= 0) return 0;
  const credited = await work.trx
    .updateTable('debts')
    .set({ credited_cents: sql`credited_cents + ${applied}`, updated_at: work.now })
    .where('id', '=', debt.id)
    .where(sql<boolean>`paid_cents + credited_cents + ${applied} <= amount_cents`)
    .returning(['id', 'amount_cents', 'paid_cents', 'credited_cents'])
    .executeTakeFirstOrThrow();
  await restatus(work, credited);
  await work.trx
    .updateTable('orders')
    .set((eb) => ({ credited_cents: eb('credited_cents', '+', applied), updated_at: work.now }))
    .where('id', '=', orderId)
    .execute();
  await work.trx
    .insertInto('debt_credits')
    .values({ debt_id: debt.id, return_id: returnId, amount_cents: applied, created_at: work.now })
    .execute();
  return applied;
}
