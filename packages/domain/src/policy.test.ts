import { describe, expect, it } from 'vitest';
import { CAPABILITIES, can } from './policy';
import { ROLES } from './roles';

describe('policy', () => {
  it('gives admin every capability', () => {
    for (const capability of CAPABILITIES) expect(can('admin', capability)).toBe(true);
  });

  it('never lets a customer manage users, settings, the audit log or stock', () => {
    for (const capability of ['users.manage', 'settings.manage', 'audit.read', 'stock.write', 'stock.read'] as const) {
      expect(can('customer', capability)).toBe(false);
    }
  });

  it('follows the SPEC matrix for the staff split', () => {
    expect(can('warehouse_manager', 'stock.write')).toBe(true);
    expect(can('sales_staff', 'stock.write')).toBe(false);
    expect(can('sales_staff', 'receivables.manage')).toBe(true);
    expect(can('warehouse_manager', 'receivables.manage')).toBe(false);
    expect(can('warehouse_manager', 'orders.create')).toBe(false);
    expect(can('sales_staff', 'orders.create')).toBe(true);
    expect(can('sales_staff', 'customers.delete')).toBe(false);
  });

  it('lets every role read its own profile', () => {
    for (const role of ROLES) expect(can(role, 'profile.own')).toBe(true);
  });
});
