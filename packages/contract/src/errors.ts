import * as z from 'zod';

/**
 * Every stable error code the API can answer with, and the one HTTP status it always travels
 * with. Clients switch on the code, never on text; `AppError` and `sendProblem` take the status
 * from here (a call with another status does not compile).
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  malformed_request: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  uri_too_long: 414,
  unauthenticated: 401,
  /** Login with a wrong email or password. */
  invalid_credentials: 401,
  /** A signed-in user's current password, given to change it, is wrong. */
  current_password_incorrect: 403,
  /** An access or refresh token, or the session behind it, is not (or no longer) valid. */
  invalid_token: 401,
  /** A password-reset token is unknown, used or expired. */
  invalid_reset_token: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  precondition_failed: 412,
  precondition_required: 428,
  rate_limited: 429,
  too_many_login_attempts: 429,
  last_admin: 409,
  role_change_not_allowed: 409,
  insufficient_stock: 409,
  category_in_use: 409,
  sku_taken: 409,
  barcode_taken: 409,
  invalid_image: 400,
  import_failed: 422,
  location_in_use: 409,
  same_location: 400,
  product_archived: 409,
  customer_has_obligations: 409,
  customer_inactive: 409,
  invalid_transition: 409,
  credit_limit_exceeded: 409,
  discount_needs_admin: 403,
  idempotency_key_reused: 422,
  order_has_payments: 409,
  unpaid_cash_order: 409,
  order_expired: 409,
  too_many_pending_orders: 409,
  return_not_allowed: 409,
  overpayment: 409,
  payment_voided: 409,
  internal_error: 500,
  service_unavailable: 503,
  alert_resolved: 409,
  category_cycle: 409,
  supplier_in_use: 409,
  supplier_inactive: 409,
  purchase_order_not_editable: 409,
  purchase_order_not_receivable: 409,
  over_receipt: 409,
  email_unavailable: 409,
  /** An amount, or a sum it would join, beyond what Bodega can keep exact (decision 0014). */
  amount_too_large: 422,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
/** The status of a code; for a union of codes, the union of their statuses. */
export type ErrorStatus<C extends ErrorCode = ErrorCode> = (typeof ERROR_STATUS)[C];
/** The codes that answer with status `S` (e.g. every 409 code). */
export type ErrorCodeWithStatus<S extends number> = {
  [C in ErrorCode]: ErrorStatus<C> extends S ? C : never;
}[ErrorCode];

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.enum(ERROR_CODES),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** With a password refused as `password_too_weak`: zxcvbn's warning and suggestion keys. */
    passwordFeedback: z.object({ warning: z.string().nullable(), suggestions: z.array(z.string()) }).optional(),
    /** With `insufficient_stock`: each short line. */
    shortages: z
      .array(
        z.object({
          productId: z.number().int(),
          locationId: z.number().int(),
          requested: z.number().int(),
          available: z.number().int(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof problemSchema>;

/** The problem answers any route may give, for the OpenAPI document. */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  429: problemSchema,
} as const;
