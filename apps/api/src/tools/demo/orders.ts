import {
  openReturnBody,
  placeOrderBody,
  recordPaymentBody,
  transitionBody,
  type Order,
  type PlaceOrderBody,
} from '@bodega/contract';
import { OPEN_DEBT_STATUSES, type OrderStatus, type PaymentMethod } from '@bodega/domain';
import { placeOrder } from '../../modules/orders/place-order';
import { transitionOrder } from '../../modules/orders/transition-order';
import { openBalanceCents } from '../../modules/receivables/balance.queries';
import { recordPayment } from '../../modules/receivables/record-payment';
import { voidPayment } from '../../modules/receivables/void-payment';
import { cancelReturn } from '../../modules/returns/cancel-return';
import { receiveReturn } from '../../modules/returns/receive-return';
import { openReturn } from '../../modules/returns/open-return';
import type { Actor } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Agenda } from './agenda';
import type { WeightedSampler } from '../random';
import { CANCEL_REASONS, DISCOUNT_REASONS, ORDER_NOTES, RETURN_REASONS, VOID_REASONS } from './vocabulary';
import {
  attempt,
  DAY,
  DEMO_META,
  HOUR,
  inOpeningHours,
  tick,
  type DemoCustomer,
  type DemoProduct,
  type World,
} from './world';

type Fate = 'deliver' | 'cancel_pending' | 'cancel_confirmed' | 'cancel_processing' | 'paid_then_cancelled';

export type Plan = {
  id: number;
  number: string;
  customer: DemoCustomer;
  terms: 'cash' | 'credit';
  totalCents: number;
  fate: Fate;
  placedBy: Actor;
  lines: { productId: number; quantity: number }[];
  paymentId: number | null;
  paid: boolean;
  deliveryTries: number;
};

type Line = { productId: number; quantity: number };

export type Sim = { w: World; agenda: Agenda };

/** A customer's order, in full: shop and B2B orders both end up here. */
async function place(w: World, actor: Actor, input: PlaceOrderBody): Promise<Order | null> {
  let body = { ...input, lines: [...input.lines] };
  for (let round = 0; round < 3; round++) {
    try {
      const parsed = placeOrderBody.parse(body);
      const { order } = await placeOrder(w.ctx, actor, parsed, undefined, DEMO_META);
      w.stats.orders++;
      w.stats.lines += order.lines.length;
      return order;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      w.stats.refused[err.code] = (w.stats.refused[err.code] ?? 0) + 1;
      if (err.code === 'insufficient_stock') {
        // The customer takes what there is.
        const shortages = (err.details.extra?.['shortages'] ?? []) as { productId: number; available: number }[];
        const short = new Map(shortages.map((s) => [s.productId, Math.max(0, s.available)]));
        const lines = body.lines
          .map((l) => ({ ...l, quantity: Math.min(l.quantity, short.get(l.productId) ?? l.quantity) }))
          .filter((l) => l.quantity > 0);
        if (!lines.length) return null;
        // An amount discount was sized for the bigger order.
        body = { ...body, lines, discount: body.discount?.type === 'amount' ? undefined : body.discount };
        continue;
      }
      if (err.code === 'credit_limit_exceeded' && body.paymentTerms === 'credit') {
        body = { ...body, paymentTerms: 'cash' };
        continue;
      }
      if (['product_archived', 'customer_inactive', 'too_many_pending_orders'].includes(err.code)) return null;
      throw new Error(`demo: placing an order failed: ${err.message}`, { cause: err });
    }
  }
  return null;
}

async function move(w: World, actor: Actor, plan: Plan, to: OrderStatus, reason?: string): Promise<boolean> {
  const body = transitionBody.parse({ to, ...(reason ? { reason } : {}) });
  const order = await attempt(w, `order ${plan.number} → ${to}`, () =>
    transitionOrder(w.ctx, actor, plan.id, body, DEMO_META),
  );
  return order !== null;
}

