import { mulDivHalfUp } from './money';
import { addDays, type Day } from './calendar';

/**
 * Report periods and the few sales rules reports share. Days are calendar days in the
 * installation's time zone; weeks are ISO weeks (Monday first), named by their Monday;
 * months are named by their first day.
 */
export const REPORT_GROUPS = ['day', 'week', 'month'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** The statuses of an order that is a sale: it reached `confirmed` and was not cancelled. */
export const SALE_STATUSES = ['confirmed', 'processing', 'shipped', 'delivered'] as const;

/** The first day of the period `day` falls in. */
export function periodStart(day: Day, group: ReportGroup): Day {
  if (group === 'day') return day;
  if (group === 'month') return `${day.slice(0, 8)}01`;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** Every period touching [from, to], oldest first, each named by its first day (which may precede `from`). */
export function periodsBetween(from: Day, to: Day, group: ReportGroup): Day[] {
  const periods: Day[] = [];
  let day = from;
  while (day <= to) {
    const start = periodStart(day, group);
    if (periods[periods.length - 1] !== start) periods.push(start);
    day = group === 'day' ? addDays(day, 1) : group === 'week' ? addDays(start, 7) : nextMonth(start);
  }
  return periods;
}

function nextMonth(first: Day): Day {
  const date = new Date(`${first}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The tax inside a return credit. A line's credit is a share of its total (tax included); the
 * tax part is the same share of the line's tax, rounded half up, so the pre-tax part is the rest.
 */
export function creditTaxCents(creditCents: number, lineTaxCents: number, lineTotalCents: number): number {
  if (lineTotalCents <= 0 || creditCents <= 0) return 0;
  const tax = mulDivHalfUp(creditCents, lineTaxCents, lineTotalCents);
  return Math.min(tax, creditCents);
}

/** Average order value, rounded half up; 0 with no orders. */
export function averageCents(totalCents: number, orders: number): number {
  return orders > 0 ? Math.floor((2 * totalCents + orders) / (2 * orders)) : 0;
}
