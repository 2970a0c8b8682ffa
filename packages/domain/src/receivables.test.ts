import { describe, expect, it } from 'vitest';
import { OPEN_DEBT_STATUSES, agingBucket, allocatePayment, daysOverdue, debtStatus } from './receivables';

const debts = [
  { id: 3, balance: 500, dueDate: '2026-03-01' },
  { id: 1, balance: 1000, dueDate: '2026-01-15' },
  { id: 2, balance: 250, dueDate: '2026-01-15' },
];

describe('allocatePayment', () => {
  it('pays the oldest due first, ties by id', () => {
    expect(allocatePayment(1100, debts)).toEqual({
      ok: true,
      allocations: [
        { debtId: 1, amount: 1000 },
        { debtId: 2, amount: 100 },
      ],
    });
  });
  it('refuses to pay more than is owed', () => {
    expect(allocatePayment(1751, debts)).toEqual({ ok: false, reason: 'overpayment' });
    expect(allocatePayment(1750, debts)).toMatchObject({ ok: true });
  });
  it('follows explicit allocations that add up and fit', () => {
    expect(
      allocatePayment(600, debts, [
        { debtId: 3, amount: 500 },
        { debtId: 2, amount: 100 },
      ]),
    ).toMatchObject({ ok: true });
    expect(allocatePayment(600, debts, [{ debtId: 3, amount: 600 }])).toEqual({
      ok: false,
      reason: 'exceeds_debt',
      debtId: 3,
    });
    expect(allocatePayment(600, debts, [{ debtId: 3, amount: 500 }])).toEqual({ ok: false, reason: 'does_not_add_up' });
    expect(allocatePayment(10, debts, [{ debtId: 9, amount: 10 }])).toEqual({
      ok: false,
      reason: 'unknown_debt',
      debtId: 9,
    });
  });
  it('never loses or creates a cent, whatever the amounts', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    for (let k = 0; k < 500; k++) {
      const ds = Array.from({ length: 1 + rand(6) }, (_, i) => ({
        id: i + 1,
        balance: rand(10_000),
        dueDate: `2026-0${1 + rand(9)}-1${rand(9)}`,
      }));
      const owed = ds.reduce((a, d) => a + d.balance, 0);
      if (owed === 0) continue;
      const amount = 1 + rand(owed);
      const r = allocatePayment(amount, ds);
      if (!r.ok) throw new Error('should fit');
      expect(r.allocations.reduce((a, x) => a + x.amount, 0)).toBe(amount);
      for (const a of r.allocations) expect(a.amount).toBeLessThanOrEqual(ds.find((d) => d.id === a.debtId)!.balance);
    }
  });
});

describe('debtStatus', () => {
  it('follows what was paid and credited', () => {
    expect(debtStatus(100, 0, 0)).toBe('open');
    expect(debtStatus(100, 40, 0)).toBe('partially_paid');
    expect(debtStatus(100, 40, 60)).toBe('paid');
  });

  it('is an open status exactly while something is left to pay', () => {
    for (const [paid, credited] of [
      [0, 0],
      [40, 0],
      [0, 99],
      [40, 59],
      [40, 60],
      [100, 0],
      [70, 70],
    ] as const) {
      expect((OPEN_DEBT_STATUSES as readonly string[]).includes(debtStatus(100, paid, credited))).toBe(
        paid + credited < 100,
      );
    }
  });
});

describe('aging', () => {
  it('puts each boundary in its bucket', () => {
    const today = '2026-11-26';
    expect(daysOverdue('2026-11-25', today)).toBe(1);
    expect(agingBucket('2026-11-27', today)).toBe('current');
    expect(agingBucket('2026-11-26', today)).toBe('current');
    expect(agingBucket('2026-11-25', today)).toBe('days1to30');
    expect(agingBucket('2026-10-27', today)).toBe('days1to30'); // 30 days
    expect(agingBucket('2026-10-26', today)).toBe('days31to60'); // 31
    expect(agingBucket('2026-09-27', today)).toBe('days31to60'); // 60
    expect(agingBucket('2026-09-26', today)).toBe('days61to90'); // 61
    expect(agingBucket('2026-08-28', today)).toBe('days61to90'); // 90
    expect(agingBucket('2026-08-27', today)).toBe('over90'); // 91
  });
});
