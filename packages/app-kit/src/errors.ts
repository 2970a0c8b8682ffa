import { isApiError } from '@bodega/client';
import type { TFunction } from 'i18next';

/** A failure in the user's language: the API's code (`errors.<code>`), or "unreachable". */
export function errorText(t: TFunction, error: unknown): string {
  if (isApiError(error)) return t(`errors.${error.code}`, { defaultValue: t('errors.unknown') });
  if (error instanceof TypeError) return t('errors.network');
  return t('errors.unknown');
}

/** Known machine-readable messages the API puts in `errors[].message`. */
const MESSAGE_KEYS: Record<string, string> = { password_too_weak: 'validation.password_too_weak' };

/**
 * A `validation_failed` problem as form errors: `{ email: 'Invalid…' }` for `body.email`
 * (`prefix` strips the part of the path the form does not have). Messages are translated where
 * they are codes; anything else reads "check this value" in the user's language.
 */
export function fieldErrors(t: TFunction, error: unknown, prefix = 'body.'): Record<string, string> {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const { path, message } of error.errors) {
    const field = path.startsWith(prefix) ? path.slice(prefix.length) : path;
    out[field] ??= t(MESSAGE_KEYS[message] ?? 'validation.invalid');
  }
  return out;
}

type Issue = { code: string; path: PropertyKey[]; message: string; minimum?: unknown; maximum?: unknown };

/**
 * A zod `safeParse` failure (the contract's own schema, run in the form before sending) as form
 * errors in the user's language: `{ 'lines.0.quantity': 'Must be at least 1' }`.
 */
export function zodErrors(t: TFunction, issues: readonly Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    const key =
      MESSAGE_KEYS[issue.message] ??
      (issue.code === 'too_small' || issue.code === 'too_big' ? `validation.${issue.code}` : 'validation.invalid');
    out[field] ??= t(key, { min: issue.minimum, max: issue.maximum });
  }
  return out;
}
