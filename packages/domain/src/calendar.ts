/** Calendar days (`YYYY-MM-DD`) and the instants they start at, in an IANA time zone. */
import { TZDate } from '@date-fns/tz';

/** A calendar day, `YYYY-MM-DD`. */
export type Day = string;

// Building a DateTimeFormat costs far more than using one, and localDay runs in every payment and confirmation.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day an instant falls on in an IANA time zone (inventory snapshots are per local day). */
export function localDay(instant: Date, timeZone: string): Day {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** The day `n` days after (or before, when negative) a day. */
export function addDays(day: Day, n: number): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysInRange(from: Day, to: Day): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The UTC instant a local day begins in a time zone (where a DST change skips midnight, the
 * first instant that belongs to the day). Reports turn a range of days into [start, end).
 * `TZDate` (@date-fns/tz, pure Intl, no I/O) does the zone arithmetic; decision 0016.
 */
export function dayStartsAt(day: Day, timeZone: string): Date {
  const start = new TZDate(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), timeZone);
  return new Date(start.getTime());
}
