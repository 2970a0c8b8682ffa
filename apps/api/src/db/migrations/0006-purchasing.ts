import { sql, type Kysely } from 'kysely';
import { ddl } from './helpers';

/** Literal values, frozen as this migration shipped them: a later status needs a new migration. */
const inList = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<unknown>): Promise<void> {
  const d = ddl(db);
  const active = d.flag('active', 1);
  const nonNegative = (col: string) => sql`${sql.ref(col)} >= 0`;

  // PO numbers: their own sequence / counters row, like order numbers (0003).
  if (d.pg) {
    await sql`create sequence purchase_order_number_seq`.execute(db);
  } else {
    await db
      .insertInto('counters' as never)
      .values({ name: 'purchase_order_number', value: 0 } as never)
      .execute();
  }

  await d
    .timestamps(
      db.schema
        .createTable('suppliers')
        .addColumn('id', d.idType, d.id)
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('contact', 'text')
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('tax_id', 'text')
        .addColumn('address', 'text')
        .addColumn('payment_terms_days', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`payment_terms_days between 0 and 365`),
        )
        .addColumn('lead_time_days', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(7)
            .check(sql`lead_time_days between 0 and 365`),
        )
        .addColumn('notes', 'text')
        .addColumn(active.name, active.type, active.build)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)),
    )
    .execute();
  await sql`create unique index suppliers_code_uq on suppliers (lower(code))`.execute(db);
  await db.schema.createIndex('suppliers_name_idx').on('suppliers').columns(['name', 'id']).execute();

  const preferred = d.flag('preferred', 0);
  await d
    .timestamps(
      db.schema
        .createTable('product_suppliers')
        .addColumn('id', d.idType, d.id)
        .addColumn('product_id', d.idType, (c) => c.notNull().references('products.id'))
        .addColumn('supplier_id', d.idType, (c) => c.notNull().references('suppliers.id'))
        .addColumn('supplier_sku', 'text')
        .addColumn('last_cost_cents', d.money, (c) => c.check(nonNegative('last_cost_cents')))
        .addColumn('min_order_quantity', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(1)
            .check(sql`min_order_quantity >= 1`),
        )
        .addColumn(preferred.name, preferred.type, preferred.build)
        .addUniqueConstraint('product_suppliers_once', ['product_id', 'supplier_id']),
    )
    .execute();
  // One preferred supplier per product, whatever the races.
  await sql`create unique index product_suppliers_one_preferred_uq on product_suppliers (product_id) where preferred = 1`.execute(
    db,
  );
  await db.schema
    .createIndex('product_suppliers_supplier_idx')
    .on('product_suppliers')
    .columns(['supplier_id', 'product_id'])
    .execute();

  await d
    .timestamps(
      db.schema
        .createTable('purchase_orders')
        .addColumn('id', d.idType, d.id)
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('supplier_id', d.idType, (c) => c.notNull().references('suppliers.id'))
        .addColumn('location_id', d.idType, (c) => c.notNull().references('locations.id'))
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .check(sql`status in (${inList(['draft', 'sent', 'partially_received', 'received', 'cancelled'])})`),
        )
        .addColumn('expected_date', 'text')
        .addColumn('notes', 'text')
        .addColumn('total_cents', d.money, (c) => c.notNull().check(nonNegative('total_cents')))
        .addColumn('sent_at', d.timestamp)
        .addColumn('emailed_at', d.timestamp)
        .addColumn('emailed_to', 'text')
        .addColumn('created_by', d.idType, (c) => c.references('users.id'))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)),
    )
    .execute();
  await db.schema
    .createIndex('purchase_orders_supplier_idx')
    .on('purchase_orders')
    .columns(['supplier_id', 'id'])
    .execute();
  await db.schema.createIndex('purchase_orders_status_idx').on('purchase_orders').columns(['status', 'id']).execute();

  const overReceived = d.flag('over_received', 0);
  await db.schema
    .createTable('purchase_order_lines')
    .addColumn('id', d.idType, d.id)
    .addColumn('purchase_order_id', d.idType, (c) => c.notNull().references('purchase_orders.id'))
    .addColumn('product_id', d.idType, (c) => c.notNull().references('products.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_cost_cents', d.money, (c) => c.notNull().check(nonNegative('unit_cost_cents')))
    .addColumn('received_quantity', 'integer', (c) => c.notNull().defaultTo(0).check(nonNegative('received_quantity')))
    .addColumn(overReceived.name, overReceived.type, overReceived.build)
    // More than ordered only ever arrives with the explicit flag, which the line then carries.
    .addCheckConstraint('purchase_order_lines_within_order', sql`received_quantity <= quantity or over_received = 1`)
    .addUniqueConstraint('purchase_order_lines_one_per_product', ['purchase_order_id', 'product_id'])
    .execute();
  await db.schema
    .createIndex('purchase_order_lines_product_idx')
    .on('purchase_order_lines')
    .columns(['product_id'])
    .execute();

  await db.schema
    .createTable('purchase_order_history')
    .addColumn('id', d.idType, d.id)
    .addColumn('purchase_order_id', d.idType, (c) => c.notNull().references('purchase_orders.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('user_id', d.idType, (c) => c.references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .execute();
  await db.schema
    .createIndex('purchase_order_history_po_idx')
    .on('purchase_order_history')
    .columns(['purchase_order_id', 'id'])
    .execute();

  // A receipt made against a purchase order names it; its lines say which PO line got what.
  await db.schema
    .alterTable('stock_receipts')
    .addColumn('purchase_order_id', d.idType, (c) => c.references('purchase_orders.id'))
    .execute();
  await db.schema
    .createIndex('stock_receipts_purchase_order_idx')
    .on('stock_receipts')
    .columns(['purchase_order_id'])
    .execute();
  await db.schema
    .createTable('purchase_order_receipt_lines')
    .addColumn('id', d.idType, d.id)
    .addColumn('receipt_id', d.idType, (c) => c.notNull().references('stock_receipts.id'))
    .addColumn('purchase_order_line_id', d.idType, (c) => c.notNull().references('purchase_order_lines.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_cost_cents', d.money, (c) => c.notNull().check(nonNegative('unit_cost_cents')))
    .addColumn('excess_quantity', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`excess_quantity >= 0 and excess_quantity <= quantity`),
    )
    .execute();
  await db.schema
    .createIndex('purchase_order_receipt_lines_receipt_idx')
    .on('purchase_order_receipt_lines')
    .columns(['receipt_id'])
    .execute();
  await db.schema
    .createIndex('purchase_order_receipt_lines_line_idx')
    .on('purchase_order_receipt_lines')
    .columns(['purchase_order_line_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const d = ddl(db);
  await db.schema.dropTable('purchase_order_receipt_lines').execute();
  await db.schema.dropIndex('stock_receipts_purchase_order_idx').execute();
  await db.schema.alterTable('stock_receipts').dropColumn('purchase_order_id').execute();
  for (const table of [
    'purchase_order_history',
    'purchase_order_lines',
    'purchase_orders',
    'product_suppliers',
    'suppliers',
  ])
    await db.schema.dropTable(table).execute();
  if (d.pg) await sql`drop sequence purchase_order_number_seq`.execute(db);
  else await sql`delete from counters where name = 'purchase_order_number'`.execute(db);
}
