/** How long the same code must stay out of sight before it counts again (a camera sees it ~7 times a second). */
export const DEDUPE_WINDOW_MS = 1500;

/**
 * Decides which reads are new scans. A code read again less than `windowMs` after it was last
 * read is the same scan: a barcode held in front of the camera counts once, however long it stays,
 * and counts again after it has been away for the window (or when another code came in between).
 */
export function createDedupe(windowMs = DEDUPE_WINDOW_MS) {
  let lastCode: string | null = null;
  let lastSeen = Number.NEGATIVE_INFINITY;
  return {
    /** Whether this read is a new scan; every read (new or not) extends the window. */
    accept(code: string, now: number): boolean {
      const repeat = code === lastCode && now - lastSeen < windowMs;
      lastCode = code;
      lastSeen = now;
      return !repeat;
    },
    /** Forget the last code (the user asked to scan again). */
    reset(): void {
      lastCode = null;
      lastSeen = Number.NEGATIVE_INFINITY;
    },
  };
}
export type Dedupe = ReturnType<typeof createDedupe>;
