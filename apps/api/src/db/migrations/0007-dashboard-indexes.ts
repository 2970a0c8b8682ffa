import type { Kysely } from 'kysely';

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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('debts_open_balance_idx').execute();
  await db.schema.dropIndex('products_stock_figures_idx').execute();
}
