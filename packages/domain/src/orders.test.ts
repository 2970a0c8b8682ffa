import { describe, expect, it } from 'vitest';
import { canTransition, nextStatuses } from './orders';

describe('canTransition', () => {
  it('follows the SPEC workflow', () => {
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
    expect(nextStatuses('pending', 'sales_staff')).toEqual(['confirmed', 'cancelled']);
    expect(nextStatuses('delivered', 'admin')).toEqual([]);
  });
});
