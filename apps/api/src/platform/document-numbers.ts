import { sql } from 'kysely';
import { dbKind, type Tx } from '../db/database';

type Counter = 'order_number' | 'return_number' | 'purchase_order_number';

const COUNTERS: Record<'ORD' | 'RET' | 'PO', Counter> = {
  ORD: 'order_number',
  RET: 'return_number',
  PO: 'purchase_order_number',
};

/**
 * The next value of a counter: a PostgreSQL sequence (no lock held, gaps possible on
 * rollback), or the `counters` row on SQLite, bumped inside the already exclusive write
 * transaction. Never max + 1.
 */
async function next(trx: Tx, counter: Counter): Promise<number> {
  if (dbKind(trx) === 'postgres') {
    const { rows } = await sql<{ n: number }>`select nextval(${`${counter}_seq`}) as n`.execute(trx);
    return Number(rows[0]!.n);
  }
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', counter)
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}

/** `ORD-20261126-0042` (or RET-, PO-): the UTC day, then a number unique across all days. */
export async function nextNumber(trx: Tx, kind: keyof typeof COUNTERS, now: string): Promise<string> {
  const n = await next(trx, COUNTERS[kind]);
  return `${kind}-${now.slice(0, 10).replaceAll('-', '')}-${String(n).padStart(4, '0')}`;
}
