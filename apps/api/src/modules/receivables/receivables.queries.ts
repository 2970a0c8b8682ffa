import type {
  AgingReport,
  Debt,
  Debtor,
  ListDebtorsQuery,
  ListDebtsQuery,
  ListPaymentsQuery,
  Payment,
  Statement,
} from '@bodega/contract';
import { OPEN_DEBT_STATUSES, addDays, daysOverdue, ownRecordsOnly, ownsCustomerRecord } from '@bodega/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database';
import type { Actor } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

const balanceOf = sql<number>`d.amount_cents - d.paid_cents - d.credited_cents`;

function debtsFor(db: Db | Tx, actor: Actor) {
  return db
    .selectFrom('debts as d')
    .leftJoin('orders as o', 'o.id', 'd.order_id')
    .selectAll('d')
    .select('o.number as order_number')
    .$if(ownRecordsOnly(actor.role), (q) => q.where('d.customer_id', '=', actor.customerId ?? -1));
}

type DebtRow = Awaited<ReturnType<ReturnType<typeof debtsFor>['executeTakeFirstOrThrow']>>;

function toDebt(r: DebtRow, day: string): Debt {
  const balance = r.amount_cents - r.paid_cents - r.credited_cents;
  const late = r.status !== 'cancelled' && balance > 0 ? Math.max(0, daysOverdue(r.due_date, day)) : 0;
  return {
    id: r.id,
    customerId: r.customer_id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    amountCents: r.amount_cents,
    paidCents: r.paid_cents,
    creditedCents: r.credited_cents,
    balanceCents: r.status === 'cancelled' ? 0 : balance,
    status: r.status,
    dueDate: r.due_date,
    overdue: late > 0,
    daysOverdue: late,
    note: r.note,
    createdAt: r.created_at,
  };
}

export async function loadDebt(db: Db | Tx, id: number, actor: Actor, day: string): Promise<Debt> {
  const row = await debtsFor(db, actor).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Debt');
  return toDebt(row, day);
}

/** Oldest due first; customers see their own. */
export async function listDebts(db: Db, query: ListDebtsQuery, actor: Actor, day: string) {
  const after = decodeCursor(query.cursor, isPositiveInt);
  let q = debtsFor(db, actor)
    .orderBy('d.id')
    .limit(query.limit + 1);
  if (after !== undefined) q = q.where('d.id', '>', after);
  if (query.customerId && !ownRecordsOnly(actor.role)) q = q.where('d.customer_id', '=', query.customerId);
  if (query.status) q = q.where('d.status', '=', query.status);
  if (query.overdue !== undefined) {
    q = query.overdue
      ? q.where('d.status', 'in', OPEN_DEBT_STATUSES).where('d.due_date', '<', day)
      : q.where((eb) => eb.or([eb('d.status', 'not in', OPEN_DEBT_STATUSES), eb('d.due_date', '>=', day)]));
  }
  return toPage(
    await q.execute(),
    query.limit,
    (r) => toDebt(r, day),
    (r) => r.id,
  );
}

function paymentsFor(db: Db | Tx, actor: Actor) {
  return db
    .selectFrom('payments')
    .selectAll()
    .$if(ownRecordsOnly(actor.role), (q) => q.where('customer_id', '=', actor.customerId ?? -1));
}

async function withAllocations(
  db: Db | Tx,
  rows: Awaited<ReturnType<ReturnType<typeof paymentsFor>['execute']>>,
): Promise<Payment[]> {
  if (rows.length === 0) return [];
  const allocations = await db
    .selectFrom('payment_allocations as a')
    .innerJoin('debts as d', 'd.id', 'a.debt_id')
    .select(['a.payment_id', 'a.debt_id', 'a.amount_cents', 'd.order_id'])
    .where(
      'a.payment_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    amountCents: r.amount_cents,
    method: r.method,
    reference: r.reference,
    receivedAt: r.received_at,
    status: r.status,
    voidReason: r.void_reason,
    voidedAt: r.voided_at,
    allocations: allocations
      .filter((a) => a.payment_id === r.id)
      .map((a) => ({ debtId: a.debt_id, orderId: a.order_id, amountCents: a.amount_cents })),
    createdAt: r.created_at,
  }));
}

export async function loadPayment(db: Db | Tx, id: number, actor: Actor): Promise<Payment> {
  const row = await paymentsFor(db, actor).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Payment');
  return (await withAllocations(db, [row]))[0]!;
}

/** Newest first. */
export async function listPayments(db: Db, query: ListPaymentsQuery, actor: Actor) {
  const before = decodeCursor(query.cursor, isPositiveInt);
  let q = paymentsFor(db, actor)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (before !== undefined) q = q.where('id', '<', before);
  if (query.customerId && !ownRecordsOnly(actor.role)) q = q.where('customer_id', '=', query.customerId);
  if (query.method) q = q.where('method', '=', query.method);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.from) q = q.where('received_at', '>=', query.from);
  if (query.to) q = q.where('received_at', '<=', query.to);
  const rows = await q.execute();
  const page = toPage(
    rows,
    query.limit,
    (r) => r.id,
    (r) => r.id,
  );
  return { items: await withAllocations(db, rows.slice(0, query.limit)), nextCursor: page.nextCursor };
}

