import { sql, type Kysely } from 'kysely';
import { ddl } from './helpers';

/**
 * Covering indexes for the figures the dashboard and the aging report read over whole tables
 * (decision 0011): they read a narrow index instead of the wide rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Inventory value and reorder count: every product's cost, reorder point and active flag.
  await db.schema
    .createIndex('products_stock_figures_idx')
    .on('products')
    .columns(['id', 'active', 'reorder_point', 'cost_cents'])
    .execute();
  // Receivables: the open debts per customer with everything their balance and age need.
  await db.schema
    .createIndex('debts_open_balance_idx')
    .on('debts')
    .columns(['status', 'customer_id', 'due_date', 'amount_cents', 'paid_cents', 'credited_cents'])
    .execute();
  // Top products ranks every product-day row of the range. SQLite's summary table is already
  // ordered by (day, product_id) (WITHOUT ROWID); PostgreSQL's heap is not: an index-only scan.
  if (ddl(db).pg) {
    await sql`create index sales_daily_products_rank_idx on sales_daily_products (day, product_id)
      include (subtotal_cents, discount_cents, returns_cents, units, returned_units)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (ddl(db).pg) await db.schema.dropIndex('sales_daily_products_rank_idx').execute();
  await db.schema.dropIndex('debts_open_balance_idx').execute();
  await db.schema.dropIndex('products_stock_figures_idx').execute();
}
