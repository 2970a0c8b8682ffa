import { describe, expect, it } from 'vitest';
import { createDedupe } from './dedupe';

describe('the scan dedupe window', () => {
  it('counts a code read twice within the window once', () => {
    const d = createDedupe(1500);
    expect(d.accept('7501234567893', 0)).toBe(true);
    expect(d.accept('7501234567893', 150)).toBe(false);
    expect(d.accept('7501234567893', 1400)).toBe(false);
  });

  it('keeps a code held in front of the camera as one scan, and counts it again once it was away', () => {
    const d = createDedupe(1500);
    expect(d.accept('A', 0)).toBe(true);
    // Read every 150 ms for 3 s: still the same scan (each read extends the window).
    for (let t = 150; t <= 3000; t += 150) expect(d.accept('A', t)).toBe(false);
    expect(d.accept('A', 3000 + 1500)).toBe(true);
  });

  it('counts another code at once, and the first again after it', () => {
    const d = createDedupe(1500);
    expect(d.accept('A', 0)).toBe(true);
    expect(d.accept('B', 100)).toBe(true);
    expect(d.accept('A', 200)).toBe(true);
  });

  it('counts the same code again after a reset', () => {
    const d = createDedupe(1500);
    expect(d.accept('A', 0)).toBe(true);
    d.reset();
    expect(d.accept('A', 10)).toBe(true);
  });
});
