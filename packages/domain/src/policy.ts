import { isStaffRole, type Role } from './roles';

/**
 * The permission matrix (the README's roles table, capability by capability). The API's
 * route guard reads it, and so will the apps. "Own"-record rules (a customer sees only their own orders) are enforced by
 * the use-cases on top of these capabilities.
 */
const MATRIX = {
  'profile.own': ['admin', 'warehouse_manager', 'sales_staff', 'customer'],
  'users.manage': ['admin'],
  'catalog.read': ['admin', 'warehouse_manager', 'sales_staff', 'customer'],
  'catalog.write': ['admin', 'warehouse_manager'],
  'stock.read': ['admin', 'warehouse_manager', 'sales_staff'],
  'stock.write': ['admin', 'warehouse_manager'],
  'ledger.read': ['admin', 'warehouse_manager', 'sales_staff'],
  'alerts.manage': ['admin', 'warehouse_manager'],
  'customers.read': ['admin', 'warehouse_manager', 'sales_staff'],
  'customers.write': ['admin', 'sales_staff'],
  'customers.delete': ['admin'],
  'orders.create': ['admin', 'sales_staff', 'customer'],
  // A discount (up to maxDiscountBp) and a shipping charge on an order being placed.
  'orders.charges': ['admin', 'sales_staff'],
  // A discount above STAFF_DISCOUNT_LIMIT_BP.
  'orders.discount.unlimited': ['admin'],
  // Delivering a cash order that is not paid in full, with a reason.
  'orders.deliver_unpaid': ['admin'],
  // Who may confirm, process, ship, deliver or cancel an order is the transition table in orders.ts.
  'orders.read': ['admin', 'warehouse_manager', 'sales_staff', 'customer'],
  'returns.open': ['admin', 'sales_staff'],
  'returns.receive': ['admin', 'warehouse_manager'],
  'returns.read': ['admin', 'warehouse_manager', 'sales_staff', 'customer'],
  'receivables.manage': ['admin', 'sales_staff'],
  'receivables.read': ['admin', 'sales_staff', 'customer'],
  'debts.manual': ['admin'],
  'reports.sales': ['admin', 'sales_staff'],
  'reports.inventory': ['admin', 'warehouse_manager'],
  'reports.receivables': ['admin', 'sales_staff'],
  'audit.read': ['admin'],
  'settings.manage': ['admin'],
  'suppliers.manage': ['admin', 'warehouse_manager'],
  'purchasing.manage': ['admin', 'warehouse_manager'],
  // Suppliers and purchase orders; sales staff read them to tell customers when goods arrive.
  'purchasing.read': ['admin', 'warehouse_manager', 'sales_staff'],
  // The dashboard: each role sees the sections its reports.* capabilities allow.
  'dashboard.read': ['admin', 'warehouse_manager', 'sales_staff'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof MATRIX;
export const CAPABILITIES = Object.keys(MATRIX) as Capability[];

export function can(role: Role, capability: Capability): boolean {
  return (MATRIX[capability] as readonly Role[]).includes(role);
}

export function rolesWith(capability: Capability): readonly Role[] {
  return MATRIX[capability];
}

/** Which customer's records a caller reaches: staff any, a customer only their own (orders, balance). */
export type RecordOwner = Readonly<{ role: Role; customerId: number | null }>;

/** Whether `role` is limited to the records of its own customer (lists filtered, others' records 404). */
export function ownRecordsOnly(role: Role): boolean {
  return !isStaffRole(role);
}

/** Whether the caller may see or act on the records of customer `customerId`. */
export function ownsCustomerRecord(actor: RecordOwner, customerId: number | null): boolean {
  return !ownRecordsOnly(actor.role) || (actor.customerId !== null && actor.customerId === customerId);
}

/** Discounts above this share of the subtotal (basis points) need an admin. */
export const STAFF_DISCOUNT_LIMIT_BP = 2000;

/** The largest order discount `role` may grant, in basis points of the subtotal (0: none at all). */
export function maxDiscountBp(role: Role): number {
  if (!can(role, 'orders.charges')) return 0;
  return can(role, 'orders.discount.unlimited') ? 10_000 : STAFF_DISCOUNT_LIMIT_BP;
}

/** Whether `role` may put a shipping charge on an order it places. */
export function canSetShipping(role: Role): boolean {
  return can(role, 'orders.charges');
}

/** Whether `role` may deliver a cash order that is not paid in full (always with a reason). */
export function canOverrideUnpaidDelivery(role: Role): boolean {
  return can(role, 'orders.deliver_unpaid');
}

/** A customer account stays a customer: only a staff account's role can be changed. */
export function canChangeRoleOf(accountRole: Role): boolean {
  return isStaffRole(accountRole);
}

type Account = Readonly<{ role: Role; status: 'active' | 'disabled' }>;

/** Whether a change takes away an active admin (refused when it is the last one). */
export function removesActiveAdmin(before: Account, after: Account): boolean {
  return before.role === 'admin' && before.status === 'active' && (after.role !== 'admin' || after.status !== 'active');
}
