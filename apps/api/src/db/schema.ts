import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role, UserStatus } from '@bodega/domain';

/**
 * Kysely's view of the database. Both dialects store the same logical values:
 * - timestamps are ISO 8601 UTC strings (PostgreSQL `timestamptz` is read back as ISO by a type parser);
 * - booleans are integers 0/1 (one representation on both, with CHECK constraints);
 * - JSON is `jsonb` on PostgreSQL and text on SQLite, written as a JSON string and read by `parseJson`.
 */
type Timestamp = ColumnType<string, string | undefined, string>;
type Flag = ColumnType<number, number | undefined, number>;
type Json = ColumnType<unknown, string | null | undefined, string | null>;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  status: UserStatus;
  customer_id: number | null;
  password_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<number>;
  user_id: number;
  created_at: Timestamp;
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  user_agent: string | null;
  ip: string | null;
}

export interface RefreshTokensTable {
  id: Generated<number>;
  session_id: number;
  token_hash: string;
  created_at: Timestamp;
  expires_at: string;
  used_at: string | null;
}

export interface PasswordResetTokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
  expires_at: string;
  used_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json;
  after: Json;
  reason: string | null;
  request_id: string | null;
  ip: string | null;
  created_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
  updated_by: number | null;
}

export interface CustomersTable {
  id: Generated<number>;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  tax_id: string | null;
  address: string | null;
  credit_limit_cents: Generated<number>;
  payment_terms_days: Generated<number>;
  notes: string | null;
  active: Flag;
  deleted_at: string | null;
  delete_reason: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  password_reset_tokens: PasswordResetTokensTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  customers: CustomersTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type CustomerRow = Selectable<CustomersTable>;
