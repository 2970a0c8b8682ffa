import { describe, expect, it } from 'vitest';
import { addDays, localDay } from './calendar';

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
