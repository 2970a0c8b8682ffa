export const DEBT_STATUSES = ['open', 'partially_paid', 'paid', 'cancelled'] as const;
export type DebtStatus = (typeof DEBT_STATUSES)[number];
/** A debt with something left to pay: what balances, credit checks, payments and aging count. */
export const OPEN_DEBT_STATUSES = ['open', 'partially_paid'] as const satisfies readonly DebtStatus[];
export const PAYMENT_METHODS = ['cash', 'transfer', 'card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_STATUSES_LEDGER = ['recorded', 'voided'] as const;
export type PaymentState = (typeof PAYMENT_STATUSES_LEDGER)[number];

/** The status a live (not cancelled) debt has for what was paid and credited against it. */
export function debtStatus(amount: number, paid: number, credited: number): Exclude<DebtStatus, 'cancelled'> {
  if (paid + credited >= amount) return 'paid';
  return paid + credited > 0 ? 'partially_paid' : 'open';
}

export type OpenDebt = { id: number; balance: number; dueDate: string };
export type Allocation = { debtId: number; amount: number };

export type AllocationResult =
  | { ok: true; allocations: Allocation[] }
  | { ok: false; reason: 'overpayment' | 'unknown_debt' | 'exceeds_debt' | 'does_not_add_up'; debtId?: number };

/**
 * Spreads a payment over a customer's open debts: oldest due first (then oldest id), or as
 * the caller says. Every cent goes somewhere and nowhere twice: the allocations add up to
 * the payment exactly, and no debt receives more than its balance.
 */
export function allocatePayment(
  amount: number,
  debts: readonly OpenDebt[],
  explicit?: readonly Allocation[],
): AllocationResult {
  if (!Number.isInteger(amount) || amount <= 0) throw new RangeError('payment must be a positive number of cents');
  const open = debts.filter((d) => d.balance > 0);
  if (explicit) {
    const byId = new Map(open.map((d) => [d.id, d]));
    const merged = new Map<number, number>();
    for (const a of explicit) merged.set(a.debtId, (merged.get(a.debtId) ?? 0) + a.amount);
    let sum = 0;
    for (const [debtId, value] of merged) {
      const debt = byId.get(debtId);
      if (!debt) return { ok: false, reason: 'unknown_debt', debtId };
      if (value > debt.balance) return { ok: false, reason: 'exceeds_debt', debtId };
      sum += value;
    }
    if (sum !== amount) return { ok: false, reason: 'does_not_add_up' };
    return { ok: true, allocations: [...merged].map(([debtId, value]) => ({ debtId, amount: value })) };
  }
  const total = open.reduce((a, d) => a + d.balance, 0);
  if (amount > total) return { ok: false, reason: 'overpayment' };
  const ordered = [...open].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id));
  const allocations: Allocation[] = [];
  let left = amount;
  for (const debt of ordered) {
    if (left === 0) break;
    const take = Math.min(left, debt.balance);
    allocations.push({ debtId: debt.id, amount: take });
    left -= take;
  }
  return { ok: true, allocations };
}

export const AGING_BUCKETS = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Whole days from `due` to `today` (both YYYY-MM-DD); positive when overdue. */
export function daysOverdue(due: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000);
}

/** Current (not yet overdue, due today included), then 1–30, 31–60, 61–90 and over 90 days overdue. */
export function agingBucket(due: string, today: string): AgingBucket {
  const days = daysOverdue(due, today);
  if (days <= 0) return 'current';
  if (days <= 30) return 'days1to30';
  if (days <= 60) return 'days31to60';
  if (days <= 90) return 'days61to90';
  return 'over90';
}
