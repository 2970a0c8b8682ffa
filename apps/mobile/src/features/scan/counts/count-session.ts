/**
 * A count session kept on the device: the location being counted and, per product, the quantity
 * found. It survives a reload (localStorage) until it is submitted or discarded. Each line keeps
 * the Idempotency-Key its count is sent with, so a retry after a lost answer is not counted twice.
 */
export type CountLine = {
  productId: number;
  sku: string;
  name: string;
  counted: number;
  key: string;
  /** Sent and recorded by the server. */
  submitted: boolean;
};

export type CountSession = { locationId: number; startedAt: string; lines: CountLine[] };

export const COUNT_SESSION_KEY = 'bodega.mobile.count-session';

export function startSession(locationId: number, now: Date): CountSession {
  return { locationId, startedAt: now.toISOString(), lines: [] };
}

/** Records what was counted for a product (a second count of the same product replaces the first). */
export function recordCount(
  session: CountSession,
  product: { id: number; sku: string; name: string },
  counted: number,
  key: string,
): CountSession {
  const rest = session.lines.filter((l) => l.productId !== product.id);
  const line: CountLine = {
    productId: product.id,
    sku: product.sku,
    name: product.name,
    counted,
    key,
    submitted: false,
  };
  return { ...session, lines: [line, ...rest] };
}

export function removeCount(session: CountSession, productId: number): CountSession {
  return { ...session, lines: session.lines.filter((l) => l.productId !== productId) };
}

export function markSubmitted(session: CountSession, productId: number): CountSession {
  return { ...session, lines: session.lines.map((l) => (l.productId === productId ? { ...l, submitted: true } : l)) };
}

/** Counted minus on hand: what the count movement will record (null while on hand is unknown). */
export function difference(counted: number, onHand: number | undefined): number | null {
  return onHand === undefined ? null : counted - onHand;
}

/** The stored session, or null when there is none or it is unreadable. */
export function parseSession(raw: string | null): CountSession | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as CountSession;
    return Number.isInteger(s.locationId) && Array.isArray(s.lines) ? s : null;
  } catch {
    return null;
  }
}
