import { MAX_ID } from '@bodega/domain';
import { AppError } from './errors';

/** Keyset cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, isValid: (value: unknown) => value is T): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 400, 'The cursor is not valid', {
    errors: [{ path: 'querystring.cursor', message: 'not a cursor this list gave out' }],
  });
}

/** An id in a cursor: within the INTEGER columns it is compared with (decision 0014). */
export const isPositiveInt = (v: unknown): v is number =>
  Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= MAX_ID;
/** An id or 0 (before the first row). */
export const isIdOrZero = (v: unknown): v is number => v === 0 || isPositiveInt(v);

/** Takes `limit + 1` rows and turns them into a page. */
export function toPage<Row, Item>(rows: Row[], limit: number, map: (row: Row) => Item, key: (row: Row) => unknown) {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}