function drawLines(w: World, sampler: WeightedSampler<DemoProduct>, count: number, quantities: number[]): Line[] {
  const lines = new Map<number, number>();
  for (let tries = 0; lines.size < count && tries < count * 4; tries++) {
    const p = sampler.draw(w.random);
    if (p.archived || lines.has(p.id)) continue;
    lines.set(p.id, w.random.pick(quantities) * (p.bulk ? w.random.int(1, 5) : 1));
  }
  return [...lines].map(([productId, quantity]) => ({ productId, quantity }));
}

const LINES_SHOP = { '1': 50, '2': 30, '3': 15, '4': 5 };
const QTY_B2B = [1, 1, 2, 2, 3, 4, 5, 6, 10, 12];
const QTY_SHOP = [1, 1, 1, 1, 2, 2, 3];

function methodFor(w: World, shop: boolean): PaymentMethod {
  return shop
    ? w.random.weighted({ cash: 55, card: 45 })
    : w.random.weighted({ transfer: 60, cash: 15, card: 10, other: 15 });
}

function referenceFor(w: World, method: PaymentMethod): string | undefined {
  if (method === 'transfer') return `TRF-${w.random.int(100_000, 999_999)}`;
  if (method === 'card') return `POS ${w.random.int(1000, 9999)}`;
  if (method === 'other') return `Cheque n.º ${String(w.random.int(1, 99_999)).padStart(8, '0')}`;
  return undefined;
}

/* ── The counter: placed, paid and handed over in a few minutes. ── */

export async function shopSale(sim: Sim): Promise<void> {
  const { w } = sim;
  const samplers = w.samplers!;
  const customer =
    w.random.chance(0.6) || samplers.individuals.size === 0 ? w.walkIn! : samplers.individuals.draw(w.random);
  const lines = drawLines(w, samplers.shop, Number(w.random.weighted(LINES_SHOP)), QTY_SHOP);
  if (!lines.length) return;
  const order = await place(w, w.actors.cashier, {
    customerId: customer.id,
    lines,
    paymentTerms: 'cash',
    locationId: w.locations.shop,
  });
  if (!order) return;
  const plan = planOf(order, customer, w.actors.cashier, 'deliver');
  tick(w, 20_000, 60_000);
  if (!(await move(w, w.actors.cashier, plan, 'confirmed'))) return;
  tick(w, 20_000, 90_000);
  await payOrder(w, plan, w.actors.cashier, methodFor(w, true));
  for (const to of ['processing', 'shipped', 'delivered'] as const) {
    tick(w, 10_000, 60_000);
    if (!(await move(w, w.actors.warehouse, plan, to))) return;
  }
  if (w.random.chance(0.015)) scheduleReturn(sim, plan);
}

function planOf(order: Order, customer: DemoCustomer, placedBy: Actor, fate: Fate): Plan {
  return {
    id: order.id,
    number: order.number,
    customer,
    terms: order.paymentTerms,
    totalCents: order.totalCents,
    fate,
    placedBy,
    lines: order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    paymentId: null,
    paid: order.totalCents === 0,
    deliveryTries: 0,
  };
}

/* ── Business customers: placed by sales (or by themselves in the app), fulfilled over days. ── */

