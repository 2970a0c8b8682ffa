/**
 * A fresh `Idempotency-Key` for one user intent (an order about to be placed). Keep it with the
 * intent and send the same key on every retry: the server answers the first result again.
 */
export const idempotencyKey = (): string => globalThis.crypto.randomUUID();

/** The `If-Match` value for a versioned resource (products): a stale version answers 412. */
export const ifMatch = (version: number): string => `"${version}"`;

/** The file name of a `Content-Disposition` header, if it gives one. */
export function fileNameOf(contentDisposition: string | null): string | null {
  if (!contentDisposition) return null;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(contentDisposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(contentDisposition);
  return plain ? (plain[2] ?? plain[1]!).trim() : null;
}
