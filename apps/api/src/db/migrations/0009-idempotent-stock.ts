import type { Kysely } from 'kysely';
import { ddl } from './helpers';

/**
 * An Idempotency-Key may now stand for a stock operation (receipt, adjustment, transfer,
 * count, purchase-order receipt). Those make no single record to answer again as it is now:
 * the first answer is kept whole, and a retry gets exactly that.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = ddl(db);
  await db.schema.alterTable('idempotency_keys').addColumn('response', d.json).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('response').execute();
}