const SORT_SQL = {
  balance: sql`balance`,
  overdue: sql`overdue`,
  oldestDue: sql`oldest_due`,
  name: sql`lower(c.name)`,
  lastPayment: sql`last_payment`,
} as const;

/**
 * Customers who owe money: balance, overdue part, oldest due date, last payment. One
 * aggregate over live debts; the page cursor is an offset (the list is bounded by customers).
 */
export async function listDebtors(
  db: Db,
  query: ListDebtorsQuery,
  day: string,
): Promise<{ items: Debtor[]; nextCursor: string | null }> {
  const offset = decodeCursor(query.cursor, (v): v is number => Number.isSafeInteger(v) && (v as number) >= 0) ?? 0;
  const order = query.order ?? (query.sort === 'name' || query.sort === 'oldestDue' ? 'asc' : 'desc');
  const rows = await db
    .selectFrom('debts as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .select([
      'c.id',
      'c.code',
      'c.name',
      'c.phone',
      'c.email',
      'c.credit_limit_cents',
      sql<number>`sum(${balanceOf})`.as('balance'),
      sql<number>`sum(case when d.due_date < ${day} then ${balanceOf} else 0 end)`.as('overdue'),
      sql<number>`count(*)`.as('open_debts'),
      sql<string>`min(d.due_date)`.as('oldest_due'),
      (eb) =>
        eb
          .selectFrom('payments as p')
          .select(sql<string>`max(p.received_at)`.as('m'))
          .whereRef('p.customer_id', '=', 'c.id')
          .where('p.status', '=', 'recorded')
          .as('last_payment'),
    ])
    .where('d.status', 'in', OPEN_DEBT_STATUSES)
    .groupBy(['c.id', 'c.code', 'c.name', 'c.phone', 'c.email', 'c.credit_limit_cents'])
    .$if(query.overdueOnly === true, (q) =>
      q.having(sql`sum(case when d.due_date < ${day} then ${balanceOf} else 0 end)`, '>', 0),
    )
    .orderBy(SORT_SQL[query.sort], order)
    .orderBy('c.id')
    .limit(query.limit + 1)
    .offset(offset)
    .execute();
  const more = rows.length > query.limit;
  return {
    items: rows.slice(0, query.limit).map((r) => ({
      customerId: r.id,
      code: r.code,
      name: r.name,
      phone: r.phone,
      email: r.email,
      balanceCents: Number(r.balance),
      overdueCents: Number(r.overdue),
      openDebts: Number(r.open_debts),
      oldestDueDate: r.oldest_due,
      daysOverdue: Math.max(0, daysOverdue(r.oldest_due, day)),
      lastPaymentAt: r.last_payment ?? null,
      creditLimitCents: r.credit_limit_cents,
    })),
    nextCursor: more ? Buffer.from(JSON.stringify(offset + query.limit)).toString('base64url') : null,
  };
}

/**
 * A customer's account: debts raise the balance, payments and return credits lower it, a
 * voided payment raises it back on the day it was voided. Entries before `from` make the
 * opening balance. A customer reads only their own (another's is not found).
 */
