import {
  countBody,
  manualDebtBody,
  openReturnBody,
  placeOrderBody,
  recordPaymentBody,
  transitionBody,
  type Order,
  type PlaceOrderBody,
} from '@bodega/contract';
import { addDays, type OrderStatus } from '@bodega/domain';
import { acknowledgeAlert } from '../../modules/inventory/acknowledge-alert';
import { countStock } from '../../modules/inventory/count-stock';
import { placeOrder } from '../../modules/orders/place-order';
import { transitionOrder } from '../../modules/orders/transition-order';
import { createManualDebt } from '../../modules/receivables/create-manual-debt';
import { recordPayment } from '../../modules/receivables/record-payment';
import { voidPayment } from '../../modules/receivables/void-payment';
import { receiveReturn } from '../../modules/returns/receive-return';
import { openReturn } from '../../modules/returns/open-return';
import type { Actor } from '../../platform/context';
import type { Sim } from './orders';
import { levelsAt, stockUp } from './stock';
import { dayOf, DEMO_META, localTime, tick, type DemoCustomer, type DemoProduct, type World } from './world';

/*
 * The cases every screen needs, by construction rather than by luck of the draw. A random
 * history of two weeks may, on some days, hold no voided payment or no damaged return; so one
 * customer of the business (`w.showcase`, kept out of the random history) goes through a fixed
 * story over the history's last week, at fixed local times of fixed days before its last day,
 * through the same use-cases:
 *
 *   opening balance, long overdue   → paid in part (partially paid and still overdue)
 *   a cheque on account, voided     → a voided payment
 *   order A, credit, discounted     → delivered, then a return: one line resellable, one damaged
 *   orders B … F                    → cancelled, shipped, processing, confirmed (cash), pending (cash)
 *
 * Nothing random can touch this customer's debts, orders or payments, and the stock each order
 * needs is received first when the shelf is short, so every step succeeds whatever the day,
 * the time zone or the seed; a step that fails is a bug and stops the demo. The low-stock
 * alerts are settled after the history instead (`lowStockToSee`), when nothing random runs.
 */

/** How long before the due date the opening balance already was when the history ends. */
const OVERDUE_DAYS = 45;

type Step = { daysBefore: number; hour: number; run: () => Promise<void> };

/** Strict: a scripted step is not a random draw that may be refused, so any refusal is a bug. */
async function must<T>(w: World, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`demo: scripted case "${what}" failed at ${w.ctx.now().toISOString()}: ${message}`, {
      cause: err,
    });
  }
}

/**
 * Opens the showcase customer's opening balance now (the history's start) and puts the rest of
 * its story on the agenda. Days are counted back from the history's last local day, so every
 * step is in the past whenever the history ends.
 */
