import type { ListOrdersQuery, Order, OrderSummary } from '@bodega/contract';
import { ownRecordsOnly, transitionsFor, type OrderFacts, type Role } from '@bodega/domain';
import { likeContains, type Db, type Tx } from '../../db/database';
import type { OrderHistoryRow, OrderLineRow, OrderRow } from '../../db/schema';
import type { Actor } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

/** Payment status from what was paid and credited (returns) against the total. */
export function paymentStatus(paid: number, credited: number, total: number): Order['paymentStatus'] {
  if (paid + credited >= total) return 'paid';
  return paid + credited > 0 ? 'partially_paid' : 'unpaid';
}

function summary(r: OrderRow) {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    locationId: r.location_id,
    status: r.status,
    paymentTerms: r.payment_terms,
    notes: r.notes,
    subtotalCents: r.subtotal_cents,
    discountCents: r.discount_cents,
    discountReason: r.discount_reason,
    taxCents: r.tax_cents,
    shippingCents: r.shipping_cents,
    totalCents: r.total_cents,
    paidCents: r.paid_cents,
    creditedCents: r.credited_cents,
    balanceCents: r.total_cents - r.paid_cents - r.credited_cents,
    paymentStatus: paymentStatus(r.paid_cents, r.credited_cents, r.total_cents),
    // The deadline matters only while the order can still expire.
    expiresAt: r.status === 'pending' ? r.expires_at : null,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The facts the domain's order rules read. */
export function orderFacts(r: OrderRow): OrderFacts {
  return {
    status: r.status,
    paymentTerms: r.payment_terms,
    totalCents: r.total_cents,
    paidCents: r.paid_cents,
    creditedCents: r.credited_cents,
  };
}

/** A customer reaches only their own orders; anyone else's is "not found". */
export async function findOrderRow(db: Db | Tx, id: number, actor: Actor): Promise<OrderRow> {
  const row = await db
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', id)
    .$if(ownRecordsOnly(actor.role), (q) => q.where('customer_id', '=', actor.customerId ?? -1))
    .executeTakeFirst();
  if (!row) throw notFound('Order');
  return row;
}

export async function loadOrder(db: Db | Tx, id: number, actor: Actor): Promise<Order> {
  return toOrder(db, await findOrderRow(db, id, actor), actor.role);
}

export async function toOrder(db: Db | Tx, row: OrderRow, role: Role): Promise<Order> {
  const [lines, history] = await Promise.all([
    db.selectFrom('order_lines').selectAll().where('order_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('order_history').selectAll().where('order_id', '=', row.id).orderBy('id').execute(),
  ]);
  return presentOrder(row, lines, history, role);
}

/** An order as `role` sees it, from its rows (lines and history in id order). */
export function presentOrder(row: OrderRow, lines: OrderLineRow[], history: OrderHistoryRow[], role: Role): Order {
  return {
    ...summary(row),
    lines: lines.map((l) => ({
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPriceCents: l.unit_price_cents,
      taxRateBp: l.tax_rate_bp,
      subtotalCents: l.subtotal_cents,
      discountCents: l.discount_cents,
      taxCents: l.tax_cents,
      totalCents: l.total_cents,
      returnedQuantity: l.returned_quantity,
    })),
    history: history.map((h) => ({
      from: h.from_status,
      to: h.to_status,
      userId: h.user_id,
      reason: h.reason,
      note: h.note,
      createdAt: h.created_at,
    })),
    ...movesOf(role, row),
  };
}

/** The moves the caller can make now: the domain's `transitionsFor`, so a button shown is a move that succeeds. */
function movesOf(role: Role, row: OrderRow): Pick<Order, 'nextStatuses' | 'transitions'> {
  const transitions = transitionsFor(role, orderFacts(row));
  return { nextStatuses: transitions.map((m) => m.to), transitions };
}

/** Newest first; customers see their own only. */
export async function listOrders(db: Db, query: ListOrdersQuery, actor: Actor) {
  const before = decodeCursor(query.cursor, isPositiveInt);
  let q = db
    .selectFrom('orders as o')
    .selectAll('o')
    .select((eb) =>
      eb
        .selectFrom('order_lines as l')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('l.order_id', '=', 'o.id')
        .as('line_count'),
    )
    .orderBy('o.id', 'desc')
    .limit(query.limit + 1);
  if (ownRecordsOnly(actor.role)) q = q.where('o.customer_id', '=', actor.customerId ?? -1);
  else if (query.customerId) q = q.where('o.customer_id', '=', query.customerId);
  if (before !== undefined) q = q.where('o.id', '<', before);
  if (query.status) q = q.where('o.status', '=', query.status);
  if (query.from) q = q.where('o.created_at', '>=', new Date(query.from).toISOString());
  if (query.to) q = q.where('o.created_at', '<', new Date(query.to).toISOString());
  if (query.q) q = q.where((eb) => likeContains(eb.ref('o.number'), query.q!.toUpperCase()));
  return toPage(
    await q.execute(),
    query.limit,
    (r): OrderSummary => ({ ...summary(r), lineCount: Number(r.line_count) }),
    (r) => r.id,
  );
}
