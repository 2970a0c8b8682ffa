import type { ErrorCode, Problem } from '@bodega/contract';

/**
 * `unexpected_response` is the client's own: an answer that is not a Bodega problem (a proxy's
 * HTML error page, an empty 502). Everything else comes from packages/contract/src/errors.ts.
 */
export type ApiErrorCode = ErrorCode | 'unexpected_response';
export type FieldError = NonNullable<Problem['errors']>[number];
export type Shortage = NonNullable<Problem['shortages']>[number];

const isProblem = (body: unknown): body is Problem =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { code?: unknown }).code === 'string' &&
  typeof (body as { status?: unknown }).status === 'number';

/** An RFC 9457 problem answered by the API (or a response that should have been one). */
export class BodegaApiError extends Error {
  override readonly name = 'BodegaApiError';
  readonly status: number;
  readonly code: ApiErrorCode;
  /** With `validation_failed` (and `import_failed`): one entry per problem, `path` like `body.lines.0`. */
  readonly errors: FieldError[];
  /** With `insufficient_stock`: every short line. */
  readonly shortages: Shortage[];
  readonly requestId: string | undefined;
  readonly problem: Problem | undefined;

  constructor(status: number, body: unknown) {
    const problem = isProblem(body) ? body : undefined;
    super(problem?.detail ?? problem?.title ?? `The API answered ${status}`);
    this.status = status;
    this.problem = problem;
    this.code = problem?.code ?? 'unexpected_response';
    this.errors = problem?.errors ?? [];
    this.shortages = problem?.shortages ?? [];
    this.requestId = problem?.requestId;
  }

  /** The first message per field path, for forms: `{ 'body.email': 'Invalid email' }`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { path, message } of this.errors) out[path] ??= message;
    return out;
  }
}

export const isApiError = (err: unknown, code?: ApiErrorCode): err is BodegaApiError =>
  err instanceof BodegaApiError && (code === undefined || err.code === code);

type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * The data of an openapi-fetch call, or a thrown BodegaApiError: for TanStack Query's
 * `queryFn`, and wherever a failure should not be silently ignored.
 */
export async function unwrap<R extends Result>(call: Promise<R>): Promise<NonNullable<R['data']>> {
  const { data, error, response } = await call;
  if (!response.ok) throw new BodegaApiError(response.status, error);
  return data as NonNullable<R['data']>;
}
