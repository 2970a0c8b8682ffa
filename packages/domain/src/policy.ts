import type { Role } from './roles';

/**
 * The SPEC §1 permission matrix, as capabilities. The API's route guard reads it, and so
 * will the apps. "Own"-record rules (a customer sees only their own orders) are enforced by
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
