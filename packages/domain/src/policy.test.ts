import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  can,
  canChangeRoleOf,
  canOverrideUnpaidDelivery,
  canSetShipping,
  maxDiscountBp,
  ownRecordsOnly,
  ownsCustomerRecord,
  removesActiveAdmin,
} from './policy';
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

  it('splits stock from receivables between the staff roles', () => {
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

describe('order rules the screens show', () => {
  it('lets sales staff discount up to 20 %, an admin up to everything, a customer not at all', () => {
    expect(maxDiscountBp('sales_staff')).toBe(2000);
    expect(maxDiscountBp('admin')).toBe(10_000);
    expect(maxDiscountBp('customer')).toBe(0);
    expect(maxDiscountBp('warehouse_manager')).toBe(0);
  });

  it('lets the staff who place orders set shipping, and only an admin override an unpaid cash delivery', () => {
    expect(ROLES.filter(canSetShipping)).toEqual(['admin', 'sales_staff']);
    expect(ROLES.filter(canOverrideUnpaidDelivery)).toEqual(['admin']);
  });
});

describe('own records', () => {
  it("limits a customer to their own customer's records, and staff to none", () => {
    expect(ROLES.filter(ownRecordsOnly)).toEqual(['customer']);
    const ana = { role: 'customer' as const, customerId: 7 };
    expect(ownsCustomerRecord(ana, 7)).toBe(true);
    expect(ownsCustomerRecord(ana, 8)).toBe(false);
    expect(ownsCustomerRecord({ role: 'customer', customerId: null }, null)).toBe(false);
    expect(ownsCustomerRecord({ role: 'sales_staff', customerId: null }, 8)).toBe(true);
  });
});

describe('user accounts', () => {
  it('never changes the role of a customer account', () => {
    expect(canChangeRoleOf('customer')).toBe(false);
    expect(canChangeRoleOf('warehouse_manager')).toBe(true);
  });

  it('sees demoting or disabling an active admin as removing one, and nothing else', () => {
    const admin = { role: 'admin' as const, status: 'active' as const };
    expect(removesActiveAdmin(admin, { ...admin, role: 'sales_staff' })).toBe(true);
    expect(removesActiveAdmin(admin, { ...admin, status: 'disabled' })).toBe(true);
    expect(removesActiveAdmin(admin, admin)).toBe(false);
    expect(removesActiveAdmin({ ...admin, status: 'disabled' }, { ...admin, role: 'sales_staff' })).toBe(false);
    expect(removesActiveAdmin({ role: 'sales_staff', status: 'active' }, admin)).toBe(false);
  });
});
