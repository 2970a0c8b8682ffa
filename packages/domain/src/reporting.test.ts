import { describe, expect, it } from 'vitest';
import { averageCents, creditTaxCents, periodsBetween, periodStart } from './reporting';

describe('report periods', () => {
  it('names weeks by their Monday (ISO weeks) and months by their first day', () => {
    expect(periodStart('2026-11-26', 'day')).toBe('2026-11-26');
    expect(periodStart('2026-11-26', 'week')).toBe('2026-11-23'); // a Thursday
    expect(periodStart('2026-11-23', 'week')).toBe('2026-11-23'); // a Monday
    expect(periodStart('2026-11-29', 'week')).toBe('2026-11-23'); // a Sunday ends the week
    expect(periodStart('2027-01-01', 'week')).toBe('2026-12-28'); // across the year
    expect(periodStart('2026-11-26', 'month')).toBe('2026-11-01');
  });

  it('lists every period touching a range, with no gaps', () => {
    expect(periodsBetween('2026-11-29', '2026-12-02', 'day')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(periodsBetween('2026-11-26', '2026-12-08', 'week')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(periodsBetween('2026-01-31', '2026-03-01', 'month')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(periodsBetween('2026-02-10', '2026-02-10', 'month')).toEqual(['2026-02-01']);
  });
});

describe('sales rules', () => {
  it('splits a return credit into tax and pre-tax parts that add up, whole lines exactly', () => {
    expect(creditTaxCents(1160, 160, 1160)).toBe(160);
    expect(creditTaxCents(387, 160, 1160)).toBe(53);
    expect(creditTaxCents(0, 160, 1160)).toBe(0);
    expect(creditTaxCents(500, 0, 500)).toBe(0);
  });

  it('averages orders half up, and 0 without orders', () => {
    expect(averageCents(1001, 2)).toBe(501);
    expect(averageCents(1000, 3)).toBe(333);
    expect(averageCents(0, 0)).toBe(0);
  });
});
