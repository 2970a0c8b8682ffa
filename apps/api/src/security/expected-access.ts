/**
 * Who may call each API route, written out by hand from the roles table in README.md (who
 * does what) and reviewed row by row. It is deliberately NOT derived from the routes' `config.access` or from
 * `packages/domain/src/policy.ts`: the authorization-matrix test checks the running API against
 * this table, so a route that declares the wrong capability (or a policy entry that grants the
 * wrong role) fails. A new route fails that test until someone adds its row here.
 *
 * "Allowed" means the role gets past the route guard; the use-case may still answer 400, 404,
 * 409… "Own"-record rules (a customer's own orders, debts, payments, statement; another
 * customer's record answers 404) are the use-cases' job and are tested per module: here a
 * customer is listed where customers reach their own records.
 *
 * Where the roles table is silent (locations, suppliers and purchase orders, product export,
 * `/customers/me` for staff), the row records what the code does and why it is reasonable.
 */

const ANON = 'anonymous';
const A = 'admin';
const W = 'warehouse_manager';
const S = 'sales_staff';
const C = 'customer';

export type Caller = typeof ANON | typeof A | typeof W | typeof S | typeof C;
export const CALLERS: readonly Caller[] = [ANON, A, W, S, C];

export const EXPECTED_ACCESS: Record<string, readonly Caller[]> = {
  // Auth: the sign-in flows are open to anyone; the rest to any signed-in user.
  'POST /api/v1/auth/register': [ANON, A, W, S, C],
  'POST /api/v1/auth/login': [ANON, A, W, S, C],
  'POST /api/v1/auth/refresh': [ANON, A, W, S, C],
  'POST /api/v1/auth/forgot-password': [ANON, A, W, S, C],
  'POST /api/v1/auth/reset-password': [ANON, A, W, S, C],
  'GET /api/v1/openapi.json': [ANON, A, W, S, C],
  'POST /api/v1/auth/logout': [A, W, S, C],
  'POST /api/v1/auth/change-password': [A, W, S, C],
  'GET /api/v1/auth/me': [A, W, S, C],
  'PATCH /api/v1/auth/me': [A, W, S, C],

  // Users and roles: admin RW; everyone else only their own profile (auth/me above).
  'GET /api/v1/users': [A],
  'POST /api/v1/users': [A],
  'GET /api/v1/users/:id': [A],
  'PATCH /api/v1/users/:id': [A],

  // Categories, products: admin and warehouse RW; sales staff and customers R.
  'GET /api/v1/categories': [A, W, S, C],
  'GET /api/v1/categories/:id': [A, W, S, C],
  'POST /api/v1/categories': [A, W],
  'PATCH /api/v1/categories/:id': [A, W],
  'DELETE /api/v1/categories/:id': [A, W],
  'GET /api/v1/products': [A, W, S, C],
  'GET /api/v1/products/:id': [A, W, S, C],
  'GET /api/v1/products/by-barcode/:code': [A, W, S, C],
  'POST /api/v1/products': [A, W],
  'PATCH /api/v1/products/:id': [A, W],
  'DELETE /api/v1/products/:id': [A, W],
  'POST /api/v1/products/:id/images': [A, W],
  'DELETE /api/v1/products/:id/images/:imageId': [A, W],
  'POST /api/v1/products/import': [A, W],
  // Labels go on shelves and stock: printed by whoever keeps the catalog (not sales staff, not customers).
  'POST /api/v1/products/labels': [A, W],
  // The roles table is silent: the CSV export (with costs) sits beside the import, for those who keep the catalog.
  'GET /api/v1/products/export': [A, W],

  // Stock levels: staff R (customers see availability on the products instead).
  'GET /api/v1/stock': [A, W, S],
  // Locations: the roles table is silent; staff read them (sales staff place orders from a location), the
  // inventory roles keep them.
  'GET /api/v1/locations': [A, W, S],
  'GET /api/v1/locations/:id': [A, W, S],
  'POST /api/v1/locations': [A, W],
  'PATCH /api/v1/locations/:id': [A, W],
  // Receipts, adjustments, transfers, counts: admin and warehouse W.
  'POST /api/v1/stock/receipts': [A, W],
  'POST /api/v1/stock/adjustments': [A, W],
  'POST /api/v1/stock/transfers': [A, W],
  'POST /api/v1/stock/counts': [A, W],
  // Movements ledger, alerts: admin and warehouse RW, sales staff R.
  'GET /api/v1/stock/movements': [A, W, S],
  'GET /api/v1/alerts': [A, W, S],
  'POST /api/v1/alerts/:id/acknowledge': [A, W],

  // Customers: admin RW, warehouse R, sales staff RW, a customer their own profile.
  'GET /api/v1/customers': [A, W, S],
  'GET /api/v1/customers/:id': [A, W, S],
  'POST /api/v1/customers': [A, S],
  'PATCH /api/v1/customers/:id': [A, S],
  // Delete customer (with reason, audited): admin only.
  'DELETE /api/v1/customers/:id': [A],
  // The caller's own customer profile. Staff pass the guard and get 404 (they have no
  // customer record): harmless, and what the code does.
  'GET /api/v1/customers/me': [A, W, S, C],
  'PATCH /api/v1/customers/me': [A, W, S, C],

  // Orders: create by admin, sales staff (any customer) and customers (own); everyone reads
  // (warehouse processes and ships; a customer their own). Which transition each role may make
  // is the transition table's (confirm/cancel: admin, sales; process/ship/deliver: admin,
  // warehouse; a customer cancels their own pending order), so all four reach it.
  'GET /api/v1/orders': [A, W, S, C],
  'GET /api/v1/orders/:id': [A, W, S, C],
  'GET /api/v1/orders/:id/invoice.pdf': [A, W, S, C],
  'POST /api/v1/orders': [A, S, C],
  'POST /api/v1/orders/:id/transitions': [A, W, S, C],

  // Returns: admin W; sales staff open (and cancel what they opened); warehouse receives the
  // goods; a customer reads their own.
  'POST /api/v1/orders/:id/returns': [A, S],
  'POST /api/v1/returns/:id/cancel': [A, S],
  'POST /api/v1/returns/:id/receive': [A, W],
  'GET /api/v1/returns': [A, W, S, C],
  'GET /api/v1/returns/:id': [A, W, S, C],

  // Debts, payments: admin and sales staff RW, a customer R own; warehouse nothing.
  'GET /api/v1/debts': [A, S, C],
  'GET /api/v1/debts/:id': [A, S, C],
  // Manual debts (opening balances): "Admins can also record manual debts".
  'POST /api/v1/debts': [A],
  'GET /api/v1/payments': [A, S, C],
  'GET /api/v1/payments/:id': [A, S, C],
  'POST /api/v1/payments': [A, S],
  'POST /api/v1/payments/:id/void': [A, S],
  // The statement is a customer's debts and payments: R own for customers.
  'GET /api/v1/customers/:id/statement': [A, S, C],
  // The figures of the credit check (limit, balance, pending credit): receivables, R own for customers.
  'GET /api/v1/customers/:id/credit': [A, S, C],
  // The debtors list is every customer's balance: staff who manage receivables only.
  'GET /api/v1/debtors': [A, S],

  // Reports, dashboard: admin R; warehouse R (inventory); sales staff R (sales, receivables).
  'GET /api/v1/reports/dashboard': [A, W, S],
  'GET /api/v1/reports/inventory-valuation': [A, W],
  'GET /api/v1/reports/movements-summary': [A, W],
  'GET /api/v1/reports/reorder-suggestions': [A, W],
  'GET /api/v1/inventory/valuation': [A, W],
  'GET /api/v1/inventory/value-history': [A, W],
  // "A snapshot … every day automatically (and on demand)": an inventory report's action.
  'POST /api/v1/inventory/value-history/snapshots': [A, W],
  'GET /api/v1/reports/sales': [A, S],
  'GET /api/v1/reports/sales-by-category': [A, S],
  'GET /api/v1/reports/sales-by-staff': [A, S],
  'GET /api/v1/reports/top-products': [A, S],
  'GET /api/v1/reports/receivables-aging': [A, S],
  'GET /api/v1/reports/payments': [A, S],

  // Audit log, settings: admin only.
  'GET /api/v1/audit-log': [A],
  'GET /api/v1/settings': [A],
  'PATCH /api/v1/settings': [A],

  // Suppliers and purchase orders: the roles table says only "receiving" for warehouse staff
  // (also against an open purchase order). The inventory roles keep them; sales staff read them, to tell
  // customers when goods arrive.
  'GET /api/v1/suppliers': [A, W, S],
  'GET /api/v1/suppliers/:id': [A, W, S],
  'GET /api/v1/suppliers/:id/products': [A, W, S],
  'GET /api/v1/products/:id/suppliers': [A, W, S],
  'POST /api/v1/suppliers': [A, W],
  'PATCH /api/v1/suppliers/:id': [A, W],
  'DELETE /api/v1/suppliers/:id': [A, W],
  'PUT /api/v1/suppliers/:id/products/:productId': [A, W],
  'DELETE /api/v1/suppliers/:id/products/:productId': [A, W],
  'GET /api/v1/purchase-orders': [A, W, S],
  'GET /api/v1/purchase-orders/:id': [A, W, S],
  'GET /api/v1/purchase-orders/:id/pdf': [A, W, S],
  'POST /api/v1/purchase-orders': [A, W],
  'PATCH /api/v1/purchase-orders/:id': [A, W],
  'POST /api/v1/purchase-orders/:id/email': [A, W],
  'POST /api/v1/purchase-orders/:id/receipts': [A, W],
  'POST /api/v1/purchase-orders/:id/transitions': [A, W],
  'POST /api/v1/purchase-orders/from-suggestions': [A, W],
};
