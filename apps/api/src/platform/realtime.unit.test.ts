import type { DomainEvent } from '@bodega/contract';
import { describe, expect, it } from 'vitest';
import { deliveriesOf, roomsOf } from './realtime';

const order = { id: 7, number: 'ORD-20261126-0007', customerId: 42, status: 'pending', totalCents: 1000, paidCents: 0 };
const level = { productId: 3, locationId: 1, onHand: 9, reserved: 2, available: 7 };
const alert = { id: 5, productId: 3, type: 'low_stock', status: 'open', available: 2, reorderPoint: 5 };
const payment = { id: 8, customerId: 42, amountCents: 500, orderIds: [7], balanceCents: 500 };

const routes = (event: DomainEvent) =>
  deliveriesOf(event).map((d) => ({ rooms: [...d.rooms].sort(), payload: d.payload }));

describe('who receives which event', () => {
  it('sends stock changes in full to staff and as availability to customers', () => {
    expect(routes({ name: 'stock.changed', payload: level })).toEqual([
      { rooms: ['role:admin', 'role:sales_staff', 'role:warehouse_manager'], payload: level },
      { rooms: ['catalog'], payload: { productId: 3, locationId: 1, available: 7 } },
    ]);
  });

  it('sends alerts to the staff who read them, and to no customer', () => {
    for (const name of ['alert.opened', 'alert.resolved'] as const) {
      expect(routes({ name, payload: alert } as DomainEvent)).toEqual([
        { rooms: ['role:admin', 'role:sales_staff', 'role:warehouse_manager'], payload: alert },
      ]);
    }
  });

  it("sends an order to staff and to that order's customer only", () => {
    for (const name of ['order.created', 'order.updated'] as const) {
      expect(routes({ name, payload: order } as DomainEvent)).toEqual([
        { rooms: ['customer:42', 'role:admin', 'role:sales_staff', 'role:warehouse_manager'], payload: order },
      ]);
    }
  });

  it('sends a payment to staff who read receivables and to its customer, not to the warehouse', () => {
    for (const name of ['payment.recorded', 'payment.voided'] as const) {
      expect(routes({ name, payload: payment })).toEqual([
        { rooms: ['customer:42', 'role:admin', 'role:sales_staff'], payload: payment },
      ]);
    }
  });

  it('drops any field the contract does not declare, so a cost added by mistake never leaves', () => {
    const leaky = { ...order, costCents: 123, margin: 0.4 } as typeof order;
    const [delivery] = deliveriesOf({ name: 'order.updated', payload: leaky } as DomainEvent);
    expect(JSON.stringify(delivery!.payload)).not.toMatch(/cost|margin/);
    const [staff, customers] = deliveriesOf({
      name: 'stock.changed',
      payload: { ...level, unitCostCents: 9 } as typeof level,
    });
    expect(Object.keys(staff!.payload as object)).not.toContain('unitCostCents');
    expect(Object.keys(customers!.payload as object).sort()).toEqual(['available', 'locationId', 'productId']);
  });
});

describe('the rooms a socket joins', () => {
  it('puts staff in the staff and role rooms, and a customer in the catalog and their own room', () => {
    expect(roomsOf({ userId: 1, sessionId: 10, role: 'warehouse_manager', customerId: null }).sort()).toEqual([
      'role:warehouse_manager',
      'session:10',
      'staff',
      'user:1',
    ]);
    expect(roomsOf({ userId: 2, sessionId: 11, role: 'customer', customerId: 42 }).sort()).toEqual([
      'catalog',
      'customer:42',
      'session:11',
      'user:2',
    ]);
  });
});
