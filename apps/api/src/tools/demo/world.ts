import { addDays } from '@bodega/domain';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { ProgressSink } from './progress';
import type { Random, WeightedSampler } from '../random';

/** How much business to make. */
export type DemoSize = Readonly<{
  name: 'small' | 'default' | 'large';
  products: number;
  /** Products that get a drawn image (the first ones, which are also the best sellers). */
  images: number;
  customers: number;
  /** Customers who can sign in (self-registered, then given credit terms by staff). */
  linkedUsers: number;
  days: number;
  /** Order lines to aim for over the whole history. */
  targetLines: number;
  /** Products sold at the shop counter (the most popular ones). */
  shopProducts: number;
  /** Stock adjustments per day, and products in each monthly cycle count. */
  adjustmentsPerDay: number;
  countPerMonth: number;
  /** Share of orders sold at the shop counter, and how many lines a business order has. */
  shopShare: number;
  b2bLines: Readonly<Record<string, number>>;
}>;

/** Lines per business order (weights): a shop buying from us for the week. */
const B2B_LINES = { '1': 22, '2': 20, '3': 16, '4': 13, '5': 10, '6': 7, '8': 6, '10': 4, '14': 2 };
/** A distributor's customers restock many products at once. */
const B2B_LINES_LARGE = { '6': 15, '8': 25, '10': 25, '12': 15, '16': 12, '24': 8 };

export const SIZES: Readonly<Record<DemoSize['name'], DemoSize>> = {
  small: {
    name: 'small',
    products: 20,
    images: 20,
    customers: 10,
    linkedUsers: 1,
    days: 14,
    targetLines: 260,
    shopProducts: 10,
    adjustmentsPerDay: 0.5,
    countPerMonth: 4,
    shopShare: 0.35,
    b2bLines: B2B_LINES,
  },
  default: {
    name: 'default',
    products: 300,
    images: 300,
    customers: 100,
    linkedUsers: 3,
    days: 182,
    targetLines: 7_000,
    shopProducts: 120,
    adjustmentsPerDay: 0.6,
    countPerMonth: 20,
    shopShare: 0.35,
    b2bLines: B2B_LINES,
  },
  large: {
    name: 'large',
    products: 100_000,
    images: 300,
    customers: 10_000,
    linkedUsers: 5,
    days: 182,
    targetLines: 1_000_000,
    shopProducts: 1_500,
    adjustmentsPerDay: 8,
    countPerMonth: 300,
    shopShare: 0.2,
    b2bLines: B2B_LINES_LARGE,
  },
};

/** The generator moves the application's clock; `ctx.now()` reads it back. */
export type DemoClock = { set(ms: number): void };

export type Segment = 'hardware' | 'grocery' | 'mixed';

export type DemoProduct = {
  id: number;
  index: number;
  categoryIndex: number;
  segment: 'hardware' | 'grocery';
  name: string;
  priceCents: number;
  costCents: number;
  reorderPoint: number;
  reorderQuantity: number;
  /** Relative popularity. */
  weight: number;
  bulk: boolean;
  shop: boolean;
  archived: boolean;
};

export type PayerProfile = 'punctual' | 'late' | 'partial' | 'defaulter';

export type DemoCustomer = {
  id: number;
  name: string;
  segment: Segment;
  business: boolean;
  creditLimitCents: number;
  paymentTermsDays: number;
  profile: PayerProfile;
  weight: number;
  /** The customer's own login, when they have one. */
  actor: Actor | null;
  email: string | null;
};

export type Stats = {
  orders: number;
  lines: number;
  receipts: number;
  transfers: number;
  adjustments: number;
  counts: number;
  payments: number;
  voids: number;
  returns: number;
  snapshots: number;
  refused: Record<string, number>;
};