export async function scriptCases(sim: Sim): Promise<void> {
  const { w, agenda } = sim;
  const customer = w.showcase;
  if (!customer) throw new Error('demo: no showcase customer (a size needs more customers than linked users)');
  const lastDay = dayOf(w, w.endMs);

  const balance = await must(w, 'opening balance', () =>
    createManualDebt(
      w.ctx,
      w.actors.admin,
      manualDebtBody.parse({
        customerId: customer.id,
        amountCents: 48_000,
        dueDate: addDays(lastDay, -OVERDUE_DAYS),
        note: 'Saldo inicial del cuaderno de fiados (temporada anterior)',
      }),
      DEMO_META,
    ),
  );
  tick(w);

  const orders = new Map<string, Order>();
  const order = (key: string) => {
    const found = orders.get(key);
    if (!found) throw new Error(`demo: scripted order ${key} was not placed`);
    return found;
  };
  const place =
    (key: string, terms: 'cash' | 'credit', quantities: number[], extra: Partial<PlaceOrderBody> = {}) =>
    async () =>
      void orders.set(key, await placeFor(w, customer, key, terms, quantities, extra));
  const move = (key: string, to: OrderStatus, reason?: string) => async () => {
    const actor = ['confirmed', 'cancelled'].includes(to) ? w.actors.sales : w.actors.warehouse;
    await transition(w, actor, order(key), to, reason);
  };
  let cheque = 0;
  let returnId = 0;

  const steps: Step[] = [
    { daysBefore: 6, hour: 10, run: () => payBalance(w, customer, balance.id, 20_000, 'transfer').then(() => {}) },
    { daysBefore: 6, hour: 11, run: place('A', 'credit', [2, 1], { discount: wholesale }) },
    { daysBefore: 6, hour: 11.3, run: move('A', 'confirmed') },
    { daysBefore: 6, hour: 15, run: move('A', 'processing') },
    { daysBefore: 5, hour: 9.5, run: move('A', 'shipped') },
    {
      daysBefore: 5,
      hour: 12,
      run: async () => void (cheque = await payBalance(w, customer, balance.id, 15_000, 'other')),
    },
    { daysBefore: 5, hour: 16, run: place('B', 'credit', [1]) },
    { daysBefore: 5, hour: 16.25, run: move('B', 'confirmed') },
    { daysBefore: 4, hour: 10, run: move('A', 'delivered') },
    { daysBefore: 4, hour: 11, run: move('B', 'cancelled', 'El cliente ya no lo necesita') },
    {
      daysBefore: 3,
      hour: 10.5,
      run: async () => {
        await must(w, 'void the bounced cheque', () =>
          voidPayment(w.ctx, w.actors.sales, cheque, 'Cheque rechazado por el banco', DEMO_META),
        );
        w.stats.voids++;
      },
    },
    { daysBefore: 2, hour: 9, run: place('C', 'credit', [1, 1]) },
    { daysBefore: 2, hour: 9.3, run: move('C', 'confirmed') },
    { daysBefore: 2, hour: 12, run: async () => void (returnId = await returnBoth(w, order('A'))) },
    { daysBefore: 2, hour: 14, run: move('C', 'processing') },
    {
      daysBefore: 1,
      hour: 9,
      run: async () => {
        await must(w, 'receive the return', () => receiveReturn(w.ctx, w.actors.warehouse, returnId, DEMO_META));
      },
    },
    { daysBefore: 1, hour: 10, run: move('C', 'shipped') },
    { daysBefore: 1, hour: 11, run: place('D', 'credit', [3]) },
    { daysBefore: 1, hour: 11.3, run: move('D', 'confirmed') },
    { daysBefore: 1, hour: 15, run: move('D', 'processing') },
    { daysBefore: 1, hour: 16, run: place('E', 'cash', [1]) },
    { daysBefore: 1, hour: 16.25, run: move('E', 'confirmed') },
    { daysBefore: 1, hour: 17.5, run: place('F', 'cash', [2], { notes: 'Pasa a retirar el sábado' }) },
  ];

  // In story order, never before the history's start (a custom size may have fewer days than
  // the story): equal times keep the agenda's insertion order.
  let previous = w.startMs;
  for (const step of steps) {
    const at = Math.max(previous, localTime(addDays(lastDay, -step.daysBefore), step.hour, w.timeZone));
    previous = at;
    agenda.at(at, step.run);
  }
}

const wholesale = { type: 'percent', percent: 10, reason: 'Cliente mayorista' } as const;

/** The cheapest products on sale, one per line, with the units received first when short. */
async function placeFor(
  w: World,
  customer: DemoCustomer,
  key: string,
  paymentTerms: 'cash' | 'credit',
  quantities: number[],
  extra: Partial<PlaceOrderBody>,
): Promise<Order> {
  const products = w.products
    .filter((p) => !p.archived)
    .sort((a, b) => a.priceCents - b.priceCents || a.id - b.id)
    .slice(0, quantities.length);
  if (products.length < quantities.length) throw new Error(`demo: too few products for scripted order ${key}`);
  const lines = products.map((product, i) => ({ product, quantity: quantities[i]! }));
  await stockUp(w, w.locations.main, lines);
  const body = placeOrderBody.parse({
    customerId: customer.id,
    lines: lines.map(({ product, quantity }) => ({ productId: product.id, quantity })),
    paymentTerms,
    locationId: w.locations.main,
    ...extra,
  });
  const { order } = await must(w, `order ${key}`, () => placeOrder(w.ctx, w.actors.sales, body, undefined, DEMO_META));
  w.stats.orders++;
  w.stats.lines += order.lines.length;
  return order;
}

async function transition(w: World, actor: Actor, order: Order, to: OrderStatus, reason?: string): Promise<void> {
  const body = transitionBody.parse({ to, ...(reason ? { reason } : {}) });
  await must(w, `order ${order.number} → ${to}`, () => transitionOrder(w.ctx, actor, order.id, body, DEMO_META));
}

/** A payment allocated to the opening balance only: the orders' debts keep their own story. */
async function payBalance(
  w: World,
  customer: DemoCustomer,
  debtId: number,
  amountCents: number,
  method: 'transfer' | 'other',
): Promise<number> {
  const body = recordPaymentBody.parse({
    customerId: customer.id,
    amountCents,
    method,
    reference: method === 'transfer' ? 'TRF-204518' : 'Cheque n.º 00048213',
    allocations: [{ debtId, amountCents }],
  });
  const { payment } = await must(w, `payment of ${amountCents}`, () =>
    recordPayment(w.ctx, w.actors.sales, body, undefined, DEMO_META),
  );
  w.stats.payments++;
  return payment.id;
}

