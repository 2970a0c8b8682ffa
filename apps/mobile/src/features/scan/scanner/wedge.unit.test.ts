import { describe, expect, it } from 'vitest';
import { createWedge, type Wedge } from './wedge';

/** Types `text` one key every `gap` ms from `start`, then Enter after `enterGap`; the last result. */
function type(w: Wedge, text: string, gap: number, start = 1000, enterGap = gap) {
  let t = start;
  const results = [];
  for (const key of text) {
    results.push(w.key(key, t));
    t += gap;
  }
  return { results, enter: w.key('Enter', t - gap + enterGap), end: t - gap + enterGap };
}

describe('keyboard-wedge burst detection', () => {
  it('reads a fast burst ended by Enter as a scan', () => {
    const w = createWedge();
    const { results, enter } = type(w, '7501234567893', 8);
    expect(results[0]).toEqual({ kind: 'key', starts: true });
    expect(results.slice(1).every((r) => r.kind === 'key' && !r.starts)).toBe(true);
    expect(enter).toEqual({ kind: 'scan', code: '7501234567893' });
  });

  it('leaves human typing alone, even a very fast typist', () => {
    expect(type(createWedge(), '7501234567893', 120).enter).toEqual({ kind: 'ignored' });
    expect(type(createWedge(), '7501234567893', 85).enter).toEqual({ kind: 'ignored' });
  });

  it('still reads a scanner whose keys a busy phone delivers in clumps', () => {
    const w = createWedge();
    const gaps = [69, 24, 29, 26, 89, 127, 51, 34];
    let t = 1000;
    for (const [i, key] of [...'WH-C-0001'].entries()) {
      w.key(key, t);
      t += gaps[i] ?? 40;
    }
    expect(w.key('Enter', t)).toEqual({ kind: 'scan', code: 'WH-C-0001' });
  });

  it('breaks the run at a pause longer than a scanner ever makes', () => {
    const w = createWedge();
    for (const [i, key] of [...'1234'].entries()) w.key(key, i * 10);
    expect(w.key('5', 400)).toEqual({ kind: 'key', starts: true });
  });

  it('needs the Enter to come fast too', () => {
    const w = createWedge();
    expect(type(w, 'ABC-1234', 10, 1000, 400).enter).toEqual({ kind: 'ignored' });
  });

  it('ignores bursts shorter than the minimum (a key rolled over another)', () => {
    const w = createWedge({ minLength: 4 });
    expect(type(w, '12', 10).enter).toEqual({ kind: 'ignored' });
  });

  it('starts a new burst after a pause, dropping what a person typed before it', () => {
    const w = createWedge();
    type(w, '12', 200, 0, 0);
    // (that Enter ended nothing) — now a person types "9", waits, and the scanner fires.
    w.key('9', 5000);
    const { results, enter } = type(w, 'SKU-778', 6, 5600);
    expect(results[0]).toEqual({ kind: 'key', starts: true });
    expect(enter).toEqual({ kind: 'scan', code: 'SKU-778' });
  });

  it('lets Shift and other named keys through without breaking the burst', () => {
    const w = createWedge();
    w.key('Shift', 0);
    w.key('A', 2);
    w.key('Shift', 4);
    w.key('B', 6);
    w.key('1', 12);
    w.key('2', 18);
    expect(w.key('Enter', 24)).toEqual({ kind: 'scan', code: 'AB12' });
  });

  it('forgets a burst on reset', () => {
    const w = createWedge();
    for (const [i, k] of [...'12345'].entries()) w.key(k, i * 5);
    w.reset();
    expect(w.key('Enter', 30)).toEqual({ kind: 'ignored' });
  });
});
