export const PURCHASE_ORDER_STATUSES = ['draft', 'sent', 'partially_received', 'received', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

/** Purchase orders whose outstanding quantities are on their way: the stock screens' "incoming". */
export const OPEN_PURCHASE_ORDER_STATUSES = [
  'sent',
  'partially_received',
] as const satisfies readonly PurchaseOrderStatus[];

/** How a purchase order moves: by someone's action (send, cancel), or by goods arriving. */
export type PurchaseOrderMove = 'action' | 'receipt';

/**
 * The purchase-order workflow: every allowed move and how it is made. Goods can be received
 * only where a `receipt` move leaves the status (so never on a draft, a cancelled or a
 * fully received order); `partially_received` stays so until the last unit arrives.
 */
const TRANSITIONS: Record<PurchaseOrderStatus, Partial<Record<PurchaseOrderStatus, PurchaseOrderMove>>> = {
  draft: { sent: 'action', cancelled: 'action' },
  sent: { partially_received: 'receipt', received: 'receipt', cancelled: 'action' },
  partially_received: { partially_received: 'receipt', received: 'receipt' },
  received: {},
  cancelled: {},
};

export type PurchaseOrderTransitionCheck = { ok: true } | { ok: false; reason: 'invalid_transition' };

/** Whether a purchase order may go from `from` to `to` by this kind of move. */
export function canTransitionPurchaseOrder(
  from: PurchaseOrderStatus,
  to: PurchaseOrderStatus,
  move: PurchaseOrderMove,
): PurchaseOrderTransitionCheck {
  return TRANSITIONS[from][to] === move ? { ok: true } : { ok: false, reason: 'invalid_transition' };
}

/** The moves someone may make from a status, for clients to show the right buttons. */
export function nextPurchaseOrderStatuses(from: PurchaseOrderStatus): PurchaseOrderStatus[] {
  return (Object.entries(TRANSITIONS[from]) as [PurchaseOrderStatus, PurchaseOrderMove][])
    .filter(([, move]) => move === 'action')
    .map(([to]) => to);
}

/** Whether goods may be received against a purchase order in this status. */
export function canReceivePurchaseOrder(status: PurchaseOrderStatus): boolean {
  return Object.values(TRANSITIONS[status]).includes('receipt');
}

export type PurchaseLineProgress = { quantity: number; receivedQuantity: number };

/** What is still to come on a line; an over-received line owes nothing. */
export function outstandingQuantity(line: PurchaseLineProgress): number {
  return Math.max(0, line.quantity - line.receivedQuantity);
}

/** Units of a delivery beyond what the line ordered (zero when it fits). */
export function excessQuantity(line: PurchaseLineProgress, delivered: number): number {
  return Math.max(0, line.receivedQuantity + delivered - Math.max(line.quantity, line.receivedQuantity));
}

/** The status goods leave a purchase order in: received once every line has all it ordered. */
export function statusAfterReceipt(lines: readonly PurchaseLineProgress[]): 'partially_received' | 'received' {
  return lines.every((l) => l.receivedQuantity >= l.quantity) ? 'received' : 'partially_received';
}

/** A purchase order's total at its expected unit costs, in integer cents. */
export function purchaseOrderTotal(lines: readonly { quantity: number; unitCostCents: number }[]): number {
  return lines.reduce((sum, l) => sum + l.quantity * l.unitCostCents, 0);
}
