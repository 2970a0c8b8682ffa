import { describe, expect, it } from 'vitest';
import { alertFor, movingAverageCost, reorderSuggestion } from './inventory';

describe('movingAverageCost', () => {
  it('weights the old cost by stock on hand', () => {
    expect(movingAverageCost(10, 100, 10, 200)).toBe(150);
    expect(movingAverageCost(0, 999, 5, 120)).toBe(120);
  });
  it('rounds half up', () => {
    // (1·100 + 2·101) / 3 = 100.67 → 101; (1·100 + 1·101) / 2 = 100.5 → 101
    expect(movingAverageCost(1, 100, 2, 101)).toBe(101);
    expect(movingAverageCost(1, 100, 1, 101)).toBe(101);
    expect(movingAverageCost(3, 100, 1, 101)).toBe(100);
  });
  it('ignores negative stock and refuses non-positive quantities', () => {
    expect(movingAverageCost(-4, 500, 2, 80)).toBe(80);
    expect(() => movingAverageCost(1, 1, 0, 1)).toThrow(RangeError);
    expect(() => movingAverageCost(1, 1, 1.5, 1)).toThrow(RangeError);
  });
});

describe('alertFor', () => {
  it('opens at the reorder point, not above it, and flags zero as out of stock', () => {
    expect(alertFor(11, 10)).toBeNull();
    expect(alertFor(10, 10)).toBe('low_stock');
    expect(alertFor(1, 10)).toBe('low_stock');
    expect(alertFor(0, 10)).toBe('out_of_stock');
    expect(alertFor(0, 0)).toBe('out_of_stock');
    expect(alertFor(1, 0)).toBeNull();
  });
});

describe('reorderSuggestion', () => {
  it('is zero above the reorder point', () => {
    expect(reorderSuggestion({ available: 11, reorderPoint: 10, reorderQuantity: 5, soldInWindow: 300 })).toBe(0);
  });
  it('covers lead time and safety demand and climbs above the reorder point', () => {
    // 30 sold in 30 days = 1/day; (7 + 7) days → 14, + reorder point 10 + 1 = 25 target; position 4 → 21
    expect(reorderSuggestion({ available: 4, reorderPoint: 10, reorderQuantity: 5, soldInWindow: 30 })).toBe(21);
  });
  it('never suggests less than the reorder quantity', () => {
    expect(reorderSuggestion({ available: 10, reorderPoint: 10, reorderQuantity: 50, soldInWindow: 0 })).toBe(50);
  });
  it('counts incoming stock', () => {
    expect(
      reorderSuggestion({ available: 4, incoming: 30, reorderPoint: 10, reorderQuantity: 5, soldInWindow: 30 }),
    ).toBe(0);
  });
});
