import { canOverrideUnpaidDelivery } from './policy';
import type { Role } from './roles';

export const ORDER_STATUSES = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Orders that still hold stock or await the customer: they block deleting the customer. */
export const OPEN_ORDER_STATUSES = [
  'pending',
  'confirmed',
  'processing',
  'shipped',
] as const satisfies readonly OrderStatus[];

export const PAYMENT_TERMS = ['cash', 'credit'] as const;
export type PaymentTerms = (typeof PAYMENT_TERMS)[number];

/**
 * The order workflow: every allowed move and who may make it. `own` marks a move a customer
 * may make on their own order.
 */
const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderStatus, readonly Role[]>>> = {
  pending: { confirmed: ['admin', 'sales_staff'], cancelled: ['admin', 'sales_staff', 'customer'] },
  confirmed: { processing: ['admin', 'warehouse_manager'], cancelled: ['admin', 'sales_staff'] },
  processing: { shipped: ['admin', 'warehouse_manager'], cancelled: ['admin', 'sales_staff'] },
  shipped: { delivered: ['admin', 'warehouse_manager'] },
  delivered: {},
  cancelled: {},
};

export type TransitionCheck = { ok: true } | { ok: false; reason: 'invalid_transition' | 'forbidden' };

/** Whether `role` may move an order from `from` to `to`. Ownership is the caller's to check. */
export function canTransition(from: OrderStatus, to: OrderStatus, role: Role): TransitionCheck {
  const allowed = TRANSITIONS[from][to];
  if (!allowed) return { ok: false, reason: 'invalid_transition' };
  if (!allowed.includes(role)) return { ok: false, reason: 'forbidden' };
  return { ok: true };
}

/** What the order rules need to know of an order (money in cents). */
export type OrderFacts = Readonly<{
  status: OrderStatus;
  paymentTerms: PaymentTerms;
  totalCents: number;
  paidCents: number;
  /** Credit issued by returns, which counts as paid. */
  creditedCents: number;
}>;

export type OrderMoveCheck =
  { ok: true } | { ok: false; reason: 'invalid_transition' | 'forbidden' | 'order_has_payments' | 'unpaid_cash_order' };

/**
 * Whether `role` may move this order to `to` now, with or without a reason: the table, then
 * the business rules. A cash order goes to `delivered` only when paid in full, or by a role
 * that may override it with a reason. An order with payments cannot be cancelled. Ownership
 * (a customer's own order) is the caller's to check.
 */
export function checkOrderMove(role: Role, order: OrderFacts, to: OrderStatus, reason?: string | null): OrderMoveCheck {
  const table = canTransition(order.status, to, role);
  if (!table.ok) return table;
  if (to === 'cancelled' && order.paidCents > 0) return { ok: false, reason: 'order_has_payments' };
  if (to === 'delivered' && order.paymentTerms === 'cash' && order.paidCents + order.creditedCents < order.totalCents) {
    if (!canOverrideUnpaidDelivery(role) || !reason) return { ok: false, reason: 'unpaid_cash_order' };
  }
  return { ok: true };
}

export type OrderMove = Readonly<{ to: OrderStatus; needsReason: boolean }>;

/** The moves `role` can make on this order now (the buttons to show); `needsReason`: only with a reason. */
export function transitionsFor(role: Role, order: OrderFacts): OrderMove[] {
  return (Object.keys(TRANSITIONS[order.status]) as OrderStatus[]).flatMap((to): OrderMove[] => {
    if (checkOrderMove(role, order, to).ok) return [{ to, needsReason: false }];
    return checkOrderMove(role, order, to, 'reason').ok ? [{ to, needsReason: true }] : [];
  });
}

/** The targets of `transitionsFor`. */
export function nextStatuses(role: Role, order: OrderFacts): OrderStatus[] {
  return transitionsFor(role, order).map((m) => m.to);
}

/** A return is opened by sales, then the goods are received (stock back, credit issued) — or it is cancelled. */
export const RETURN_STATUSES = ['open', 'received', 'cancelled'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
export const RETURN_LINE_CONDITIONS = ['resellable', 'damaged'] as const;
export type ReturnLineCondition = (typeof RETURN_LINE_CONDITIONS)[number];