export async function b2bOrder(sim: Sim): Promise<void> {
  const { w } = sim;
  const samplers = w.samplers!;
  const customer = samplers.customers.draw(w.random);
  const sampler =
    customer.segment === 'mixed' || w.random.chance(0.15)
      ? samplers.all
      : customer.segment === 'hardware'
        ? samplers.hardware
        : samplers.grocery;
  const lines = drawLines(
    w,
    sampler.size ? sampler : samplers.all,
    Number(w.random.weighted(w.size.b2bLines)),
    QTY_B2B,
  );
  if (!lines.length) return;
  const selfService = customer.actor !== null && w.random.chance(0.6);
  const bigDiscount = !selfService && w.random.chance(0.012);
  const actor = selfService ? customer.actor! : bigDiscount || w.random.chance(0.08) ? w.actors.admin : w.actors.sales;
  const terms = customer.creditLimitCents > 0 && w.random.chance(0.85) ? 'credit' : 'cash';
  const input: PlaceOrderBody = {
    ...(selfService ? {} : { customerId: customer.id }),
    lines,
    paymentTerms: terms,
    ...(w.random.chance(0.1) ? { notes: w.random.pick(ORDER_NOTES) } : {}),
  };
  if (!selfService) {
    if (bigDiscount) input.discount = { type: 'percent', percent: 25, reason: 'Liquidación de fin de temporada' };
    else if (w.random.chance(0.1))
      input.discount = {
        type: 'percent',
        percent: w.random.pick([5, 7.5, 10, 15]),
        reason: w.random.pick(DISCOUNT_REASONS),
      };
    else if (w.random.chance(0.02)) {
      const subtotal = lines.reduce((s, l) => s + (w.productById.get(l.productId)?.priceCents ?? 0) * l.quantity, 0);
      const amountCents = Math.floor((subtotal * 0.05) / 100) * 100;
      if (amountCents > 0) input.discount = { type: 'amount', amountCents, reason: 'Redondeo acordado' };
    }
    if (w.random.chance(0.35)) input.shippingCents = w.random.pick([800, 1200, 1500, 2500]);
  }
  const order = await place(w, actor, input);
  if (!order) return;
  const fate: Fate = w.random.weighted({
    deliver: 92.5,
    cancel_pending: 3,
    cancel_confirmed: 2,
    cancel_processing: 1.5,
    paid_then_cancelled: order.paymentTerms === 'cash' ? 1 : 0,
  });
  const plan = planOf(order, customer, actor, fate);
  const now = w.ctx.now().getTime();
  if (fate === 'cancel_pending') {
    sim.agenda.at(inOpeningHours(w, now + w.random.between(1, 30) * HOUR), async () => {
      const byThemselves = plan.placedBy.role === 'customer' && w.random.chance(0.7);
      await move(w, byThemselves ? plan.placedBy : w.actors.sales, plan, 'cancelled', w.random.pick(CANCEL_REASONS));
    });
    return;
  }
  sim.agenda.at(inOpeningHours(w, now + w.random.between(0.3, 20) * HOUR), () => confirm(sim, plan));
}

async function confirm(sim: Sim, plan: Plan): Promise<void> {
  const { w, agenda } = sim;
  const staff = plan.placedBy.role === 'admin' ? w.actors.admin : w.actors.sales;
  if (!(await move(w, staff, plan, 'confirmed'))) return;
  const now = w.ctx.now().getTime();
  if (plan.terms === 'cash' && plan.fate !== 'cancel_confirmed' && plan.fate !== 'cancel_processing') {
    agenda.at(now + w.random.between(0.2, 3) * HOUR, async () => {
      await payOrder(w, plan, w.actors.sales, methodFor(w, false));
      if (plan.fate === 'paid_then_cancelled') {
        agenda.at(inOpeningHours(w, w.ctx.now().getTime() + w.random.between(2, 20) * HOUR), () =>
          refundAndCancel(w, plan),
        );
      }
    });
  }
  if (plan.terms === 'credit') scheduleCreditPayments(sim, plan, now + plan.customer.paymentTermsDays * DAY);
  if (plan.fate === 'paid_then_cancelled') return;
  if (plan.fate === 'cancel_confirmed') {
    agenda.at(inOpeningHours(w, now + w.random.between(2, 30) * HOUR), async () => {
      await move(w, w.actors.sales, plan, 'cancelled', w.random.pick(CANCEL_REASONS));
    });
    return;
  }
  agenda.at(inOpeningHours(w, now + w.random.between(1, 24) * HOUR), () => fulfil(sim, plan));
}

