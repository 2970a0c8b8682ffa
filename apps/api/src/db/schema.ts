import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AlertStatus, AlertType, MovementType, Role, UserStatus } from '@bodega/domain';

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

export interface CategoriesTable {
  id: Generated<number>;
  name: string;
  parent_id: number | null;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  barcode: string | null;
  name: string;
  description: string | null;
  category_id: number | null;
  unit: Generated<string>;
  price_cents: number;
  cost_cents: Generated<number>;
  tax_rate_bp: Generated<number>;
  reorder_point: Generated<number>;
  reorder_quantity: Generated<number>;
  active: Flag;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductImagesTable {
  id: Generated<number>;
  product_id: number;
  file_name: string;
  thumb_name: string;
  content_type: string;
  width: number;
  height: number;
  size_bytes: number;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface LocationsTable {
  id: Generated<number>;
  code: string;
  name: string;
  address: string | null;
  active: Flag;
  is_default: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StockLevelsTable {
  product_id: number;
  location_id: number;
  on_hand: Generated<number>;
  reserved: Generated<number>;
  updated_at: Timestamp;
}

export interface StockReceiptsTable {
  id: Generated<number>;
  location_id: number;
  supplier_id: number | null;
  reference: string | null;
  note: string | null;
  user_id: number | null;
  created_at: Timestamp;
}

export interface StockMovementsTable {
  id: Generated<number>;
  product_id: number;
  location_id: number;
  type: MovementType;
  quantity: number;
  on_hand_after: number;
  unit_cost_cents: number | null;
  reason: string | null;
  note: string | null;
  reference: string | null;
  user_id: number | null;
  created_at: Timestamp;
}

export interface StockAlertsTable {
  id: Generated<number>;
  product_id: number;
  type: AlertType;
  status: AlertStatus;
  available: number;
  reorder_point: number;
  opened_at: Timestamp;
  acknowledged_at: string | null;
  acknowledged_by: number | null;
  resolved_at: string | null;
}

export interface InventorySnapshotsTable {
  id: Generated<number>;
  day: string;
  value_cents: number;
  units: number;
  products: number;
  taken_by: number | null;
  created_at: Timestamp;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  password_reset_tokens: PasswordResetTokensTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  customers: CustomersTable;
  categories: CategoriesTable;
  products: ProductsTable;
  product_images: ProductImagesTable;
  locations: LocationsTable;
  stock_levels: StockLevelsTable;
  stock_receipts: StockReceiptsTable;
  stock_movements: StockMovementsTable;
  stock_alerts: StockAlertsTable;
  inventory_snapshots: InventorySnapshotsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type ProductRow = Selectable<ProductsTable>;
export type MovementRow = Selectable<StockMovementsTable>;
