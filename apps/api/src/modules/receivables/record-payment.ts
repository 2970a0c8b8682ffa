import type { Payment, RecordPaymentBody } from '@bodega/contract';
import { OPEN_DEBT_STATUSES, allocatePayment } from '@bodega/domain';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { claimKey, completeKey, requestHash } from '../../platform/idempotency';
import { inTransaction, type Work } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { today } from '../settings/settings.queries';
import { changeDebtPaid, lockCustomer } from './debt-ledger';
import { announce } from './payment-events';
import { loadPayment } from './receivables.queries';

const REFUSALS = {
  overpayment: 'The payment is more than the customer owes',
  unknown_debt: 'An allocation names a debt that is not an open debt of this customer',
  exceeds_debt: 'An allocation is more than that debt still owes',
  does_not_add_up: 'The allocations do not add up to the payment',
} as const;

/**
 * Records money received and spreads it over the customer's open debts (oldest due first, or
 * as given). Serialised per customer, so racing payments see each other: one that no longer
 * fits is refused whole. With an Idempotency-Key, a retry returns the first payment.
 */
export async function recordPayment(
  ctx: AppContext,
  actor: Actor,
  input: RecordPaymentBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
): Promise<{ payment: Payment; replayed: boolean }> {
  const hash = requestHash('payments', input);
  return inTransaction(ctx, async (work) => {
    if (idempotencyKey) {
      const earlier = await claimKey(work, actor.userId, idempotencyKey, hash);
      if (earlier && 'paymentId' in earlier)
        return { payment: await loadPayment(work.trx, earlier.paymentId, actor), replayed: true };
    }
    const paymentId = await record(work, actor, input, meta);
    if (idempotencyKey) await completeKey(work, actor.userId, idempotencyKey, { paymentId });
    return { payment: await loadPayment(work.trx, paymentId, actor), replayed: false };
  });
}

async function record(work: Work, actor: Actor, input: RecordPaymentBody, meta: RequestMeta): Promise<number> {
  const { trx, now } = work;
  const customer = await trx
    .selectFrom('customers')
    .select(['id', 'deleted_at'])
    .where('id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer || customer.deleted_at !== null) throw notFound('Customer');
  await lockCustomer(trx, input.customerId);
  const debts = await trx
    .selectFrom('debts')
    .select([
      'id',
      'due_date',
      (eb) => eb(eb('amount_cents', '-', eb.ref('paid_cents')), '-', eb.ref('credited_cents')).as('balance'),
    ])
    .where('customer_id', '=', input.customerId)
    .where('status', 'in', OPEN_DEBT_STATUSES)
    .execute();
  const plan = allocatePayment(
    input.amountCents,
    debts.map((d) => ({ id: d.id, balance: Number(d.balance), dueDate: d.due_date })),
    input.allocations?.map((a) => ({ debtId: a.debtId, amount: a.amountCents })),
  );
  if (!plan.ok) {
    throw new AppError(
      plan.reason === 'overpayment' ? 'overpayment' : 'validation_failed',
      plan.reason === 'overpayment' ? 409 : 400,
      REFUSALS[plan.reason],
      {
        ...(plan.debtId ? { errors: [{ path: 'body.allocations', message: `debt ${plan.debtId}` }] } : {}),
      },
    );
  }

  const payment = await trx
    .insertInto('payments')
    .values({
      customer_id: input.customerId,
      amount_cents: input.amountCents,
      method: input.method,
      reference: input.reference ?? null,
      received_at: input.receivedAt ?? (await today(trx, now)),
      created_by: actor.userId,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const orderIds: number[] = [];
  for (const a of plan.allocations) {
    await trx
      .insertInto('payment_allocations')
      .values({ payment_id: payment.id, debt_id: a.debtId, amount_cents: a.amount })
      .execute();
    const orderId = await changeDebtPaid(work, a.debtId, a.amount);
    if (orderId !== null) orderIds.push(orderId);
  }
  await recordAudit(trx, {
    actor,
    meta,
    action: 'payment.recorded',
    entity: 'payment',
    entityId: payment.id,
    after: {
      customerId: input.customerId,
      amountCents: input.amountCents,
      method: input.method,
      allocations: plan.allocations,
    },
  });
  await announce(work, 'payment.recorded', payment.id, input.customerId, input.amountCents, orderIds);
  return payment.id;
}
