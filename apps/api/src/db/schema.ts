import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type {
  AlertStatus,
  AlertType,
  DebtStatus,
  PaymentMethod,
  PaymentState,
  MovementType,
  OrderStatus,
  PaymentTerms,
  PurchaseOrderStatus,
  ReturnLineCondition,
  ReturnStatus,
  Role,
  UserStatus,
} from '@bodega/domain';

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
  purchase_order_id: number | null;
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

export interface CountersTable {
  name: string;
  value: number;
}

export interface OrdersTable {
  id: Generated<number>;
  number: string;
  customer_id: number;
  location_id: number;
  status: OrderStatus;
  payment_terms: PaymentTerms;
  notes: string | null;
  subtotal_cents: number;
  discount_cents: number;
  discount_reason: string | null;
  tax_cents: number;
  shipping_cents: number;
  total_cents: number;
  paid_cents: Generated<number>;
  credited_cents: Generated<number>;
  created_by: number | null;
  /** The local day the order was confirmed (kept if it is cancelled later); null until then (migration 0005). */
  confirmed_day: string | null;
  /** When a customer's own pending order expires, fixed at placement; null for staff orders (migration 0008). */
  expires_at: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderLinesTable {
  id: Generated<number>;
  order_id: number;
  product_id: number;
  sku: string;
  name: string;
  quantity: number;
  unit_price_cents: number;
  unit_cost_cents: number;
  tax_rate_bp: number;
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  total_cents: number;
  returned_quantity: Generated<number>;
  /** The product's category when the order was placed (migration 0005). */
  category_id: number | null;
}

export interface OrderHistoryTable {
  id: Generated<number>;
  order_id: number;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  user_id: number | null;
  reason: string | null;
  note: string | null;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  request_hash: string;
  order_id: number | null;
  payment_id: number | null;
  /** The first answer, kept whole, for a key that made no single record (stock operations). */
  response: Json;
  created_at: Timestamp;
}

export interface ReturnsTable {
  id: Generated<number>;
  number: string;
  order_id: number;
  customer_id: number;
  status: ReturnStatus;
  reason: string;
  credit_cents: Generated<number>;
  opened_by: number | null;
  received_by: number | null;
  received_at: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReturnLinesTable {
  id: Generated<number>;
  return_id: number;
  order_line_id: number;
  product_id: number;
  quantity: number;
  condition: ReturnLineCondition;
  credit_cents: number;
}

export interface DebtsTable {
  id: Generated<number>;
  customer_id: number;
  order_id: number | null;
  amount_cents: number;
  paid_cents: Generated<number>;
  credited_cents: Generated<number>;
  status: DebtStatus;
  due_date: string;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentsTable {
  id: Generated<number>;
  customer_id: number;
  amount_cents: number;
  method: PaymentMethod;
  reference: string | null;
  received_at: string;
  status: Generated<PaymentState>;
  void_reason: string | null;
  voided_at: string | null;
  voided_by: number | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface PaymentAllocationsTable {
  id: Generated<number>;
  payment_id: number;
  debt_id: number;
  amount_cents: number;
}

export interface DebtCreditsTable {
  id: Generated<number>;
  debt_id: number;
  return_id: number;
  amount_cents: number;
  created_at: Timestamp;
}

export interface SuppliersTable {
  id: Generated<number>;
  code: string;
  name: string;
  contact: string | null;
  email: string | null;
  phone: string | null;
  tax_id: string | null;
  address: string | null;
  payment_terms_days: Generated<number>;
  lead_time_days: Generated<number>;
  notes: string | null;
  active: Flag;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductSuppliersTable {
  id: Generated<number>;
  product_id: number;
  supplier_id: number;
  supplier_sku: string | null;
  last_cost_cents: number | null;
  min_order_quantity: Generated<number>;
  preferred: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PurchaseOrdersTable {
  id: Generated<number>;
  number: string;
  supplier_id: number;
  location_id: number;
  status: PurchaseOrderStatus;
  expected_date: string | null;
  notes: string | null;
  total_cents: number;
  sent_at: string | null;
  emailed_at: string | null;
  emailed_to: string | null;
  created_by: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PurchaseOrderLinesTable {
  id: Generated<number>;
  purchase_order_id: number;
  product_id: number;
  quantity: number;
  unit_cost_cents: number;
  received_quantity: Generated<number>;
  over_received: Flag;
}

export interface PurchaseOrderHistoryTable {
  id: Generated<number>;
  purchase_order_id: number;
  from_status: PurchaseOrderStatus | null;
  to_status: PurchaseOrderStatus;
  user_id: number | null;
  reason: string | null;
  note: string | null;
  created_at: Timestamp;
}

export interface PurchaseOrderReceiptLinesTable {
  id: Generated<number>;
  receipt_id: number;
  purchase_order_line_id: number;
  quantity: number;
  unit_cost_cents: number;
  excess_quantity: Generated<number>;
}

// Reports (migration 0005; docs/decisions/0005-reports-at-scale.md).

/** Sales per local day and seller (a staff user id, or 0 for customers' own orders). */
export interface SalesDailyTable {
  day: string;
  seller_id: number;
  orders: number;
  lines: number;
  units: number;
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  shipping_cents: number;
  returns: number;
  returned_units: number;
  returns_cents: number;
  returns_tax_cents: number;
}

/** Sales per local day and product. */
export interface SalesDailyProductsTable {
  day: string;
  product_id: number;
  lines: number;
  units: number;
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  returned_units: number;
  returns_cents: number;
  returns_tax_cents: number;
}

/** Sales per local day and category (of the lines as placed; 0 for none). */
export interface SalesDailyCategoriesTable {
  day: string;
  category_id: number;
  lines: number;
  units: number;
  subtotal_cents: number;
  discount_cents: number;
  tax_cents: number;
  returned_units: number;
  returns_cents: number;
  returns_tax_cents: number;
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
  counters: CountersTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_history: OrderHistoryTable;
  idempotency_keys: IdempotencyKeysTable;
  returns: ReturnsTable;
  return_lines: ReturnLinesTable;
  debts: DebtsTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
  debt_credits: DebtCreditsTable;
  suppliers: SuppliersTable;
  product_suppliers: ProductSuppliersTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  purchase_order_history: PurchaseOrderHistoryTable;
  purchase_order_receipt_lines: PurchaseOrderReceiptLinesTable;
  sales_daily: SalesDailyTable;
  sales_daily_products: SalesDailyProductsTable;
  sales_daily_categories: SalesDailyCategoriesTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type ProductRow = Selectable<ProductsTable>;
export type MovementRow = Selectable<StockMovementsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type OrderHistoryRow = Selectable<OrderHistoryTable>;
export type StockAlertRow = Selectable<StockAlertsTable>;
export type SupplierRow = Selectable<SuppliersTable>;
export type PurchaseOrderRow = Selectable<PurchaseOrdersTable>;
