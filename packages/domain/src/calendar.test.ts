import { describe, expect, it } from 'vitest';
import { addDays, dayStartsAt, daysInRange, localDay } from './calendar';

describe('localDay', () => {
  const instant = new Date('2026-11-27T03:30:00Z');
  it('is the UTC date in UTC', () => {
    expect(localDay(instant, 'UTC')).toBe('2026-11-27');
  });
  it('follows the installation time zone across midnight', () => {
    expect(localDay(instant, 'America/Mexico_City')).toBe('2026-11-26');
    expect(localDay(instant, 'Asia/Tokyo')).toBe('2026-11-27');
    expect(localDay(new Date('2026-12-31T10:30:00Z'), 'Pacific/Kiritimati')).toBe('2027-01-01');
  });
});

describe('addDays', () => {
  it('crosses months, years and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-11-27', -89)).toBe('2026-08-30');
  });
});

describe('daysInRange', () => {
  it('counts both ends', () => {
    expect(daysInRange('2026-02-27', '2026-03-01')).toBe(3);
  });
});

describe('dayStartsAt', () => {
  it('finds when a local day starts in UTC, DST included', () => {
    expect(dayStartsAt('2026-11-26', 'UTC').toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(dayStartsAt('2026-11-26', 'America/Mexico_City').toISOString()).toBe('2026-11-26T06:00:00.000Z');
    expect(dayStartsAt('2026-07-01', 'Europe/Madrid').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(dayStartsAt('2026-01-01', 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
    // Santiago moves its clocks at midnight: the day starts at 01:00 local, one instant after 23:59:59.
    for (const day of ['2026-04-05', '2026-09-06', '2026-03-15']) {
      const start = dayStartsAt(day, 'America/Santiago');
      expect(localDay(start, 'America/Santiago')).toBe(day);
      expect(localDay(new Date(start.getTime() - 1000), 'America/Santiago')).not.toBe(day);
    }
  });
});
