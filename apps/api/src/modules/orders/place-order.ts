import type { Order, PlaceOrderBody } from '@bodega/contract';
import {
  canSetShipping,
  MAX_ORDER_SUBTOTAL_CENTS,
  maxDiscountBp,
  mergeLines,
  ownRecordsOnly,
  ownsCustomerRecord,
  priceOrder,
  withinOrderLimit,
  type Discount,
} from '@bodega/domain';
import { sql } from 'kysely';
import type { Tx } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { nextNumber } from '../../platform/document-numbers';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { claimKey, completeKey, requestHash } from '../../platform/idempotency';
import { inTransaction, type Work } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { resolveLocation } from '../inventory/inventory.queries';
import { applyStockChanges } from '../inventory/stock-ledger';
import { creditInUseCents } from '../receivables/balance.queries';
import { lockCustomer } from '../receivables/debt-ledger';
import { getSettings } from '../settings/settings.queries';
import { loadOrder, presentOrder } from './orders.queries';

export type Placed = { order: Order; replayed: boolean };

/**
 * Places an order: server prices, all-or-nothing reservation through the stock ledger, a
 * human number from the database, and — with an Idempotency-Key — exactly one order per key.
 */
export async function placeOrder(
  ctx: AppContext,
  actor: Actor,
  input: PlaceOrderBody,
  idempotencyKey: string | undefined,
  meta: RequestMeta,
): Promise<Placed> {
  const customerId = customerFor(actor, input);
  const hash = requestHash('orders', { customerId, ...input });
  return inTransaction(ctx, async (work) => {
    if (idempotencyKey) {
      const earlier = await claimKey(work, actor.userId, idempotencyKey, hash);
      if (earlier && 'orderId' in earlier)
        return { order: await loadOrder(work.trx, earlier.orderId, actor), replayed: true };
    }
    const order = await createOrder(ctx, work, actor, customerId, input, meta);
    if (idempotencyKey) await completeKey(work, actor.userId, idempotencyKey, { orderId: order.id });
    return { order, replayed: false };
  });
}

function customerFor(actor: Actor, input: PlaceOrderBody): number {
  if (
    (input.discount && maxDiscountBp(actor.role) === 0) ||
    (input.shippingCents !== undefined && !canSetShipping(actor.role))
  )
    throw forbidden('Discounts and shipping are set by staff');
  if (ownRecordsOnly(actor.role)) {
    if (input.customerId !== undefined && !ownsCustomerRecord(actor, input.customerId))
      throw forbidden('Customers order for themselves');
    if (actor.customerId === null) throw notFound('Customer');
    return actor.customerId;
  }
  if (input.customerId === undefined) {
    throw new AppError('validation_failed', 400, 'Staff must say whom the order is for', {
      errors: [{ path: 'body.customerId', message: 'required for staff' }],
    });
  }
  return input.customerId;
}

/**
 * A customer's own order: refused past the pending-order limit (counted under the customer
 * lock, so concurrent orders cannot all fit), else its deadline from the lifetime now in force.
 * Overdue orders no longer count: they are expired, whether or not the sweep has reached them.
 */
async function pendingDeadline(trx: Tx, customerId: number, now: string): Promise<string> {
  const settings = await getSettings(trx);
  const { n } = await trx
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customerId)
    // Literals, so that both databases see the partial index's own condition (0008).
    .where('status', '=', sql.lit('pending'))
    .where('expires_at', 'is not', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  if (Number(n) >= settings.maxPendingOrdersPerCustomer) {
    throw new AppError(
      'too_many_pending_orders',
      409,
      `You already have ${Number(n)} orders waiting for confirmation (at most ${settings.maxPendingOrdersPerCustomer}); wait for one to be confirmed or cancel one`,
    );
  }
  return new Date(Date.parse(now) + settings.pendingOrderLifetimeMinutes * 60_000).toISOString();
}

