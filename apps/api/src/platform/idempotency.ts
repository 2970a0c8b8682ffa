import { AppError } from './errors';
import type { Work } from './transaction';

export type IdempotentTarget = { orderId: number } | { paymentId: number };

/**
 * Claims an Idempotency-Key for one request, inside its transaction. Returns null when the
 * key is new (the caller does the work, then `completeKey`), or what the first request made
 * when the same request comes again. Another request under the same key is a 422. On
 * PostgreSQL a concurrent claim of the same key waits here until the first one commits.
 * Keys are per user; `requestHash` should cover the endpoint and the body.
 */
export async function claimKey(
  work: Work,
  userId: number,
  key: string,
  requestHash: string,
): Promise<IdempotentTarget | null> {
  const claimed = await work.trx
    .insertInto('idempotency_keys')
    .values({ user_id: userId, key, request_hash: requestHash, created_at: work.now })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 1) return null;
  const earlier = await work.trx
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'order_id', 'payment_id'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (earlier.request_hash === requestHash) {
    if (earlier.order_id !== null) return { orderId: earlier.order_id };
    if (earlier.payment_id !== null) return { paymentId: earlier.payment_id };
  }
  throw new AppError('idempotency_key_reused', 422, 'This Idempotency-Key was already used for a different request');
}

export async function completeKey(work: Work, userId: number, key: string, target: IdempotentTarget): Promise<void> {
  await work.trx
    .updateTable('idempotency_keys')
    .set('orderId' in target ? { order_id: target.orderId } : { payment_id: target.paymentId })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
}
