/** Every kind of row in the stock movements ledger. */
export const MOVEMENT_TYPES = [
  'receipt',
  'sale',
  'return',
  'adjustment',
  'count',
  'transfer_out',
  'transfer_in',
  'scrap',
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

/** Why stock was adjusted by hand; `other` needs a note. */
export const ADJUSTMENT_REASONS = ['damage', 'loss', 'found', 'count_correction', 'other'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export const ALERT_TYPES = ['low_stock', 'out_of_stock'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * Moving average cost after a receipt, in integer cents, rounded half-up.
 * Stock on hand that was negative or zero carries no weight: the new cost is the receipt's.
 */
export function movingAverageCost(
  onHandBefore: number,
  costBefore: number,
  receivedQty: number,
  unitCost: number,
): number {
  if (!Number.isInteger(receivedQty) || receivedQty <= 0)
    throw new RangeError('received quantity must be a positive integer');
  const weight = Math.max(0, onHandBefore);
  const total = weight * costBefore + receivedQty * unitCost;
  const qty = weight + receivedQty;
  // Half-up on non-negative integers: floor((2·total + qty) / (2·qty)).
  return Math.floor((2 * total + qty) / (2 * qty));
}

/**
 * Which alert a product deserves at a given available quantity: out of stock at zero (or
 * below), low stock at or below the reorder point, none above it.
 */
export function alertFor(available: number, reorderPoint: number): AlertType | null {
  if (available <= 0) return 'out_of_stock';
  if (available <= reorderPoint) return 'low_stock';
  return null;
}

export type ReorderInput = {
  available: number;
  incoming?: number;
  reorderPoint: number;
  reorderQuantity: number;
  /** Units sold over the look-back window. */
  soldInWindow: number;
  windowDays?: number;
  leadTimeDays?: number;
  safetyDays?: number;
};

/**
 * Suggested order quantity for a product at or below its reorder point: enough to cover
 * expected demand over the lead time plus safety stock and to climb back above the reorder
 * point, never less than the product's reorder quantity. Zero when not needed.
 */
export function reorderSuggestion(input: ReorderInput): number {
  const windowDays = input.windowDays ?? 30;
  const leadTime = input.leadTimeDays ?? 7;
  const safety = input.safetyDays ?? 7;
  const position = input.available + (input.incoming ?? 0);
  if (position > input.reorderPoint) return 0;
  const daily = Math.max(0, input.soldInWindow) / windowDays;
  const target = Math.ceil(daily * (leadTime + safety)) + input.reorderPoint + 1;
  return Math.max(input.reorderQuantity, target - position, 1);
}
