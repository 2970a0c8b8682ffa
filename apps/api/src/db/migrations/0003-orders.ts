import { sql, type Kysely } from 'kysely';
import { ddl } from './helpers';

/** Literal values, frozen as this migration shipped them: a later status needs a new migration. */
const inList = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<unknown>): Promise<void> {
  const d = ddl(db);
  const nonNegative = (col: string) => sql`${sql.ref(col)} >= 0`;

  // Human numbers come from a counter the database hands out atomically: a sequence on
  // PostgreSQL (no lock held past the call), a row bumped inside the (exclusive) write
  // transaction on SQLite.
  if (d.pg) {
    await sql`create sequence order_number_seq`.execute(db);
    await sql`create sequence return_number_seq`.execute(db);
  } else {
    await db.schema
      .createTable('counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute();
    await db
      .insertInto('counters' as never)
      .values([
        { name: 'order_number', value: 0 },
        { name: 'return_number', value: 0 },
      ] as never)
      .execute();
  }

  await d
    .timestamps(
      db.schema
        .createTable('orders')
        .addColumn('id', d.idType, d.id)
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('customer_id', d.idType, (c) => c.notNull().references('customers.id'))
        .addColumn('location_id', d.idType, (c) => c.notNull().references('locations.id'))
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .check(
              sql`status in (${inList(['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'])})`,
            ),
        )
        .addColumn('payment_terms', 'text', (c) =>
          c.notNull().check(sql`payment_terms in (${inList(['cash', 'credit'])})`),
        )
        .addColumn('notes', 'text')
        .addColumn('subtotal_cents', d.money, (c) => c.notNull().check(nonNegative('subtotal_cents')))
        .addColumn('discount_cents', d.money, (c) => c.notNull().check(nonNegative('discount_cents')))
        .addColumn('discount_reason', 'text')
        .addColumn('tax_cents', d.money, (c) => c.notNull().check(nonNegative('tax_cents')))
        .addColumn('shipping_cents', d.money, (c) => c.notNull().check(nonNegative('shipping_cents')))
        .addColumn('total_cents', d.money, (c) => c.notNull().check(nonNegative('total_cents')))
        .addColumn('paid_cents', d.money, (c) => c.notNull().defaultTo(0).check(nonNegative('paid_cents')))
        // Mirrors of the order's debt (receivables): paid by payments, credited by returns.
        .addColumn('credited_cents', d.money, (c) => c.notNull().defaultTo(0).check(nonNegative('credited_cents')))
        .addColumn('created_by', d.idType, (c) => c.references('users.id'))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addCheckConstraint(
          'orders_total_adds_up',
          sql`total_cents = subtotal_cents - discount_cents + tax_cents + shipping_cents and discount_cents <= subtotal_cents`,
        )
        .addCheckConstraint('orders_not_overpaid', sql`paid_cents + credited_cents <= total_cents`)
        .addCheckConstraint('orders_discount_has_reason', sql`discount_cents = 0 or discount_reason is not null`),
    )
    .execute();
  await db.schema.createIndex('orders_customer_idx').on('orders').columns(['customer_id', 'id']).execute();
  await db.schema.createIndex('orders_status_idx').on('orders').columns(['status', 'id']).execute();
  await db.schema.createIndex('orders_created_idx').on('orders').columns(['created_at']).execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('id', d.idType, d.id)
    .addColumn('order_id', d.idType, (c) => c.notNull().references('orders.id'))
    .addColumn('product_id', d.idType, (c) => c.notNull().references('products.id'))
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price_cents', d.money, (c) => c.notNull().check(nonNegative('unit_price_cents')))
    .addColumn('unit_cost_cents', d.money, (c) => c.notNull().check(nonNegative('unit_cost_cents')))
    .addColumn('tax_rate_bp', 'integer', (c) => c.notNull())
    .addColumn('subtotal_cents', d.money, (c) => c.notNull())
    .addColumn('discount_cents', d.money, (c) => c.notNull())
    .addColumn('tax_cents', d.money, (c) => c.notNull())
    .addColumn('total_cents', d.money, (c) => c.notNull())
    .addColumn('returned_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('order_lines_returned_range', sql`returned_quantity >= 0 and returned_quantity <= quantity`)
    .addUniqueConstraint('order_lines_one_per_product', ['order_id', 'product_id'])
    .execute();
  await db.schema.createIndex('order_lines_product_idx').on('order_lines').columns(['product_id']).execute();

  await db.schema
    .createTable('order_history')
    .addColumn('id', d.idType, d.id)
    .addColumn('order_id', d.idType, (c) => c.notNull().references('orders.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('user_id', d.idType, (c) => c.references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .execute();
  await db.schema.createIndex('order_history_order_idx').on('order_history').columns(['order_id', 'id']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', d.idType, (c) => c.notNull().references('users.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    // Claimed first (null), filled in by the same transaction: a concurrent retry waits on the key.
    .addColumn('order_id', d.idType, (c) => c.references('orders.id'))
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').columns(['created_at']).execute();

  await d
    .timestamps(
      db.schema
        .createTable('returns')
        .addColumn('id', d.idType, d.id)
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('order_id', d.idType, (c) => c.notNull().references('orders.id'))
        .addColumn('customer_id', d.idType, (c) => c.notNull().references('customers.id'))
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in (${inList(['open', 'received', 'cancelled'])})`),
        )
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('credit_cents', d.money, (c) => c.notNull().defaultTo(0).check(nonNegative('credit_cents')))
        .addColumn('opened_by', d.idType, (c) => c.references('users.id'))
        .addColumn('received_by', d.idType, (c) => c.references('users.id'))
        .addColumn('received_at', d.timestamp),
    )
    .execute();
  await db.schema.createIndex('returns_order_idx').on('returns').columns(['order_id']).execute();
  await db.schema.createIndex('returns_customer_idx').on('returns').columns(['customer_id', 'id']).execute();

  await db.schema
    .createTable('return_lines')
    .addColumn('id', d.idType, d.id)
    .addColumn('return_id', d.idType, (c) => c.notNull().references('returns.id'))
    .addColumn('order_line_id', d.idType, (c) => c.notNull().references('order_lines.id'))
    .addColumn('product_id', d.idType, (c) => c.notNull().references('products.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('condition', 'text', (c) => c.notNull().check(sql`condition in (${inList(['resellable', 'damaged'])})`))
    .addColumn('credit_cents', d.money, (c) => c.notNull().check(nonNegative('credit_cents')))
    .execute();
  await db.schema.createIndex('return_lines_return_idx').on('return_lines').columns(['return_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const d = ddl(db);
  for (const table of ['return_lines', 'returns', 'idempotency_keys', 'order_history', 'order_lines', 'orders']) {
    await db.schema.dropTable(table).execute();
  }
  if (d.pg) {
    await sql`drop sequence return_number_seq`.execute(db);
    await sql`drop sequence order_number_seq`.execute(db);
  } else {
    await db.schema.dropTable('counters').execute();
  }
}
