/**
 * Money is integer minor units ("cents"). Rounding is half-up on non-negative amounts, per
 * line; shares of a total are split by largest remainder so that no cent is lost or made.
 */

import { MAX_ORDER_SUBTOTAL_CENTS } from './limits';

/**
 * `a × b / c` rounded half up — `floor((2·a·b + c) / (2·c))` — exact for any safe integers
 * a, b ≥ 0 and c > 0, also when the product `a × b` is beyond the safe range.
 */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  const twice = 2 * a * b + c;
  if (Number.isSafeInteger(twice)) return Math.floor(twice / (2 * c));
  return Number((2n * BigInt(a) * BigInt(b) + BigInt(c)) / (2n * BigInt(c)));
}

/** `amount × bp / 10 000`, rounded half up (amount ≥ 0). */
export function applyBasisPoints(amount: number, bp: number): number {
  return mulDivHalfUp(amount, bp, 10_000);
}

/**
 * Splits `total` in proportion to `weights`. The parts add up to `total` exactly; leftover
 * cents go to the largest remainders (earlier index first on ties).
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum === 0)
    return allocate(
      total,
      weights.map(() => 1),
    );
  // In integers (total × weight can pass the safe range): each part's floor and its remainder.
  const big = BigInt(total);
  const divisor = BigInt(sum);
  const parts = weights.map((w) => Number((big * BigInt(w)) / divisor));
  const remainders = weights.map((w) => (big * BigInt(w)) % divisor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = remainders.map((r, i) => ({ i, r })).sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

export type PricedLineInput = { unitPriceCents: number; taxRateBp: number; quantity: number };
export type Discount = { type: 'percent'; percentBp: number } | { type: 'amount'; amountCents: number };

export type PricedLine = PricedLineInput & {
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
};

export type PricedOrder = {
  lines: PricedLine[];
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  shippingCents: number;
  totalCents: number;
  /** The discount as basis points of the subtotal (for the "over 20 % needs an admin" rule). */
  discountBp: number;
};

/**
 * Prices an order from catalog prices (tax-exclusive). The order discount is spread over the
 * lines in proportion to their subtotals; each line's tax is on its discounted amount,
 * rounded half-up per line. Shipping carries no tax.
 */
export function priceOrder(
  lines: readonly PricedLineInput[],
  discount: Discount | null,
  shippingCents: number,
): PricedOrder {
  const subtotals = lines.map((l) => l.unitPriceCents * l.quantity);
  const subtotal = subtotals.reduce((a, b) => a + b, 0);
  const discountTotal = !discount
    ? 0
    : discount.type === 'percent'
      ? applyBasisPoints(subtotal, discount.percentBp)
      : Math.min(discount.amountCents, subtotal);
  const shares = allocate(discountTotal, subtotals);
  const priced = lines.map((l, i) => {
    const net = subtotals[i]! - shares[i]!;
    const tax = applyBasisPoints(net, l.taxRateBp);
    return { ...l, subtotalCents: subtotals[i]!, discountCents: shares[i]!, taxCents: tax, totalCents: net + tax };
  });
  const tax = priced.reduce((a, l) => a + l.taxCents, 0);
  return {
    lines: priced,
    subtotalCents: subtotal,
    discountCents: discountTotal,
    taxCents: tax,
    shippingCents,
    totalCents: subtotal - discountTotal + tax + shippingCents,
    discountBp: subtotal === 0 ? 0 : Math.ceil((discountTotal * 10_000) / subtotal),
  };
}

/**
 * Whether an order's lines stay within what one order may be (MAX_ORDER_SUBTOTAL_CENTS): then
 * every line, discount, tax and total priceOrder derives from them is a safe integer.
 */
export function withinOrderLimit(lines: readonly { unitPriceCents: number; quantity: number }[]): boolean {
  let left = MAX_ORDER_SUBTOTAL_CENTS;
  for (const l of lines) {
    if (l.unitPriceCents > 0 && l.quantity > Math.floor(left / l.unitPriceCents)) return false;
    left -= l.unitPriceCents * l.quantity;
  }
  return true;
}

/** Merges repeated products, keeping the first occurrence's position. */
export function mergeLines<L extends { productId: number; quantity: number }>(lines: readonly L[]): L[] {
  const merged = new Map<number, L>();
  for (const line of lines) {
    const seen = merged.get(line.productId);
    merged.set(line.productId, seen ? { ...seen, quantity: seen.quantity + line.quantity } : { ...line });
  }
  return [...merged.values()];
}