/** One unit of each of the order's first two lines back: the first to the shelf, the second written off. */
async function returnBoth(w: World, order: Order): Promise<number> {
  const [first, second] = order.lines;
  if (!first || !second) throw new Error(`demo: scripted order ${order.number} needs two lines`);
  const body = openReturnBody.parse({
    reason: 'Una unidad llegó golpeada y otra sobraba',
    lines: [
      { productId: first.productId, quantity: 1, condition: 'resellable' },
      { productId: second.productId, quantity: 1, condition: 'damaged' },
    ],
  });
  const opened = await must(w, `return on ${order.number}`, () =>
    openReturn(w.ctx, w.actors.sales, order.id, body, DEMO_META),
  );
  w.stats.returns++;
  return opened.id;
}

/**
 * After the history, when nothing random runs any more: at least two unresolved stock alerts,
 * one still open and one acknowledged. When the history left fewer (restocking usually catches
 * up), the showcase customer's big order of the evening takes the products with the least
 * stock above their reorder point down to it; a product whose units are spread over the shop
 * and the back room is found short by the closing count instead.
 */
export async function lowStockToSee(w: World): Promise<void> {
  const unresolved = () =>
    w.ctx.db
      .selectFrom('stock_alerts')
      .select(['id', 'product_id', 'status'])
      .where('status', 'in', ['open', 'acknowledged'])
      .orderBy('id')
      .execute();
  let alerts = await unresolved();
  const acknowledged = alerts.some((a) => a.status === 'acknowledged');
  const missing = (acknowledged ? 1 : 2) - alerts.filter((a) => a.status === 'open').length;
  if (missing > 0) {
    const alerted = new Set(alerts.map((a) => a.product_id));
    const shelves = (
      await shelvesOf(
        w,
        w.products.filter((p) => !p.archived && !alerted.has(p.id)),
      )
    )
      .sort((a, b) => a.headroom - b.headroom || a.product.id - b.product.id)
      .slice(0, missing);
    const ordered = shelves.filter((s) => s.mainAvailable >= s.headroom);
    if (ordered.length) {
      const body = placeOrderBody.parse({
        customerId: w.showcase!.id,
        lines: ordered.map((s) => ({ productId: s.product.id, quantity: s.headroom })),
        paymentTerms: 'cash',
        locationId: w.locations.main,
        notes: 'Pedido grande: confirmar stock y precio mañana',
      });
      const { order } = await must(w, 'the big order of the evening', () =>
        placeOrder(w.ctx, w.actors.sales, body, undefined, DEMO_META),
      );
      w.stats.orders++;
      w.stats.lines += order.lines.length;
      tick(w);
    }
    for (const shelf of shelves.filter((s) => s.mainAvailable < s.headroom)) await countDown(w, shelf);
    alerts = await unresolved();
  }
  const open = alerts.filter((a) => a.status === 'open');
  if (!alerts.some((a) => a.status === 'acknowledged') && open.length >= 2) {
    await must(w, 'acknowledge an alert', () => acknowledgeAlert(w.ctx, w.actors.warehouse, open[0]!.id, DEMO_META));
    tick(w);
  }
}

type Shelf = {
  product: DemoProduct;
  /** Units available over every location above the reorder point. */
  headroom: number;
  mainAvailable: number;
  levels: { locationId: number; onHand: number; reserved: number }[];
};

/** The products that are still above their reorder point, with their levels. */
async function shelvesOf(w: World, products: DemoProduct[]): Promise<Shelf[]> {
  const ids = products.map((p) => p.id);
  const locations = [w.locations.main, w.locations.shop, w.locations.back];
  const byLocation: Awaited<ReturnType<typeof levelsAt>>[] = [];
  for (const locationId of locations) byLocation.push(await levelsAt(w, locationId, ids));
  return products
    .map((product) => {
      const levels = locations.flatMap((locationId, i) => {
        const level = byLocation[i]!.get(product.id);
        return level ? [{ locationId, ...level }] : [];
      });
      const headroom = levels.reduce((s, l) => s + l.onHand - l.reserved, 0) - product.reorderPoint;
      const main = levels.find((l) => l.locationId === w.locations.main);
      return { product, headroom, mainAvailable: main ? main.onHand - main.reserved : 0, levels };
    })
    .filter((s) => s.headroom > 0);
}

/** Counts a product at each location, main first, until its total available is its reorder point. */
async function countDown(w: World, { product, headroom, levels }: Shelf): Promise<void> {
  let excess = headroom;
  for (const level of levels) {
    const short = Math.min(excess, level.onHand - level.reserved);
    if (short <= 0) continue;
    const body = countBody.parse({
      productId: product.id,
      locationId: level.locationId,
      countedQuantity: level.onHand - short,
      note: 'Recuento de cierre: faltan unidades',
    });
    await must(w, `closing count of ${product.name}`, () =>
      countStock(w.ctx, w.actors.warehouse, body, undefined, DEMO_META),
    );
    w.stats.counts++;
    excess -= short;
    tick(w);
    if (excess <= 0) break;
  }
}
