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

/** The moves available from a status, for clients to show the right buttons. */
export function nextStatuses(from: OrderStatus, role: Role): OrderStatus[] {
  return (Object.entries(TRANSITIONS[from]) as [OrderStatus, readonly Role[]][])
    .filter(([, roles]) => roles.includes(role))
    .map(([to]) => to);
}

/** A return is opened by sales, then the goods are received (stock back, credit issued) — or it is cancelled. */
export const RETURN_STATUSES = ['open', 'received', 'cancelled'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
export const RETURN_LINE_CONDITIONS = ['resellable', 'damaged'] as const;
export type ReturnLineCondition = (typeof RETURN_LINE_CONDITIONS)[number];
