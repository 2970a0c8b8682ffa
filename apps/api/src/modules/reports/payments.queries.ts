import type { PaymentsReport } from '@bodega/contract';
import { PAYMENT_METHODS, periodStart, type PaymentMethod, type ReportGroup } from '@bodega/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { ReportRange } from './report-range';

/**
 * Payments by method and period: recorded ones only (a voided payment never counts, whenever
 * it was voided), on the day they were received. Periods without payments are left out.
 */
export async function paymentsReport(
  db: Db,
  range: ReportRange,
  group: ReportGroup,
  currency: string,
): Promise<PaymentsReport> {
  const rows = await db
    .selectFrom('payments')
    .select([
      'received_at',
      'method',
      sql<number>`count(*)`.as('payments'),
      sql<number>`sum(amount_cents)`.as('amount'),
    ])
    .where('received_at', '>=', range.from)
    .where('received_at', '<=', range.to)
    .where('status', '=', 'recorded')
    .groupBy(['received_at', 'method'])
    .execute();
  const cells = new Map<string, { period: string; method: PaymentMethod; payments: number; amountCents: number }>();
  for (const r of rows) {
    const period = periodStart(r.received_at, group);
    const key = `${period}|${r.method}`;
    const cell = cells.get(key) ?? { period, method: r.method, payments: 0, amountCents: 0 };
    cell.payments += Number(r.payments);
    cell.amountCents += Number(r.amount);
    cells.set(key, cell);
  }
  const methodOrder = (m: PaymentMethod) => PAYMENT_METHODS.indexOf(m);
  const items = [...cells.values()].sort(
    (a, b) => a.period.localeCompare(b.period) || methodOrder(a.method) - methodOrder(b.method),
  );
  const byMethod = PAYMENT_METHODS.map((method) => {
    const mine = items.filter((i) => i.method === method);
    return {
      method,
      payments: mine.reduce((s, i) => s + i.payments, 0),
      amountCents: mine.reduce((s, i) => s + i.amountCents, 0),
    };
  });
  const totals = {
    payments: byMethod.reduce((s, m) => s + m.payments, 0),
    amountCents: byMethod.reduce((s, m) => s + m.amountCents, 0),
  };
  return { ...range, currency, group, items, byMethod, totals };
}
