/** Calendar days (`YYYY-MM-DD`) and the instants they start at, in an IANA time zone. */

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

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts['year']),
    Number(parts['month']) - 1,
    Number(parts['day']),
    Number(parts['hour']),
    Number(parts['minute']),
    Number(parts['second']),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The UTC instant a local day begins in a time zone (where a DST change skips midnight, the
 * first instant that belongs to the day). Reports turn a range of days into [start, end).
 */
export function dayStartsAt(day: Day, timeZone: string): Date {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const first = wall - zoneOffsetMs(wall, timeZone);
  const second = wall - zoneOffsetMs(first, timeZone);
  // Equal except across a change of offset near midnight: the earlier candidate still in `day` wins.
  const candidates = [Math.min(first, second), Math.max(first, second)];
  const inDay = candidates.find((t) => new Date(t + zoneOffsetMs(t, timeZone)).toISOString().slice(0, 10) === day);
  return new Date(inDay ?? second);
}
