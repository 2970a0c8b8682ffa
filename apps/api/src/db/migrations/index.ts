import type { Migration } from 'kysely';
import * as foundation from './0001-foundation';
import * as catalogInventory from './0002-catalog-inventory';
import * as orders from './0003-orders';
import * as receivables from './0004-receivables';
import * as reports from './0005-reports';
import * as purchasing from './0006-purchasing';
import * as dashboardIndexes from './0007-dashboard-indexes';
import * as orderExpiry from './0008-order-expiry';
import * as idempotentStock from './0009-idempotent-stock';
import * as categoryCounts from './0010-category-counts';

/** Every migration, in order. The names are the keys recorded in the database. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-catalog-inventory': catalogInventory,
  '0003-orders': orders,
  '0004-receivables': receivables,
  '0005-reports': reports,
  '0006-purchasing': purchasing,
  '0007-dashboard-indexes': dashboardIndexes,
  '0008-order-expiry': orderExpiry,
  '0009-idempotent-stock': idempotentStock,
  '0010-category-counts': categoryCounts,
};
