import { ERROR_STATUS, type ErrorCode, type ErrorCodeWithStatus, type ErrorStatus } from '@bodega/contract';

export type FieldError = { path: string; message: string };

/**
 * The one error type use-cases throw. The error handler turns it into problem+json. Its status
 * is the code's own (`ERROR_STATUS` in the contract): a call site that names another status
 * does not compile, and the status sent is always read from the map.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: ErrorStatus<C>;

  constructor(
    readonly code: C,
    status: ErrorStatus<C>,
    message: string,
    readonly details: { errors?: FieldError[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', 404, `${what} not found`);
export const forbidden = (detail = 'You may not do this') => new AppError('forbidden', 403, detail);
export const conflict = (code: ErrorCodeWithStatus<409>, detail: string) => new AppError(code, 409, detail);
