import type { DomainEvent } from '@bodega/contract';
import type { Tx } from '../db/database';
import type { AppContext } from './context';

/** A transaction plus the events it will publish if, and only if, it commits. */
export type Work = Readonly<{ trx: Tx; emit(event: DomainEvent): void; now: string }>;

export async function inTransaction<T>(ctx: AppContext, fn: (work: Work) => Promise<T>): Promise<T> {
  const pending: DomainEvent[] = [];
  const now = ctx.now().toISOString();
  const result = await ctx.db.transaction().execute((trx) => fn({ trx, now, emit: (event) => pending.push(event) }));
  for (const event of pending) ctx.events.publish(event);
  return result;
}
