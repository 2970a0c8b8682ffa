/**
 * The largest values Bodega accepts, in one place (docs/decisions/0014-amount-bounds.md).
 * They are chosen so that every amount the API stores or sends — a line, an order, a debt, a
 * balance, a product's stock value, the inventory's value — stays a safe integer
 * (≤ Number.MAX_SAFE_INTEGER ≈ 9.007 × 10^15) with room to spare, and every id fits the
 * 32-bit INTEGER columns that hold it. The contract validates single fields against them;
 * the use-cases refuse (422 `amount_too_large`) what only a sum can exceed.
 */

/** Ids and versions live in INTEGER columns (PostgreSQL: 32-bit signed). */
export const MAX_ID = 2_147_483_647;
export const MAX_VERSION = 2_147_483_647;

/** Units in one order, receipt, return, transfer, adjustment or purchase-order line. */
export const MAX_LINE_QUANTITY = 1_000_000;
/** Units on hand at one (product, location): an INTEGER column, with reserved ≤ on hand. */
export const MAX_ON_HAND = 1_000_000_000;

/** A product's price or cost per unit: 10,000,000.00 in the currency. */
export const MAX_UNIT_PRICE_CENTS = 1_000_000_000;
export const MAX_UNIT_COST_CENTS = 1_000_000_000;
/** One order's subtotal (Σ price × quantity): 1,000,000,000.00. With tax (≤ 100 %) and shipping, a total stays below 2.1 × 10^11. */
export const MAX_ORDER_SUBTOTAL_CENTS = 100_000_000_000;
export const MAX_SHIPPING_CENTS = 100_000_000;

/** A payment, an allocation, a manual debt, a discount amount, a credit limit: 10,000,000,000.00. */
export const MAX_AMOUNT_CENTS = 1_000_000_000_000;
/** What one customer may owe in all (open debts): 100,000,000,000.00. */
export const MAX_CUSTOMER_BALANCE_CENTS = 10_000_000_000_000;

/** One product's stock value, all locations (on hand × cost): 10,000,000,000.00. */
export const MAX_PRODUCT_STOCK_VALUE_CENTS = 1_000_000_000_000;
/** The whole inventory's value (Σ on hand × cost): 10,000,000,000,000.00, a ninth of the safe range. */
export const MAX_INVENTORY_VALUE_CENTS = 1_000_000_000_000_000;

/** `count × each` stays within `max`, computed without leaving the safe range. */
export function fitsWithin(count: number, each: number, max: number): boolean {
  return each <= 0 || count <= Math.floor(max / each);
}
