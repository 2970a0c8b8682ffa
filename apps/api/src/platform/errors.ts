import type { ErrorCode } from '@bodega/contract';

export type FieldError = { path: string; message: string };

/** The one error type use-cases throw. The error handler turns it into problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details: { errors?: FieldError[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', 404, `${what} not found`);
export const forbidden = (detail = 'You may not do this') => new AppError('forbidden', 403, detail);
export const conflict = (code: ErrorCode, detail: string) => new AppError(code, 409, detail);