export type World = {
  ctx: AppContext;
  clock: DemoClock;
  random: Random;
  size: DemoSize;
  meta: RequestMeta;
  timeZone: string;
  /** First and last instants of the history. */
  startMs: number;
  endMs: number;
  actors: { admin: Actor; warehouse: Actor; sales: Actor; cashier: Actor };
  locations: { main: number; shop: number; back: number };
  products: DemoProduct[];
  productById: Map<number, DemoProduct>;
  /** Customers the random history draws from. */
  customers: DemoCustomer[];
  walkIn: DemoCustomer | null;
  /**
   * The customer of the scripted cases (demo/cases.ts): kept out of the random history, so
   * that nothing drawn pays, cancels or returns what the script does.
   */
  showcase: DemoCustomer | null;
  samplers: {
    all: WeightedSampler<DemoProduct>;
    hardware: WeightedSampler<DemoProduct>;
    grocery: WeightedSampler<DemoProduct>;
    shop: WeightedSampler<DemoProduct>;
    customers: WeightedSampler<DemoCustomer>;
    individuals: WeightedSampler<DemoCustomer>;
  } | null;
  stats: Stats;
  progress: ProgressSink;
};

export const DEMO_META: RequestMeta = Object.freeze({ requestId: 'demo', ip: '127.0.0.1', userAgent: 'bodega-demo' });

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function newStats(): Stats {
  return {
    orders: 0,
    lines: 0,
    receipts: 0,
    transfers: 0,
    adjustments: 0,
    counts: 0,
    payments: 0,
    voids: 0,
    returns: 0,
    snapshots: 0,
    refused: {},
  };
}

/** The clock only moves forward: history is written in the order it happened. */
export function setTime(w: World, ms: number): void {
  const now = w.ctx.now().getTime();
  w.clock.set(Math.max(now + 1, Math.round(ms)));
}

export function tick(w: World, minMs = 20_000, maxMs = 120_000): void {
  setTime(w, w.ctx.now().getTime() + w.random.int(minMs, maxMs));
}

/** Refusals a real shop meets (no stock, credit limit…): counted, and the day goes on. Anything else stops the demo. */
const BUSINESS_REFUSALS = new Set<string>([
  'insufficient_stock',
  'credit_limit_exceeded',
  'overpayment',
  'return_not_allowed',
  'unpaid_cash_order',
  // A customer's own order left unconfirmed past its lifetime expires at the next move.
  'order_expired',
  'invalid_transition',
  'order_has_payments',
  'payment_voided',
  'product_archived',
  'customer_inactive',
  'alert_resolved',
]);

export async function attempt<T>(w: World, what: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && BUSINESS_REFUSALS.has(err.code)) {
      w.stats.refused[err.code] = (w.stats.refused[err.code] ?? 0) + 1;
      return null;
    }
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`demo: ${what} failed at ${w.ctx.now().toISOString()}: ${message}`, { cause: err });
  }
}

/* Time zones: the business day (opening hours, the daily snapshot) is the installation's local day. */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local wall-clock minus UTC, in ms, at an instant. */
function zoneOffset(ms: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant of local time `hours` (may be fractional) on a local day. */
export function localTime(day: string, hours: number, timeZone: string): number {
  const naive = Date.parse(`${day}T00:00:00Z`) + hours * HOUR;
  const guess = naive - zoneOffset(naive, timeZone);
  return naive - zoneOffset(guess, timeZone);
}

/** The local calendar day of an instant (the domain's localDay, with its formatter kept: this runs per task). */
export function dayOf(w: World, ms: number): string {
  return new Date(ms + zoneOffset(ms, w.timeZone)).toISOString().slice(0, 10);
}

/** Local hour of day (0–24, fractional) of an instant. */
export function hourOf(w: World, ms: number): number {
  return (ms - localTime(dayOf(w, ms), 0, w.timeZone)) / HOUR;
}

/** Moves an instant into opening hours (08:00–19:00 local): after closing it waits for the next morning. */
export function inOpeningHours(w: World, ms: number): number {
  const hour = hourOf(w, ms);
  if (hour >= 8 && hour < 19) return ms;
  const day = hour < 8 ? dayOf(w, ms) : addDays(dayOf(w, ms), 1);
  return localTime(day, 8 + w.random.next() * 2.5, w.timeZone);
}

/** 0 = Sunday … 6 = Saturday, for a `YYYY-MM-DD` day. */
export function weekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}
