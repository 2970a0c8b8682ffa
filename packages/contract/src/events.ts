import { ALERT_STATUSES, ALERT_TYPES, ORDER_STATUSES } from '@bodega/domain';
import * as z from 'zod';

/** Real-time events, sent only after their transaction commits. */
export const stockChangedEvent = z.object({
  productId: z.number().int(),
  locationId: z.number().int(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
});
/** What a customer receives as `stock.changed`: availability only, never on-hand or reserved. */
export const stockAvailabilityEvent = stockChangedEvent.pick({ productId: true, locationId: true, available: true });
export const alertEvent = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  type: z.enum(ALERT_TYPES),
  status: z.enum(ALERT_STATUSES),
  available: z.number().int(),
  reorderPoint: z.number().int(),
});

export const orderEvent = z.object({
  id: z.number().int(),
  number: z.string(),
  customerId: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  totalCents: z.number().int(),
  paidCents: z.number().int(),
});

/** `payment.recorded` and `payment.voided`: the event's name says which happened. */
export const paymentEvent = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  amountCents: z.number().int(),
  /** Orders whose paid amount changed. */
  orderIds: z.array(z.number().int()),
  balanceCents: z.number().int().meta({ description: "the customer's open balance afterwards" }),
});

export type DomainEvent =
  | { name: 'stock.changed'; payload: z.infer<typeof stockChangedEvent> }
  | { name: 'alert.opened'; payload: z.infer<typeof alertEvent> }
  | { name: 'alert.resolved'; payload: z.infer<typeof alertEvent> }
  | { name: 'order.created'; payload: z.infer<typeof orderEvent> }
  | { name: 'order.updated'; payload: z.infer<typeof orderEvent> }
  | { name: 'payment.recorded'; payload: z.infer<typeof paymentEvent> }
  | { name: 'payment.voided'; payload: z.infer<typeof paymentEvent> };
export type DomainEventName = DomainEvent['name'];

/**
 * The Socket.IO events a client can receive (server → client), with their payload schemas;
 * docs/realtime.md says who receives which. `stock.changed` reaches staff as
 * `stockChangedEvent` and customers as `stockAvailabilityEvent`.
 */
export const socketEvents = {
  'stock.changed': stockChangedEvent.or(stockAvailabilityEvent),
  'alert.opened': alertEvent,
  'alert.resolved': alertEvent,
  'order.created': orderEvent,
  'order.updated': orderEvent,
  'payment.recorded': paymentEvent,
  'payment.voided': paymentEvent,
} as const satisfies Record<DomainEventName, z.ZodType>;

/** For `io<ServerToClientEvents>()` in a typed socket.io-client. */
export type ServerToClientEvents = {
  [N in DomainEventName]: (payload: z.infer<(typeof socketEvents)[N]>) => void;
};
