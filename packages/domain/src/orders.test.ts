import { describe, expect, it } from 'vitest';
import { canTransition, checkOrderMove, nextStatuses, transitionsFor, type OrderFacts } from './orders';
import { ROLES } from './roles';

describe('canTransition', () => {
  it('follows the order workflow', () => {
    expect(canTransition('pending', 'confirmed', 'sales_staff')).toEqual({ ok: true });
    expect(canTransition('confirmed', 'processing', 'warehouse_manager')).toEqual({ ok: true });
    expect(canTransition('processing', 'shipped', 'warehouse_manager')).toEqual({ ok: true });
    expect(canTransition('shipped', 'delivered', 'admin')).toEqual({ ok: true });
    expect(canTransition('pending', 'shipped', 'admin')).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(canTransition('delivered', 'cancelled', 'admin')).toEqual({ ok: false, reason: 'invalid_transition' });
    expect(canTransition('shipped', 'cancelled', 'admin')).toEqual({ ok: false, reason: 'invalid_transition' });
  });
  it('lets a customer only cancel while pending', () => {
    expect(canTransition('pending', 'cancelled', 'customer')).toEqual({ ok: true });
    expect(canTransition('confirmed', 'cancelled', 'customer')).toEqual({ ok: false, reason: 'forbidden' });
    expect(canTransition('pending', 'confirmed', 'customer')).toEqual({ ok: false, reason: 'forbidden' });
  });
  it('keeps warehouse and sales apart', () => {
    expect(canTransition('pending', 'confirmed', 'warehouse_manager')).toEqual({ ok: false, reason: 'forbidden' });
    expect(canTransition('confirmed', 'processing', 'sales_staff')).toEqual({ ok: false, reason: 'forbidden' });
    expect(nextStatuses('sales_staff', order({ status: 'pending' }))).toEqual(['confirmed', 'cancelled']);
    expect(nextStatuses('admin', order({ status: 'delivered' }))).toEqual([]);
  });
});

const order = (facts: Partial<OrderFacts>): OrderFacts => ({
  status: 'pending',
  paymentTerms: 'credit',
  totalCents: 10_000,
  paidCents: 0,
  creditedCents: 0,
  ...facts,
});

describe('checkOrderMove', () => {
  it('refuses cancelling an order with payments, for every role', () => {
    const paid = order({ status: 'confirmed', paidCents: 1 });
    expect(checkOrderMove('admin', paid, 'cancelled')).toEqual({ ok: false, reason: 'order_has_payments' });
    expect(checkOrderMove('sales_staff', order({ status: 'confirmed' }), 'cancelled')).toEqual({ ok: true });
  });

  it('delivers an unpaid cash order only for an admin who gives a reason', () => {
    const unpaid = order({ status: 'shipped', paymentTerms: 'cash', paidCents: 4_000, creditedCents: 5_999 });
    expect(checkOrderMove('admin', unpaid, 'delivered')).toEqual({ ok: false, reason: 'unpaid_cash_order' });
    expect(checkOrderMove('admin', unpaid, 'delivered', 'paid at the door')).toEqual({ ok: true });
    expect(checkOrderMove('warehouse_manager', unpaid, 'delivered', 'paid at the door')).toEqual({
      ok: false,
      reason: 'unpaid_cash_order',
    });
  });

  it('delivers a cash order paid in full (payments and return credit together), and any credit order', () => {
    const settled = order({ status: 'shipped', paymentTerms: 'cash', paidCents: 4_000, creditedCents: 6_000 });
    expect(checkOrderMove('warehouse_manager', settled, 'delivered')).toEqual({ ok: true });
    expect(checkOrderMove('warehouse_manager', order({ status: 'shipped' }), 'delivered')).toEqual({ ok: true });
  });

  it('checks the table before the business rules', () => {
    const paid = order({ status: 'confirmed', paidCents: 1 });
    expect(checkOrderMove('customer', paid, 'cancelled')).toEqual({ ok: false, reason: 'forbidden' });
    expect(checkOrderMove('admin', paid, 'shipped')).toEqual({ ok: false, reason: 'invalid_transition' });
  });
});

describe('transitionsFor', () => {
  it('offers a customer only cancelling their pending order', () => {
    expect(transitionsFor('customer', order({ status: 'pending' }))).toEqual([{ to: 'cancelled', needsReason: false }]);
    expect(transitionsFor('customer', order({ status: 'confirmed' }))).toEqual([]);
  });

  it('hides cancel once an order has payments', () => {
    expect(transitionsFor('sales_staff', order({ status: 'confirmed', paidCents: 500 }))).toEqual([]);
    expect(transitionsFor('admin', order({ status: 'processing', paidCents: 500 }))).toEqual([
      { to: 'shipped', needsReason: false },
    ]);
  });

  it('offers an admin delivering an unpaid cash order with a reason, and the warehouse nothing', () => {
    const unpaid = order({ status: 'shipped', paymentTerms: 'cash' });
    expect(transitionsFor('admin', unpaid)).toEqual([{ to: 'delivered', needsReason: true }]);
    expect(transitionsFor('warehouse_manager', unpaid)).toEqual([]);
    expect(transitionsFor('warehouse_manager', { ...unpaid, paidCents: 10_000 })).toEqual([
      { to: 'delivered', needsReason: false },
    ]);
  });

  it('offers exactly the moves checkOrderMove accepts, for every role, status and payment state', () => {
    for (const role of ROLES)
      for (const status of ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const)
        for (const facts of [{}, { paidCents: 10 }, { paymentTerms: 'cash' as const }, { paidCents: 10_000 }]) {
          const o = order({ status, ...facts });
          for (const to of ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled'] as const) {
            const offered = transitionsFor(role, o).find((m) => m.to === to);
            expect(Boolean(offered), `${role} ${status} → ${to}`).toBe(checkOrderMove(role, o, to, 'why').ok);
            if (offered) expect(offered.needsReason).toBe(!checkOrderMove(role, o, to).ok);
          }
        }
  });
});
