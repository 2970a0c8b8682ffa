import type { Customer, CustomerCredit, ListCustomersQuery } from '@bodega/contract';
import { likeContains, lowerAll, type Db, type Tx } from '../../db/database';
import type { CustomerRow } from '../../db/schema';
import { OPEN_ORDER_STATUSES, ownsCustomerRecord } from '@bodega/domain';
import type { Actor } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { creditInUseCents, openBalanceCents } from '../receivables/balance.queries';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

type Row = CustomerRow & { user_id: number | null };

export function toCustomer(r: Row): Customer {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    email: r.email,
    phone: r.phone,
    taxId: r.tax_id,
    address: r.address,
    creditLimitCents: r.credit_limit_cents,
    paymentTermsDays: r.payment_terms_days,
    notes: r.notes,
    active: r.active === 1,
    userId: r.user_id,
    deletedAt: r.deleted_at,
    deleteReason: r.delete_reason,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function customersWithUser(db: Db | Tx) {
  return db
    .selectFrom('customers as c')
    .leftJoin('users as u', 'u.customer_id', 'c.id')
    .selectAll('c')
    .select('u.id as user_id');
}

export async function findCustomer(db: Db | Tx, id: number): Promise<Customer> {
  const row = await customersWithUser(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Customer');
  return toCustomer(row);
}

export async function listCustomers(db: Db, query: ListCustomersQuery) {
  const after = decodeCursor(query.cursor, isPositiveInt);
  let q = customersWithUser(db)
    .orderBy('c.id')
    .limit(query.limit + 1);
  if (after !== undefined) q = q.where('c.id', '>', after);
  if (query.active !== undefined) q = q.where('c.active', '=', query.active ? 1 : 0);
  if (query.deleted === 'false') q = q.where('c.deleted_at', 'is', null);
  if (query.deleted === 'true') q = q.where('c.deleted_at', 'is not', null);
  if (query.q) {
    const text = query.q.toLowerCase();
    q = q.where((eb) =>
      eb.or([
        likeContains(lowerAll(db, eb.ref('c.name')), text),
        likeContains(lowerAll(db, eb.ref('c.code')), text),
        likeContains(eb.ref('c.email'), text),
        likeContains(lowerAll(db, eb.ref('c.tax_id')), text),
      ]),
    );
  }
  return toPage(await q.execute(), query.limit, toCustomer, (r) => r.id);
}

/** What a customer still has going with the shop; a customer with either cannot be deleted. */
export async function customerObligations(db: Tx, customerId: number) {
  const open = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customerId)
    .where('status', 'in', OPEN_ORDER_STATUSES)
    .executeTakeFirstOrThrow();
  return { openOrders: Number(open.n), openBalanceCents: await openBalanceCents(db, customerId) };
}

/** The figures of the credit check (place-order.ts): limit, balance, pending credit orders, what is left. */
export async function customerCredit(db: Db, actor: Actor, customerId: number): Promise<CustomerCredit> {
  if (!ownsCustomerRecord(actor, customerId)) throw notFound('Customer');
  const customer = await db
    .selectFrom('customers')
    .select('credit_limit_cents')
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw notFound('Customer');
  const [balanceCents, inUseCents] = await Promise.all([
    openBalanceCents(db, customerId),
    creditInUseCents(db, customerId),
  ]);
  return {
    customerId,
    creditLimitCents: customer.credit_limit_cents,
    balanceCents,
    pendingCreditCents: inUseCents - balanceCents,
    availableCreditCents: Math.max(0, customer.credit_limit_cents - inUseCents),
  };
}
