import type { TFunction } from 'i18next';
import type { QueuedOrder } from './queue';

/** The server's reason for refusing a queued order, in the user's language, with the short lines. */
export function refusalText(t: TFunction, entry: QueuedOrder): string[] {
  const refusal = entry.refusal;
  if (!refusal) return [];
  const out = [t(`errors.${refusal.code}`, { defaultValue: t('errors.unknown') })];
  for (const s of refusal.shortages ?? []) {
    const name = entry.lines.find((l) => l.productId === s.productId)?.name ?? `#${s.productId}`;
    out.push(t('cart.queue.shortage', { name, available: s.available ?? 0 }));
  }
  return out;
}
