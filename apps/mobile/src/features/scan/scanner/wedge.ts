/**
 * Keyboard-wedge scanners (USB or Bluetooth) "type" a code, a key every few milliseconds, and
 * press Enter. A person types a key every 100 ms or more. A burst is a run of printable keys each
 * within `maxGapMs` of the previous one, at least `minLength` long, ended by Enter within
 * `maxGapMs` too: that is a scan, whatever has the focus.
 */
export type WedgeOptions = { maxGapMs?: number; minLength?: number };

export const WEDGE_MAX_GAP_MS = 50;
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
  const minLength = options.minLength ?? WEDGE_MIN_LENGTH;
  let buffer = '';
  let last = Number.NEGATIVE_INFINITY;
  return {
    /** Feed one keydown: its `key` (KeyboardEvent.key) and its time in ms. */
    key(key: string, now: number): WedgeResult {
      const fast = now - last <= maxGapMs;
      if (key === 'Enter') {
        const code = buffer;
        buffer = '';
        last = Number.NEGATIVE_INFINITY;
        return fast && code.length >= minLength ? { kind: 'scan', code } : { kind: 'ignored' };
      }
      if (key.length !== 1) return { kind: 'ignored' };
      const starts = !fast;
      buffer = starts ? key : buffer + key;
      last = now;
      return { kind: 'key', starts };
    },
    reset(): void {
      buffer = '';
      last = Number.NEGATIVE_INFINITY;
    },
  };
}
export type Wedge = ReturnType<typeof createWedge>;
