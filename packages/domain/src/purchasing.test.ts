import { describe, expect, it } from 'vitest';
import { can } from './policy';
import {
  canReceivePurchaseOrder,
  canTransitionPurchaseOrder,
  excessQuantity,
  nextPurchaseOrderStatuses,
  outstandingQuantity,
  PURCHASE_ORDER_STATUSES,
  purchaseOrderTotal,
  statusAfterReceipt,
} from './purchasing';

describe('purchase order transitions', () => {
  it('send and cancel by action, receive by receipt', () => {
    expect(canTransitionPurchaseOrder('draft', 'sent', 'action')).toEqual({ ok: true });
    expect(canTransitionPurchaseOrder('draft', 'cancelled', 'action')).toEqual({ ok: true });
    expect(canTransitionPurchaseOrder('sent', 'cancelled', 'action')).toEqual({ ok: true });
    expect(canTransitionPurchaseOrder('sent', 'partially_received', 'receipt')).toEqual({ ok: true });
    expect(canTransitionPurchaseOrder('sent', 'received', 'receipt')).toEqual({ ok: true });
    expect(canTransitionPurchaseOrder('partially_received', 'partially_received', 'receipt')).toEqual({ ok: true });
    expect(canTransitionPurchaseOrder('partially_received', 'received', 'receipt')).toEqual({ ok: true });
  });

  it('refuse everything outside the table', () => {
    const refused = { ok: false, reason: 'invalid_transition' };
    expect(canTransitionPurchaseOrder('draft', 'received', 'action')).toEqual(refused);
    expect(canTransitionPurchaseOrder('draft', 'partially_received', 'receipt')).toEqual(refused);
    // Goods arriving is not something one clicks, and sending is not a delivery.
    expect(canTransitionPurchaseOrder('sent', 'received', 'action')).toEqual(refused);
    expect(canTransitionPurchaseOrder('draft', 'sent', 'receipt')).toEqual(refused);
    // Cancelled only from draft or sent.
    expect(canTransitionPurchaseOrder('partially_received', 'cancelled', 'action')).toEqual(refused);
    expect(canTransitionPurchaseOrder('received', 'cancelled', 'action')).toEqual(refused);
    for (const to of PURCHASE_ORDER_STATUSES) {
      for (const move of ['action', 'receipt'] as const) {
        expect(canTransitionPurchaseOrder('cancelled', to, move)).toEqual(refused);
        expect(canTransitionPurchaseOrder('received', to, move)).toEqual(refused);
      }
    }
  });

  it('tell clients the buttons and whether goods may arrive', () => {
    expect(nextPurchaseOrderStatuses('draft')).toEqual(['sent', 'cancelled']);
    expect(nextPurchaseOrderStatuses('sent')).toEqual(['cancelled']);
    expect(nextPurchaseOrderStatuses('partially_received')).toEqual([]);
    expect(PURCHASE_ORDER_STATUSES.filter(canReceivePurchaseOrder)).toEqual(['sent', 'partially_received']);
  });
});

describe('receiving progress', () => {
  it('owes what is not yet received, never less than nothing', () => {
    expect(outstandingQuantity({ quantity: 10, receivedQuantity: 4 })).toBe(6);
    expect(outstandingQuantity({ quantity: 10, receivedQuantity: 12 })).toBe(0);
  });

  it('counts the units of a delivery beyond the order', () => {
    expect(excessQuantity({ quantity: 10, receivedQuantity: 4 }, 6)).toBe(0);
    expect(excessQuantity({ quantity: 10, receivedQuantity: 4 }, 8)).toBe(2);
    // Once over, every further unit is excess.
    expect(excessQuantity({ quantity: 10, receivedQuantity: 12 }, 3)).toBe(3);
  });

  it('is received only when every line has all it ordered', () => {
    expect(
      statusAfterReceipt([
        { quantity: 10, receivedQuantity: 10 },
        { quantity: 5, receivedQuantity: 4 },
      ]),
    ).toBe('partially_received');
    expect(
      statusAfterReceipt([
        { quantity: 10, receivedQuantity: 11 },
        { quantity: 5, receivedQuantity: 5 },
      ]),
    ).toBe('received');
  });

  it('totals lines at their expected cost in integer cents', () => {
    expect(
      purchaseOrderTotal([
        { quantity: 3, unitCostCents: 333 },
        { quantity: 2, unitCostCents: 1 },
      ]),
    ).toBe(1001);
  });
});

describe('purchasing capabilities', () => {
  it('belong to admins and warehouse managers; sales staff read; customers nothing', () => {
    for (const capability of ['suppliers.manage', 'purchasing.manage'] as const) {
      expect(can('admin', capability)).toBe(true);
      expect(can('warehouse_manager', capability)).toBe(true);
      expect(can('sales_staff', capability)).toBe(false);
      expect(can('customer', capability)).toBe(false);
    }
    expect(can('sales_staff', 'purchasing.read')).toBe(true);
    expect(can('customer', 'purchasing.read')).toBe(false);
  });
});
