/**
 * Keyboard-wedge scanners (USB or Bluetooth) "type" a code, a key every few milliseconds, and
 * press Enter. A person types a key every 100 ms or more (80 ms at an exceptional 150 words a
 * minute). A busy phone delivers a scanner's keys in clumps, so single gaps vary; the mean does
 * not. A burst is a run of printable keys with no pause longer than `maxGapMs`, at least
 * `minLength` long, ended by Enter (also within `maxGapMs`), whose mean gap (Enter included) is at
 * most `maxMeanGapMs`: that is a scan, whatever has the focus.
 */
export type WedgeOptions = { maxGapMs?: number; maxMeanGapMs?: number; minLength?: number };

export const WEDGE_MAX_GAP_MS = 150;
export const WEDGE_MAX_MEAN_GAP_MS = 70;
export const WEDGE_MIN_LENGTH = 4;

export type WedgeResult =
  /** Enter ended a burst: a scan of `code`. */
  | { kind: 'scan'; code: string }
  /** A printable key: `starts` when it begins a new run (the caller snapshots the field). */
  | { kind: 'key'; starts: boolean }
  /** Anything else (Enter after human typing, Shift, arrows…). */
  | { kind: 'ignored' };

export function createWedge(options: WedgeOptions = {}) {
  const maxGapMs = options.maxGapMs ?? WEDGE_MAX_GAP_MS;
  const maxMeanGapMs = options.maxMeanGapMs ?? WEDGE_MAX_MEAN_GAP_MS;
  const minLength = options.minLength ?? WEDGE_MIN_LENGTH;
  let buffer = '';
  let first = 0;
  let last = Number.NEGATIVE_INFINITY;
  const reset = () => {
    buffer = '';
    last = Number.NEGATIVE_INFINITY;
  };
  return {
    /** Feed one keydown: its `key` (KeyboardEvent.key) and its time in ms. */
    key(key: string, now: number): WedgeResult {
      const close = now - last <= maxGapMs;
      if (key === 'Enter') {
        const code = buffer;
        const mean = (now - first) / Math.max(1, code.length);
        reset();
        return close && code.length >= minLength && mean <= maxMeanGapMs ? { kind: 'scan', code } : { kind: 'ignored' };
      }
      if (key.length !== 1) return { kind: 'ignored' };
      const starts = !close;
      if (starts) {
        buffer = key;
        first = now;
      } else buffer += key;
      last = now;
      return { kind: 'key', starts };
    },
    reset,
  };
}
export type Wedge = ReturnType<typeof createWedge>;
