import { describe, expect, it } from 'vitest';
import { difference, markSubmitted, parseSession, recordCount, removeCount, startSession } from './count-session';

const A = { id: 1, sku: 'A-1', name: 'Alpha' };
const B = { id: 2, sku: 'B-1', name: 'Beta' };

describe('a count session', () => {
  it('records one line per product, the latest count replacing an earlier one', () => {
    let s = startSession(3, new Date('2026-01-02T10:00:00Z'));
    s = recordCount(s, A, 5, 'k1');
    s = recordCount(s, B, 2, 'k2');
    s = recordCount(s, A, 7, 'k3');
    expect(s.lines.map((l) => [l.productId, l.counted, l.key])).toEqual([
      [1, 7, 'k3'],
      [2, 2, 'k2'],
    ]);
    expect(removeCount(s, 2).lines.map((l) => l.productId)).toEqual([1]);
  });

  it('marks a line submitted and survives a round trip through storage', () => {
    const s = markSubmitted(recordCount(startSession(3, new Date(0)), A, 5, 'k1'), 1);
    expect(parseSession(JSON.stringify(s))).toEqual(s);
    expect(s.lines[0]?.submitted).toBe(true);
    expect(parseSession('not json')).toBeNull();
    expect(parseSession(null)).toBeNull();
    expect(parseSession('{"lines":"x"}')).toBeNull();
  });

  it('computes the difference counted minus on hand', () => {
    expect(difference(7, 10)).toBe(-3);
    expect(difference(12, 10)).toBe(2);
    expect(difference(3, undefined)).toBeNull();
  });
});