async function fulfil(sim: Sim, plan: Plan): Promise<void> {
  const { w, agenda } = sim;
  if (!(await move(w, w.actors.warehouse, plan, 'processing'))) return;
  const now = w.ctx.now().getTime();
  if (plan.fate === 'cancel_processing') {
    agenda.at(inOpeningHours(w, now + w.random.between(1, 20) * HOUR), async () => {
      await move(w, w.actors.sales, plan, 'cancelled', w.random.pick(CANCEL_REASONS));
    });
    return;
  }
  agenda.at(inOpeningHours(w, now + w.random.between(2, 36) * HOUR), async () => {
    if (!(await move(w, w.actors.warehouse, plan, 'shipped'))) return;
    agenda.at(inOpeningHours(w, w.ctx.now().getTime() + w.random.between(3, 60) * HOUR), () => deliver(sim, plan));
  });
}

async function deliver(sim: Sim, plan: Plan): Promise<void> {
  const { w, agenda } = sim;
  if (plan.terms === 'cash' && !plan.paid && plan.deliveryTries < 2) {
    // Not paid yet: the driver comes back tomorrow.
    plan.deliveryTries++;
    agenda.at(inOpeningHours(w, w.ctx.now().getTime() + DAY), () => deliver(sim, plan));
    return;
  }
  const override = plan.terms === 'cash' && !plan.paid;
  const ok = await move(
    w,
    override ? w.actors.admin : w.actors.warehouse,
    plan,
    'delivered',
    override ? 'Pago contra entrega acordado con el cliente' : undefined,
  );
  if (ok && w.random.chance(0.045)) scheduleReturn(sim, plan);
}

/** A cash order is paid against its own debt (the one confirming it opened). */
async function payOrder(w: World, plan: Plan, actor: Actor, method: PaymentMethod): Promise<void> {
  const debt = await w.ctx.db
    .selectFrom('debts')
    .select([
      'id',
      (eb) => eb(eb('amount_cents', '-', eb.ref('paid_cents')), '-', eb.ref('credited_cents')).as('balance'),
    ])
    .where('order_id', '=', plan.id)
    .where('status', 'in', OPEN_DEBT_STATUSES)
    .executeTakeFirst();
  const balance = Number(debt?.balance ?? 0);
  if (!debt || balance <= 0) {
    plan.paid = true;
    return;
  }
  const body = recordPaymentBody.parse({
    customerId: plan.customer.id,
    amountCents: balance,
    method,
    reference: referenceFor(w, method),
    allocations: [{ debtId: debt.id, amountCents: balance }],
  });
  const result = await attempt(w, `payment for ${plan.number}`, () =>
    recordPayment(w.ctx, actor, body, undefined, DEMO_META),
  );
  if (!result) return;
  w.stats.payments++;
  plan.paid = true;
  plan.paymentId = result.payment.id;
}

/** Paid, then the customer called it off: the payment is voided (money back) and the order cancelled. */
async function refundAndCancel(w: World, plan: Plan): Promise<void> {
  if (plan.paymentId !== null) {
    const voided = await attempt(w, 'void payment', () =>
      voidPayment(w.ctx, w.actors.sales, plan.paymentId!, 'Pedido anulado: se devuelve el dinero', DEMO_META),
    );
    if (!voided) return;
    w.stats.voids++;
    plan.paid = false;
    tick(w);
  }
  await move(w, w.actors.sales, plan, 'cancelled', 'El cliente canceló después de pagar');
}

/**
 * How a customer on account pays: punctual ones before the due date, late ones weeks after,
 * some in two parts, and a few hardly at all (they make the aging report).
 */
