import { sql, type Kysely } from 'kysely';
import { ddl } from './helpers';

/**
 * Pending orders placed by customers expire (decision 0012): when, fixed at placement; null
 * for staff orders, which never expire. Values are literals here, never imported enums, so
 * this migration means the same thing whatever the domain later becomes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const d = ddl(db);
  await db.schema.alterTable('orders').addColumn('expires_at', d.timestamp).execute();
  // The sweep: due orders, oldest deadline first. Partial, so it holds only the few pending ones.
  await db.schema
    .createIndex('orders_pending_expiry_idx')
    .on('orders')
    .column('expires_at')
    .where(sql<boolean>`status = 'pending' and expires_at is not null`)
    .execute();
  // The per-customer limit counts a customer's live pending orders at every placement.
  await db.schema
    .createIndex('orders_pending_customer_idx')
    .on('orders')
    .columns(['customer_id', 'expires_at'])
    .where(sql<boolean>`status = 'pending' and expires_at is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('orders_pending_customer_idx').execute();
  await db.schema.dropIndex('orders_pending_expiry_idx').execute();
  await db.schema.alterTable('orders').dropColumn('expires_at').execute();
}
