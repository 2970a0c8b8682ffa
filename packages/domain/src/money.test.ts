import { describe, expect, it } from 'vitest';
import { allocate, applyBasisPoints, mergeLines, priceOrder } from './money';

describe('applyBasisPoints', () => {
  it('rounds half up', () => {
    expect(applyBasisPoints(1000, 1600)).toBe(160);
    expect(applyBasisPoints(5, 1000)).toBe(1); // 0.5 → 1
    expect(applyBasisPoints(4, 1000)).toBe(0); // 0.4 → 0
    expect(applyBasisPoints(15, 1000)).toBe(2); // 1.5 → 2
    expect(applyBasisPoints(0, 2100)).toBe(0);
  });
});

describe('allocate', () => {
  it('never loses or creates a cent', () => {
    for (const [total, weights] of [
      [100, [1, 1, 1]],
      [1, [5, 5]],
      [999, [3, 7, 11, 13]],
      [0, [1, 2]],
      [7, [0, 0, 0]],
    ] as [number, number[]][]) {
      const parts = allocate(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
    }
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });
  it('holds for many random cases', () => {
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    for (let k = 0; k < 500; k++) {
      const weights = Array.from({ length: 1 + rand(8) }, () => rand(100_000));
      const total = rand(1_000_000);
      expect(allocate(total, weights).reduce((a, b) => a + b, 0)).toBe(total);
    }
  });
});

describe('priceOrder', () => {
  it('prices lines, taxes each line half-up and adds shipping untaxed', () => {
    const o = priceOrder(
      [
        { unitPriceCents: 1999, taxRateBp: 1600, quantity: 3 }, // 5997, tax 959.52 → 960
        { unitPriceCents: 250, taxRateBp: 0, quantity: 2 }, // 500
      ],
      null,
      700,
    );
    expect(o).toMatchObject({
      subtotalCents: 6497,
      discountCents: 0,
      taxCents: 960,
      shippingCents: 700,
      totalCents: 8157,
    });
    expect(o.lines.map((l) => l.totalCents)).toEqual([6957, 500]);
  });
  it('spreads a percent discount over the lines and taxes the discounted amounts', () => {
    const o = priceOrder(
      [
        { unitPriceCents: 1000, taxRateBp: 2100, quantity: 1 },
        { unitPriceCents: 3000, taxRateBp: 1000, quantity: 1 },
      ],
      { type: 'percent', percentBp: 1000 },
      0,
    );
    expect(o.discountCents).toBe(400);
    expect(o.lines.map((l) => l.discountCents)).toEqual([100, 300]);
    expect(o.lines.map((l) => l.taxCents)).toEqual([189, 270]);
    expect(o.totalCents).toBe(4000 - 400 + 459);
    expect(o.discountBp).toBe(1000);
    expect(o.lines.reduce((a, l) => a + l.totalCents, 0) + o.shippingCents).toBe(o.totalCents);
  });
  it('caps an amount discount at the subtotal and reports its share', () => {
    const o = priceOrder([{ unitPriceCents: 500, taxRateBp: 0, quantity: 1 }], { type: 'amount', amountCents: 900 }, 0);
    expect(o).toMatchObject({ discountCents: 500, totalCents: 0, discountBp: 10_000 });
  });
});

describe('mergeLines', () => {
  it('adds up repeated products', () => {
    expect(
      mergeLines([
        { productId: 2, quantity: 1 },
        { productId: 1, quantity: 2 },
        { productId: 2, quantity: 4 },
      ]),
    ).toEqual([
      { productId: 2, quantity: 5 },
      { productId: 1, quantity: 2 },
    ]);
  });
});
