import { z } from 'zod';

/** Every stable error code the API can answer with. Clients switch on these, never on text. */
export const ERROR_CODES = [
  'validation_failed',
  'malformed_request',
  'unsupported_media_type',
  'payload_too_large',
  'unauthenticated',
  'invalid_credentials',
  'invalid_token',
  'forbidden',
  'not_found',
  'conflict',
  'email_taken',
  'precondition_failed',
  'precondition_required',
  'rate_limited',
  'too_many_login_attempts',
  'last_admin',
  'role_change_not_allowed',
  'insufficient_stock',
  'category_in_use',
  'sku_taken',
  'barcode_taken',
  'invalid_image',
  'import_failed',
  'location_in_use',
  'same_location',
  'product_archived',
  'customer_has_obligations',
  'customer_inactive',
  'invalid_transition',
  'credit_limit_exceeded',
  'discount_needs_admin',
  'idempotency_key_reused',
  'order_has_payments',
  'unpaid_cash_order',
  'order_expired',
  'too_many_pending_orders',
  'return_not_allowed',
  'overpayment',
  'payment_voided',
  'internal_error',
  'service_unavailable',
  'alert_resolved',
  'category_cycle',
  'supplier_in_use',
  'supplier_inactive',
  'purchase_order_not_editable',
  'purchase_order_not_receivable',
  'over_receipt',
  'email_unavailable',
  /** 422: an amount, or a sum it would join, beyond what Bodega can keep exact (decision 0014). */
  'amount_too_large',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

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
