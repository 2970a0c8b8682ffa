import { sql, type Kysely } from 'kysely';
import { ddl } from './helpers';

/** Literal values, frozen as this migration shipped them: a later status needs a new migration. */
const inList = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function up(db: Kysely<unknown>): Promise<void> {
  const d = ddl(db);
  const active = d.flag('active', 1);

  await d
    .timestamps(
      db.schema
        .createTable('categories')
        .addColumn('id', d.idType, d.id)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent_id', d.idType, (c) => c.references('categories.id'))
        .addColumn('description', 'text')
        .addCheckConstraint('categories_not_own_parent', sql`parent_id is null or parent_id <> id`),
    )
    .execute();
  // Names are unique among siblings, case-insensitively (top level included).
  await sql`create unique index categories_sibling_name_uq on categories (coalesce(parent_id, 0), lower(name))`.execute(
    db,
  );

  await d
    .timestamps(
      db.schema
        .createTable('products')
        .addColumn('id', d.idType, d.id)
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('barcode', 'text', (c) => c.unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('category_id', d.idType, (c) => c.references('categories.id'))
        .addColumn('unit', 'text', (c) => c.notNull().defaultTo('unit'))
        .addColumn('price_cents', d.money, (c) => c.notNull().check(sql`price_cents >= 0`))
        .addColumn('cost_cents', d.money, (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`cost_cents >= 0`),
        )
        .addColumn('tax_rate_bp', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`tax_rate_bp between 0 and 10000`),
        )
        .addColumn('reorder_point', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`reorder_point >= 0`),
        )
        .addColumn('reorder_quantity', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`reorder_quantity >= 0`),
        )
        .addColumn(active.name, active.type, active.build)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)),
    )
    .execute();
  await sql`create unique index products_sku_uq on products (lower(sku))`.execute(db);
  await db.schema.createIndex('products_category_idx').on('products').columns(['category_id', 'id']).execute();
  await db.schema.createIndex('products_active_idx').on('products').columns(['active', 'id']).execute();
  await db.schema.createIndex('products_name_idx').on('products').columns(['name', 'id']).execute();

  // Search by name, SKU or barcode fragment through an index on both databases.
  if (d.pg) {
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    await sql`create index products_search_trgm on products using gin ((lower(name || ' ' || sku || ' ' || coalesce(barcode, ''))) public.gin_trgm_ops)`.execute(
      db,
    );
  } else {
    await sql`create virtual table products_fts using fts5(name, sku, barcode, content='products', content_rowid='id', tokenize='trigram')`.execute(
      db,
    );
    await sql`create trigger products_fts_ai after insert on products begin
      insert into products_fts(rowid, name, sku, barcode) values (new.id, new.name, new.sku, coalesce(new.barcode, ''));
    end`.execute(db);
    await sql`create trigger products_fts_ad after delete on products begin
      insert into products_fts(products_fts, rowid, name, sku, barcode) values ('delete', old.id, old.name, old.sku, coalesce(old.barcode, ''));
    end`.execute(db);
    await sql`create trigger products_fts_au after update of name, sku, barcode on products begin
      insert into products_fts(products_fts, rowid, name, sku, barcode) values ('delete', old.id, old.name, old.sku, coalesce(old.barcode, ''));
      insert into products_fts(rowid, name, sku, barcode) values (new.id, new.name, new.sku, coalesce(new.barcode, ''));
    end`.execute(db);
  }

  await db.schema
    .createTable('product_images')
    .addColumn('id', d.idType, d.id)
    .addColumn('product_id', d.idType, (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull().unique())
    .addColumn('thumb_name', 'text', (c) => c.notNull().unique())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .execute();
  await db.schema
    .createIndex('product_images_product_idx')
    .on('product_images')
    .columns(['product_id', 'position'])
    .execute();

  const isDefault = d.flag('is_default', 0);
  await d
    .timestamps(
      db.schema
        .createTable('locations')
        .addColumn('id', d.idType, d.id)
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn(active.name, active.type, active.build)
        .addColumn(isDefault.name, isDefault.type, isDefault.build),
    )
    .execute();
  await sql`create unique index locations_code_uq on locations (lower(code))`.execute(db);
  // Exactly one default location (the partial index allows no second).
  await sql`create unique index locations_one_default_uq on locations (is_default) where is_default = 1`.execute(db);
  await db
    .insertInto('locations' as never)
    .values({ code: 'MAIN', name: 'Main warehouse', is_default: 1, active: 1 } as never)
    .execute();

  await db.schema
    .createTable('stock_levels')
    .addColumn('product_id', d.idType, (c) => c.notNull().references('products.id'))
    .addColumn('location_id', d.idType, (c) => c.notNull().references('locations.id'))
    .addColumn('on_hand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .addPrimaryKeyConstraint('stock_levels_pk', ['product_id', 'location_id'])
    .addCheckConstraint('stock_levels_on_hand_nonneg', sql`on_hand >= 0`)
    .addCheckConstraint('stock_levels_reserved_range', sql`reserved >= 0 and reserved <= on_hand`)
    .execute();
  await db.schema
    .createIndex('stock_levels_location_idx')
    .on('stock_levels')
    .columns(['location_id', 'product_id'])
    .execute();

  await db.schema
    .createTable('stock_receipts')
    .addColumn('id', d.idType, d.id)
    .addColumn('location_id', d.idType, (c) => c.notNull().references('locations.id'))
    .addColumn('supplier_id', d.idType)
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    .addColumn('user_id', d.idType, (c) => c.references('users.id'))
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .execute();

  await db.schema
    .createTable('stock_movements')
    .addColumn('id', d.idType, d.id)
    .addColumn('product_id', d.idType, (c) => c.notNull().references('products.id'))
    .addColumn('location_id', d.idType, (c) => c.notNull().references('locations.id'))
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`type in (${inList(['receipt', 'sale', 'return', 'adjustment', 'count', 'transfer_out', 'transfer_in', 'scrap'])})`,
        ),
    )
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity <> 0`))
    .addColumn('on_hand_after', 'integer', (c) => c.notNull().check(sql`on_hand_after >= 0`))
    .addColumn('unit_cost_cents', d.money, (c) => c.check(sql`unit_cost_cents >= 0`))
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('reference', 'text')
    .addColumn('user_id', d.idType, (c) => c.references('users.id'))
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .execute();
  await db.schema
    .createIndex('stock_movements_product_idx')
    .on('stock_movements')
    .columns(['product_id', 'location_id', 'id'])
    .execute();
  await db.schema
    .createIndex('stock_movements_created_idx')
    .on('stock_movements')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('stock_movements_type_idx')
    .on('stock_movements')
    .columns(['type', 'created_at'])
    .execute();
  await db.schema.createIndex('stock_movements_reference_idx').on('stock_movements').columns(['reference']).execute();

  await db.schema
    .createTable('stock_alerts')
    .addColumn('id', d.idType, d.id)
    .addColumn('product_id', d.idType, (c) => c.notNull().references('products.id'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in (${inList(['low_stock', 'out_of_stock'])})`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in (${inList(['open', 'acknowledged', 'resolved'])})`),
    )
    .addColumn('available', 'integer', (c) => c.notNull())
    .addColumn('reorder_point', 'integer', (c) => c.notNull())
    .addColumn('opened_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .addColumn('acknowledged_at', d.timestamp)
    .addColumn('acknowledged_by', d.idType, (c) => c.references('users.id'))
    .addColumn('resolved_at', d.timestamp)
    .addCheckConstraint('stock_alerts_resolved_state', sql`(status = 'resolved') = (resolved_at is not null)`)
    .execute();
  // At most one unresolved alert per product, whatever the races.
  await sql`create unique index stock_alerts_one_open_uq on stock_alerts (product_id) where resolved_at is null`.execute(
    db,
  );
  await db.schema.createIndex('stock_alerts_status_idx').on('stock_alerts').columns(['status', 'id']).execute();

  await db.schema
    .createTable('inventory_snapshots')
    .addColumn('id', d.idType, d.id)
    .addColumn('day', 'text', (c) => c.notNull().unique())
    .addColumn('value_cents', d.money, (c) => c.notNull())
    .addColumn('units', d.money, (c) => c.notNull())
    .addColumn('products', 'integer', (c) => c.notNull())
    .addColumn('taken_by', d.idType, (c) => c.references('users.id'))
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const d = ddl(db);
  for (const table of [
    'inventory_snapshots',
    'stock_alerts',
    'stock_movements',
    'stock_receipts',
    'stock_levels',
    'locations',
    'product_images',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (!d.pg) await sql`drop table products_fts`.execute(db);
  await db.schema.dropTable('products').execute();
  await db.schema.dropTable('categories').execute();
}
