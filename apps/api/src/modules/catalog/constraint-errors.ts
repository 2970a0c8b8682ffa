import { isUniqueViolation } from '../../db/database';
import { AppError } from '../../platform/errors';

/** A foreign key refused the write (SQLite or PostgreSQL). */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** The product unique index a write ran into, told apart by the index name both databases report. */
export function productConflict(err: unknown): AppError | undefined {
  if (!isUniqueViolation(err)) return undefined;
  const { constraint, message } = err as { constraint?: string; message?: string };
  const where = `${constraint ?? ''} ${message ?? ''}`;
  if (where.includes('barcode')) return new AppError('barcode_taken', 409, 'Another product already has this barcode');
  if (where.includes('sku')) return new AppError('sku_taken', 409, 'Another product already has this SKU');
  return new AppError('conflict', 409, 'This conflicts with another product');
}

export const unknownCategory = (path: string) =>
  new AppError('validation_failed', 400, 'The category does not exist', {
    errors: [{ path, message: 'no category with this id' }],
  });

/** What a refused category write means to the caller. */
export function categoryWriteError(err: unknown, name: string | undefined): unknown {
  if (isUniqueViolation(err)) {
    const what = name === undefined ? 'A category with the same name' : `A category named "${name}"`;
    return new AppError('conflict', 409, `${what} already exists under that parent (names ignore case)`);
  }
  if (isForeignKeyViolation(err)) return unknownCategory('body.parentId');
  return err;
}
