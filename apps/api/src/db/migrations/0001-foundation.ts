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
        .createTable('customers')
        .addColumn('id', d.idType, d.id)
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('tax_id', 'text')
        .addColumn('address', 'text')
        .addColumn('credit_limit_cents', d.money, (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`credit_limit_cents >= 0`),
        )
        .addColumn('payment_terms_days', 'integer', (c) =>
          c
            .notNull()
            .defaultTo(0)
            .check(sql`payment_terms_days between 0 and 365`),
        )
        .addColumn('notes', 'text')
        .addColumn(active.name, active.type, active.build)
        .addColumn('deleted_at', d.timestamp)
        .addColumn('delete_reason', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addCheckConstraint('customers_deleted_has_reason', sql`deleted_at is null or delete_reason is not null`),
    )
    .execute();
  await db.schema.createIndex('customers_name_idx').on('customers').column('name').execute();

  await d
    .timestamps(
      db.schema
        .createTable('users')
        .addColumn('id', d.idType, d.id)
        .addColumn('email', 'text', (c) =>
          c
            .notNull()
            .unique()
            .check(sql`email = lower(email)`),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) =>
          c.notNull().check(sql`role in (${inList(['admin', 'warehouse_manager', 'sales_staff', 'customer'])})`),
        )
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .defaultTo('active')
            .check(sql`status in (${inList(['active', 'disabled'])})`),
        )
        .addColumn('customer_id', d.idType, (c) => c.references('customers.id').unique())
        .addColumn('password_changed_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
        // A customer user is always linked to a customer record; staff never are.
        .addCheckConstraint(
          'users_customer_link',
          sql`(role = 'customer' and customer_id is not null) or (role <> 'customer' and customer_id is null)`,
        ),
    )
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', d.idType, d.id)
    .addColumn('user_id', d.idType, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .addColumn('expires_at', d.timestamp, (c) => c.notNull())
    .addColumn('revoked_at', d.timestamp)
    .addColumn('revoked_reason', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', d.idType, d.id)
    .addColumn('session_id', d.idType, (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .addColumn('expires_at', d.timestamp, (c) => c.notNull())
    .addColumn('used_at', d.timestamp)
    .execute();
  await db.schema.createIndex('refresh_tokens_session_idx').on('refresh_tokens').column('session_id').execute();

  await db.schema
    .createTable('password_reset_tokens')
    .addColumn('id', d.idType, d.id)
    .addColumn('user_id', d.idType, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .addColumn('expires_at', d.timestamp, (c) => c.notNull())
    .addColumn('used_at', d.timestamp)
    .execute();
  await db.schema.createIndex('password_reset_tokens_user_idx').on('password_reset_tokens').column('user_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', d.idType, d.id)
    .addColumn('actor_id', d.idType, (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before', d.json)
    .addColumn('after', d.json)
    .addColumn('reason', 'text')
    .addColumn('request_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('created_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity', 'entity_id', 'id']).execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor_id', 'id']).execute();
  await db.schema.createIndex('audit_log_created_idx').on('audit_log').columns(['created_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', d.json)
    .addColumn('updated_at', d.timestamp, (c) => c.notNull().defaultTo(d.now))
    .addColumn('updated_by', d.idType, (c) => c.references('users.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'settings',
    'audit_log',
    'password_reset_tokens',
    'refresh_tokens',
    'sessions',
    'users',
    'customers',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