export async function customerStatement(
  db: Db,
  actor: Actor,
  customerId: number,
  range: { from?: string; to: string },
  currency: string,
): Promise<Statement> {
  if (!ownsCustomerRecord(actor, customerId)) throw notFound('Customer');
  const customer = await db
    .selectFrom('customers')
    .select(['id', 'name'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw notFound('Customer');
  const [debts, payments, credits] = await Promise.all([
    db
      .selectFrom('debts as d')
      .leftJoin('orders as o', 'o.id', 'd.order_id')
      .select(['d.id', 'd.amount_cents', 'd.status', 'd.note', 'd.created_at', 'd.updated_at', 'o.number'])
      .where('d.customer_id', '=', customerId)
      .execute(),
    db.selectFrom('payments').selectAll().where('customer_id', '=', customerId).execute(),
    db
      .selectFrom('debt_credits as k')
      .innerJoin('debts as d', 'd.id', 'k.debt_id')
      .innerJoin('returns as r', 'r.id', 'k.return_id')
      .select(['k.amount_cents', 'k.created_at', 'r.number'])
      .where('d.customer_id', '=', customerId)
      .execute(),
  ]);
  type Entry = Statement['entries'][number];
  const raw: Omit<Entry, 'balanceCents'>[] = [];
  for (const d of debts) {
    raw.push({
      date: d.created_at.slice(0, 10),
      kind: 'debt',
      reference: d.number ?? `D-${d.id}`,
      description: d.number ? `Order ${d.number}` : (d.note ?? 'Debt'),
      debitCents: d.amount_cents,
      creditCents: 0,
    });
    if (d.status === 'cancelled') {
      raw.push({
        date: d.updated_at.slice(0, 10),
        kind: 'credit',
        reference: d.number ?? `D-${d.id}`,
        description: 'Cancelled',
        debitCents: 0,
        creditCents: d.amount_cents,
      });
    }
  }
  for (const p of payments) {
    const reference = `P-${p.id}`;
    raw.push({
      date: p.received_at,
      kind: 'payment',
      reference,
      description: `Payment (${p.method})${p.reference ? ` ${p.reference}` : ''}`,
      debitCents: 0,
      creditCents: p.amount_cents,
    });
    if (p.status === 'voided' && p.voided_at) {
      raw.push({
        date: p.voided_at.slice(0, 10),
        kind: 'void',
        reference,
        description: `Void: ${p.void_reason ?? ''}`,
        debitCents: p.amount_cents,
        creditCents: 0,
      });
    }
  }
  for (const k of credits) {
    raw.push({
      date: k.created_at.slice(0, 10),
      kind: 'credit',
      reference: k.number,
      description: `Return ${k.number}`,
      debitCents: 0,
      creditCents: k.amount_cents,
    });
  }
  const kindOrder = { debt: 0, void: 1, payment: 2, credit: 3 } as const;
  raw.sort((a, b) => a.date.localeCompare(b.date) || kindOrder[a.kind] - kindOrder[b.kind]);
  let balance = 0;
  let opening = 0;
  const entries: Entry[] = [];
  for (const e of raw) {
    if (e.date > range.to) continue;
    balance += e.debitCents - e.creditCents;
    if (range.from && e.date < range.from) {
      opening = balance;
      continue;
    }
    entries.push({ ...e, balanceCents: balance });
  }
  return {
    customerId,
    customerName: customer.name,
    currency,
    from: range.from ?? null,
    to: range.to,
    openingBalanceCents: opening,
    closingBalanceCents: balance,
    entries,
  };
}

/**
 * What the aging report's totals give, without a row per customer: the open balance, its
 * overdue part (due before `asOf`) and how many customers owe something. One aggregate over a
 * covering index of the open debts.
 */
export async function agingTotals(
  db: Db,
  asOf: string,
): Promise<{ totalCents: number; overdueCents: number; debtors: number }> {
  const row = await db
    .selectFrom('debts as d')
    .select([
      sql<number>`coalesce(sum(${balanceOf}), 0)`.as('total'),
      sql<number>`coalesce(sum(case when d.due_date < ${asOf} then ${balanceOf} else 0 end), 0)`.as('overdue'),
      sql<number>`count(distinct case when ${balanceOf} > 0 then d.customer_id end)`.as('debtors'),
    ])
    .where('d.status', 'in', OPEN_DEBT_STATUSES)
    .executeTakeFirstOrThrow();
  return { totalCents: Number(row.total), overdueCents: Number(row.overdue), debtors: Number(row.debtors) };
}

/** Open balances by how late they are, per customer and in total, as of a day. */
export async function agingReport(db: Db, asOf: string, currency: string): Promise<AgingReport> {
  // Bucket edges as due dates: comparing YYYY-MM-DD strings is comparing days.
  const d30 = addDays(asOf, -30);
  const d60 = addDays(asOf, -60);
  const d90 = addDays(asOf, -90);
  const rows = await db
    .selectFrom('debts as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .select([
      'c.id',
      'c.code',
      'c.name',
      sql<number>`sum(case when d.due_date >= ${asOf} then ${balanceOf} else 0 end)`.as('current'),
      sql<number>`sum(case when d.due_date < ${asOf} and d.due_date >= ${d30} then ${balanceOf} else 0 end)`.as('b30'),
      sql<number>`sum(case when d.due_date < ${d30} and d.due_date >= ${d60} then ${balanceOf} else 0 end)`.as('b60'),
      sql<number>`sum(case when d.due_date < ${d60} and d.due_date >= ${d90} then ${balanceOf} else 0 end)`.as('b90'),
      sql<number>`sum(case when d.due_date < ${d90} then ${balanceOf} else 0 end)`.as('over'),
      sql<number>`sum(${balanceOf})`.as('total'),
    ])
    .where('d.status', 'in', OPEN_DEBT_STATUSES)
    .groupBy(['c.id', 'c.code', 'c.name'])
    .orderBy(sql`sum(${balanceOf})`, 'desc')
    .orderBy('c.id')
    .execute();
  const customers = rows.map((r) => ({
    customerId: r.id,
    code: r.code,
    name: r.name,
    currentCents: Number(r.current),
    days1to30Cents: Number(r.b30),
    days31to60Cents: Number(r.b60),
    days61to90Cents: Number(r.b90),
    over90Cents: Number(r.over),
    totalCents: Number(r.total),
  }));
  const sum = (k: keyof (typeof customers)[number]) => customers.reduce((a, c) => a + Number(c[k]), 0);
  return {
    asOf,
    currency,
    customers,
    totals: {
      currentCents: sum('currentCents'),
      days1to30Cents: sum('days1to30Cents'),
      days31to60Cents: sum('days31to60Cents'),
      days61to90Cents: sum('days61to90Cents'),
      over90Cents: sum('over90Cents'),
      totalCents: sum('totalCents'),
    },
  };
}