function scheduleCreditPayments(sim: Sim, plan: Plan, dueMs: number): void {
  const { w, agenda } = sim;
  const confirmedAt = w.ctx.now().getTime();
  const pay = (share: number, at: number) =>
    agenda.at(inOpeningHours(w, Math.max(at, confirmedAt + DAY)), () =>
      payOnAccount(sim, plan.customer, Math.round(plan.totalCents * share)),
    );
  switch (plan.customer.profile) {
    case 'punctual':
      pay(1, dueMs - w.random.between(0, Math.min(7, plan.customer.paymentTermsDays)) * DAY);
      break;
    case 'late':
      pay(1, dueMs + w.random.between(5, 45) * DAY);
      break;
    case 'partial':
      pay(0.5, dueMs + w.random.between(0, 10) * DAY);
      pay(0.5, dueMs + w.random.between(20, 60) * DAY);
      break;
    case 'defaulter':
      if (w.random.chance(0.25)) pay(0.3, dueMs + w.random.between(10, 40) * DAY);
      break;
  }
}

/** Money on account, spread oldest debt first; never more than the customer owes now. */
async function payOnAccount(sim: Sim, customer: DemoCustomer, amountCents: number, retry = false): Promise<void> {
  const { w, agenda } = sim;
  const owed = await openBalanceCents(w.ctx.db, customer.id);
  const amount = Math.min(amountCents, owed);
  if (amount <= 0) return;
  const method = methodFor(w, false);
  const body = recordPaymentBody.parse({
    customerId: customer.id,
    amountCents: amount,
    method,
    reference: referenceFor(w, method),
  });
  const result = await attempt(w, `payment of ${customer.name}`, () =>
    recordPayment(w.ctx, w.actors.sales, body, undefined, DEMO_META),
  );
  if (!result) return;
  w.stats.payments++;
  if (retry || !w.random.chance(0.03)) return;
  // A bounced transfer or a cheque without funds: voided a few days later, usually paid again.
  const paymentId = result.payment.id;
  agenda.at(inOpeningHours(w, w.ctx.now().getTime() + w.random.between(1, 3) * DAY), async () => {
    const voided = await attempt(w, 'void payment', () =>
      voidPayment(w.ctx, w.actors.sales, paymentId, w.random.pick(VOID_REASONS), DEMO_META),
    );
    if (!voided) return;
    w.stats.voids++;
    if (w.random.chance(0.7)) {
      agenda.at(inOpeningHours(w, w.ctx.now().getTime() + w.random.between(2, 7) * DAY), () =>
        payOnAccount(sim, customer, amount, true),
      );
    }
  });
}

/** Some goods come back: resellable ones go back on the shelf, damaged ones are written off. */
function scheduleReturn(sim: Sim, plan: Plan): void {
  const { w, agenda } = sim;
  const window = w.ctx.config.returnWindowDays;
  if (window < 2) return;
  const at = w.ctx.now().getTime() + w.random.between(1, Math.min(20, window - 1)) * DAY;
  agenda.at(inOpeningHours(w, at), async () => void (await returnGoods(sim, plan)));
}

async function returnGoods(sim: Sim, plan: Plan): Promise<boolean> {
  const { w, agenda } = sim;
  const lines = w.random
    .shuffle([...plan.lines])
    .slice(0, w.random.chance(0.8) ? 1 : 2)
    .map((l) => ({
      productId: l.productId,
      quantity: w.random.chance(0.6) ? 1 : w.random.int(1, l.quantity),
      condition: w.random.chance(0.65) ? ('resellable' as const) : ('damaged' as const),
    }));
  const body = openReturnBody.parse({ reason: w.random.pick(RETURN_REASONS), lines });
  const opened = await attempt(w, `return on ${plan.number}`, () =>
    openReturn(w.ctx, w.actors.sales, plan.id, body, DEMO_META),
  );
  if (!opened) return false;
  w.stats.returns++;
  const close = w.random.weighted({ receive: 85, cancel: 8, leave: 7 });
  if (close === 'leave') return true;
  const at = inOpeningHours(w, w.ctx.now().getTime() + w.random.between(1, 4) * DAY);
  agenda.at(at, async () => {
    await attempt(w, 'close return', () =>
      close === 'receive'
        ? receiveReturn(w.ctx, w.actors.warehouse, opened.id, DEMO_META)
        : cancelReturn(w.ctx, w.actors.sales, opened.id, DEMO_META),
    );
  });
  return true;
}
