import { describe, expect, it } from 'vitest';
import {
  fitsWithin,
  MAX_CUSTOMER_BALANCE_CENTS,
  MAX_INVENTORY_VALUE_CENTS,
  MAX_LINE_QUANTITY,
  MAX_ON_HAND,
  MAX_ORDER_SUBTOTAL_CENTS,
  MAX_PRODUCT_STOCK_VALUE_CENTS,
  MAX_SHIPPING_CENTS,
  MAX_UNIT_COST_CENTS,
} from './limits';
import { allocate, applyBasisPoints, mulDivHalfUp, priceOrder, withinOrderLimit } from './money';

describe('limits', () => {
  it('keep the largest order, balance and stock value well inside the safe range', () => {
    const largestOrder = 2 * MAX_ORDER_SUBTOTAL_CENTS + MAX_SHIPPING_CENTS; // tax at most 100 %
    expect(largestOrder * 10).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(MAX_CUSTOMER_BALANCE_CENTS * 100).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(MAX_INVENTORY_VALUE_CENTS * 9).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    // The moving average doubles a product's value plus a receipt line's.
    expect(2 * (MAX_PRODUCT_STOCK_VALUE_CENTS + MAX_LINE_QUANTITY * MAX_UNIT_COST_CENTS)).toBeLessThan(
      Number.MAX_SAFE_INTEGER,
    );
    expect(MAX_ON_HAND + MAX_LINE_QUANTITY).toBeLessThan(2 ** 31);
  });

  it('fitsWithin multiplies without overflowing', () => {
    expect(fitsWithin(1_000, 1_000_000_000, 1_000_000_000_000)).toBe(true);
    expect(fitsWithin(1_001, 1_000_000_000, 1_000_000_000_000)).toBe(false);
    expect(fitsWithin(Number.MAX_SAFE_INTEGER, 0, 1)).toBe(true);
  });

  it('withinOrderLimit stops at the subtotal limit exactly', () => {
    expect(withinOrderLimit([{ unitPriceCents: 1_000_000_000, quantity: 100 }])).toBe(true);
    expect(withinOrderLimit([{ unitPriceCents: 1_000_000_000, quantity: 101 }])).toBe(false);
    expect(
      withinOrderLimit([
        { unitPriceCents: 1_000_000_000, quantity: 60 },
        { unitPriceCents: 1_000_000_000, quantity: 41 },
      ]),
    ).toBe(false);
    expect(withinOrderLimit([{ unitPriceCents: 1_000_000_000, quantity: 1_000_000 }])).toBe(false);
  });
});

describe('exact arithmetic past the safe range', () => {
  it('mulDivHalfUp agrees with BigInt where a × b is unsafe', () => {
    const a = 200_000_000_000;
    const b = 999_999;
    const c = 1_000_000;
    const exact = Number((2n * BigInt(a) * BigInt(b) + BigInt(c)) / (2n * BigInt(c)));
    expect(mulDivHalfUp(a, b, c)).toBe(exact);
    expect(mulDivHalfUp(3, 1, 2)).toBe(2); // 1.5 → 2
    expect(applyBasisPoints(MAX_ORDER_SUBTOTAL_CENTS + 1, 3_333)).toBe(
      Number((BigInt(MAX_ORDER_SUBTOTAL_CENTS + 1) * 2n * 3_333n + 10_000n) / 20_000n),
    );
  });

  it('allocate never loses a cent of a large discount', () => {
    const weights = [MAX_ORDER_SUBTOTAL_CENTS / 3 + 1, MAX_ORDER_SUBTOTAL_CENTS / 3 - 7, 12_345_678_901];
    const total = 99_999_999_999;
    const parts = allocate(total, weights.map(Math.floor));
    expect(parts.reduce((x, y) => x + y, 0)).toBe(total);
    expect(parts.every((p) => Number.isSafeInteger(p) && p >= 0)).toBe(true);
  });

  it('prices the largest order exactly', () => {
    const priced = priceOrder(
      [{ unitPriceCents: 1_000_000_000, taxRateBp: 10_000, quantity: 100 }],
      { type: 'percent', percentBp: 1_999 },
      MAX_SHIPPING_CENTS,
    );
    expect(priced.discountCents).toBe(19_990_000_000);
    expect(priced.taxCents).toBe(MAX_ORDER_SUBTOTAL_CENTS - 19_990_000_000);
    expect(priced.totalCents).toBe(2 * (MAX_ORDER_SUBTOTAL_CENTS - 19_990_000_000) + MAX_SHIPPING_CENTS);
  });
});
