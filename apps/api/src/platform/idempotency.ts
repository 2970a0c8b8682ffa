import { createHash } from 'node:crypto';
import { parseJson } from '../db/database';
import { AppError } from './errors';
import type { Work } from './transaction';

/**
 * What a key stands for: the order or payment it made (a replay answers it as it is now), or
 * the first answer itself, kept whole (a stock operation's levels are the figures of that
 * moment, so a replay must not read them again).
 */
export type IdempotentTarget = { orderId: number } | { paymentId: number } | { response: unknown };

/** The hash `claimKey` compares: the endpoint and the validated body (and what else names the request). */
export function requestHash(endpoint: string, input: object): string {
  return createHash('sha256')
    .update(JSON.stringify({ endpoint, ...input }))
    .digest('hex');
}

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
    .select(['request_hash', 'order_id', 'payment_id', 'response'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (earlier.request_hash === requestHash) {
    if (earlier.order_id !== null) return { orderId: earlier.order_id };
    if (earlier.payment_id !== null) return { paymentId: earlier.payment_id };
    if (earlier.response !== null) return { response: parseJson(earlier.response) };
  }
  throw new AppError('idempotency_key_reused', 422, 'This Idempotency-Key was already used for a different request');
}

export async function completeKey(work: Work, userId: number, key: string, target: IdempotentTarget): Promise<void> {
  await work.trx
    .updateTable('idempotency_keys')
    .set(
      'orderId' in target
        ? { order_id: target.orderId }
        : 'paymentId' in target
          ? { payment_id: target.paymentId }
          : { response: JSON.stringify(target.response) },
    )
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
}

export type Outcome<T> = { result: T; replayed: boolean };

/**
 * Runs `run` once per Idempotency-Key, in the caller's transaction, and keeps its answer: the
 * same request again under the key gets that first answer back (`replayed`) and changes
 * nothing; another request under it is a 422. Without a key, `run` simply runs.
 */
export async function runOnce<T>(
  work: Work,
  userId: number,
  key: string | undefined,
  hash: string,
  run: () => Promise<T>,
): Promise<Outcome<T>> {
  if (!key) return { result: await run(), replayed: false };
  const earlier = await claimKey(work, userId, key, hash);
  if (earlier && 'response' in earlier) return { result: earlier.response as T, replayed: true };
  const result = await run();
  await completeKey(work, userId, key, { response: result });
  return { result, replayed: false };
}