async function createOrder(
  ctx: AppContext,
  work: Work,
  actor: Actor,
  customerId: number,
  input: PlaceOrderBody,
  meta: RequestMeta,
): Promise<Order> {
  const { trx, now } = work;
  // Orders for one customer run side by side; a credit check, a customer's own order (the
  // pending-order limit) or a deletion waits for them.
  const byCustomer = actor.role === 'customer';
  await lockCustomer(trx, customerId, input.paymentTerms === 'credit' || byCustomer ? 'update' : 'share');
  const customer = await trx
    .selectFrom('customers')
    .select(['id', 'active', 'deleted_at', 'credit_limit_cents'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer || customer.deleted_at !== null) throw notFound('Customer');
  if (customer.active !== 1) throw new AppError('customer_inactive', 409, 'This customer is inactive and cannot order');
  const locationId = await resolveLocation(trx, input.locationId);
  const expiresAt = byCustomer ? await pendingDeadline(trx, customerId, now) : null;

  const lines = mergeLines(input.lines);
  const products = await trx
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'category_id', 'price_cents', 'cost_cents', 'tax_rate_bp', 'active'])
    .where(
      'id',
      'in',
      lines.map((l) => l.productId),
    )
    .execute();
  const byId = new Map(products.map((p) => [p.id, p]));
  const missing = lines.filter((l) => !byId.has(l.productId)).map((l) => l.productId);
  if (missing.length) throw new AppError('not_found', 404, `Product not found: ${missing.join(', ')}`);
  const archived = products.filter((p) => p.active !== 1);
  if (archived.length) {
    throw new AppError(
      'product_archived',
      409,
      `Archived products cannot be ordered: ${archived.map((p) => p.sku).join(', ')}`,
    );
  }

  const discount: Discount | null = !input.discount
    ? null
    : input.discount.type === 'percent'
      ? { type: 'percent', percentBp: Math.round(input.discount.percent * 100) }
      : { type: 'amount', amountCents: input.discount.amountCents };
  const pricing = lines.map((l) => {
    const p = byId.get(l.productId)!;
    return { unitPriceCents: p.price_cents, taxRateBp: p.tax_rate_bp, quantity: l.quantity };
  });
  // Before anything is written: within it every amount of the order (and of its response) is safe.
  if (!withinOrderLimit(pricing)) {
    throw new AppError(
      'amount_too_large',
      422,
      `An order's subtotal (price × quantity of every line) may be at most ${MAX_ORDER_SUBTOTAL_CENTS} cents; split it into several orders`,
    );
  }
  const priced = priceOrder(pricing, discount, input.shippingCents ?? 0);
  if (priced.discountBp > maxDiscountBp(actor.role)) {
    throw new AppError('discount_needs_admin', 403, 'A discount above 20 % needs an admin');
  }
  if (input.paymentTerms === 'credit') {
    const owed = await creditInUseCents(trx, customerId);
    if (owed + priced.totalCents > customer.credit_limit_cents) {
      throw new AppError(
        'credit_limit_exceeded',
        409,
        `Credit limit ${customer.credit_limit_cents} cents; owed and pending ${owed} + this order ${priced.totalCents} exceeds it`,
      );
    }
  }

  const number = await nextNumber(trx, 'ORD', now);
  const order = await trx
    .insertInto('orders')
    .values({
      number,
      customer_id: customerId,
      location_id: locationId,
      status: 'pending',
      payment_terms: input.paymentTerms,
      notes: input.notes ?? null,
      subtotal_cents: priced.subtotalCents,
      discount_cents: priced.discountCents,
      discount_reason: input.discount?.reason ?? null,
      tax_cents: priced.taxCents,
      shipping_cents: priced.shippingCents,
      total_cents: priced.totalCents,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      expires_at: expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const lineRows = await trx
    .insertInto('order_lines')
    .values(
      lines.map((l, i) => {
        const p = byId.get(l.productId)!;
        const pl = priced.lines[i]!;
        return {
          order_id: order.id,
          product_id: p.id,
          sku: p.sku,
          name: p.name,
          category_id: p.category_id,
          quantity: l.quantity,
          unit_price_cents: p.price_cents,
          unit_cost_cents: p.cost_cents,
          tax_rate_bp: p.tax_rate_bp,
          subtotal_cents: pl.subtotalCents,
          discount_cents: pl.discountCents,
          tax_cents: pl.taxCents,
          total_cents: pl.totalCents,
        };
      }),
    )
    .returningAll()
    .execute();
  const history = await trx
    .insertInto('order_history')
    .values({ order_id: order.id, from_status: null, to_status: 'pending', user_id: actor.userId, created_at: now })
    .returningAll()
    .execute();
  // The audit row before the reservation: that locks the products (PostgreSQL) until commit,
  // so the fewer statements after it, the sooner other orders for them go on.
  await recordAudit(trx, {
    actor,
    meta,
    action: 'order.placed',
    entity: 'order',
    entityId: order.id,
    after: { number, customerId, totalCents: order.total_cents, lines },
  });
  await applyStockChanges(
    work,
    lines.map((l) => ({ productId: l.productId, locationId, onHand: 0, reserved: l.quantity, userId: actor.userId })),
  );
  work.emit({
    name: 'order.created',
    payload: { id: order.id, number, customerId, status: 'pending', totalCents: order.total_cents, paidCents: 0 },
  });
  // The response from the rows just written: no reading back.
  return presentOrder(
    order,
    lineRows.sort((a, b) => a.id - b.id),
    history,
    actor.role,
  );
}
