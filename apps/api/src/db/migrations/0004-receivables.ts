import { sql, type Kysely } from 'kysely';
import { ddl } from './helpers';

/** Literal values, frozen as this migration shipped them: a later status needs a new migration. */
const inList = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<unknown>): Promise<void> {
  const d = ddl(db);

  await d
    .timestamps(
      db.schema
        .createTable('debts')
        .addColumn('id', d.idType, d.id)
        .addColumn('customer_id', d.idType, (c) => c.notNull().references('customers.id'))
        .addColumn('order_id', d.idType, (c) => c.references('orders.id').unique())
        .addColumn('amount_cents', d.money, (c) => c.notNull().check(sql`amount_cents > 0`))
        .addColumn('paid_cents', d.money, (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`paid_cents >= 0`),
        )
        .addColumn('credited_cents', d.money, (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`credited_cents >= 0`),
        )
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in (${inList(['open', 'partially_paid', 'paid', 'cancelled'])})`),
        )
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', d.idType, (c) => c.references('users.id'))
        // No debt is ever paid or credited beyond its amount: its balance never goes negative.
        .addCheckConstraint('debts_balance_nonneg', sql`paid_cents + credited_cents <= amount_cents`)
        .addCheckConstraint('debts_manual_has_note', sql`order_id is not null or note is not null`),
    )
    .execute();
  await db.schema
    .createIndex('debts_customer_idx')
    .on('debts')
    .columns(['customer_id', 'status', 'due_date'])
    .execute();
  await db.schema.createIndex('debts_status_due_idx').on('debts').columns(['status', 'due_date']).execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', d.idType, d.id)
    .addColumn('customer_id', d.idType, (c) => c.notNull().references('customers.id'))
    .addColumn('amount_cents', d.money, (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`method in (${inList(['cash', 'transfer', 'card', 'other'])})`),
    )
    .addColumn('reference', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('recorded')
        .check(sql`status in (${inList(['recorded', 'voided'])})`),
    )
    .addColumn('void_reason', 'text')
    .addColumn('voided_at', d.timestamp)
    .addColumn('voided_by', d.idType, (c) => c.references('users.id'))
    .addColumn('created_by', d.idType, (c) => c.references('users.id'))
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .addCheckConstraint('payments_void_has_reason', sql`status <> 'voided' or void_reason is not null`)
    .execute();
  await db.schema.createIndex('payments_customer_idx').on('payments').columns(['customer_id', 'received_at']).execute();
  await db.schema.createIndex('payments_received_idx').on('payments').columns(['received_at', 'method']).execute();

  await db.schema
    .createTable('payment_allocations')
    .addColumn('id', d.idType, d.id)
    .addColumn('payment_id', d.idType, (c) => c.notNull().references('payments.id'))
    .addColumn('debt_id', d.idType, (c) => c.notNull().references('debts.id'))
    .addColumn('amount_cents', d.money, (c) => c.notNull().check(sql`amount_cents > 0`))
    .addUniqueConstraint('payment_allocations_once', ['payment_id', 'debt_id'])
    .execute();
  await db.schema.createIndex('payment_allocations_debt_idx').on('payment_allocations').columns(['debt_id']).execute();

  await db.schema
    .createTable('debt_credits')
    .addColumn('id', d.idType, d.id)
    .addColumn('debt_id', d.idType, (c) => c.notNull().references('debts.id'))
    .addColumn('return_id', d.idType, (c) => c.notNull().references('returns.id').unique())
    .addColumn('amount_cents', d.money, (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .execute();

  // An Idempotency-Key may now stand for a payment as well as an order.
  await db.schema
    .alterTable('idempotency_keys')
    .addColumn('payment_id', d.idType, (c) => c.references('payments.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('payment_id').execute();
  for (const table of ['debt_credits', 'payment_allocations', 'payments', 'debts'])
    await db.schema.dropTable(table).execute();
}
