import type { DomainEvent } from '@bodega/contract';
import type { Tx } from '../db/database';
import type { AppContext } from './context';

/** A transaction plus the events it will publish if, and only if, it commits. */
export type Work = Readonly<{ trx: Tx; emit(event: DomainEvent): void; now: string }>;

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back whole. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

const isRetryable = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && RETRYABLE.has(String((err as { code?: unknown }).code));

/**
 * Runs `fn` in one transaction and publishes its events after the commit. Locks are taken in
 * one order (customer, then debt, then order; stock rows by id), so a deadlock should not
 * happen; if PostgreSQL still picks this transaction as a deadlock's victim, or refuses it as
 * a serialization failure, nothing of it was kept, and it runs again from the start (at most
 * three times, after a short random pause) instead of answering 500.
 */
export async function inTransaction<T>(ctx: AppContext, fn: (work: Work) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const pending: DomainEvent[] = [];
    const now = ctx.now().toISOString();
    try {
      const result = await ctx.db
        .transaction()
        .execute((trx) => fn({ trx, now, emit: (event) => pending.push(event) }));
      for (const event of pending) ctx.events.publish(event);
      return result;
    } catch (err) {
      if (attempt >= ATTEMPTS || !isRetryable(err)) throw err;
      ctx.log.warn({ err, attempt }, 'transaction rolled back by the database (deadlock or serialization); retrying');
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
