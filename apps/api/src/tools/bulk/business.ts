import { alertFor, debtStatus, priceOrder } from '@bodega/domain';
import { catalogEntries, type CatalogEntry } from './catalog';
import { seededRandom } from '../random';

/** Rows per table, in an order that satisfies the foreign keys. */
export type Rows = Record<string, Record<string, unknown>[]>;

export type StaffMember = {
  id: number;
  email: string;
  role: 'admin' | 'warehouse_manager' | 'sales_staff';
  /** Default: the email's local part. */
  name?: string;
  /** Already in the database (the installation's admin): acts in the history, gets no row. */
  existing?: boolean;
};

export type BusinessOptions = {
  /** Order lines over the whole history (orders have 1 to 6 lines). */
  lines: number;
  products: number;
  customers: number;
  /** Customers with an online account (`customer<N>@bench.local`, N = 1 … customerUsers). */
  customerUsers: number;
  now: Date;
  /** Every user's password hash; without one nobody can sign in. */
  passwordHash?: string;
  days?: number;
  /** Another business of the same shape (default BENCH_SEED). */
  seed?: number;
  /**
   * Who acts in the history: the first admin voids payments, the first warehouse manager
   * receives and ships, the first sales staff confirms and collects; staff orders are placed
   * by any of them. Default: five accounts `staff<N>@bench.local`, ids 1–5 (admin, warehouse
   * manager, three sales staff).
   */
  staff?: StaffMember[];
  /** Customer N's user id is customerUserBase + N (default CUSTOMER_USER_BASE). */
  customerUserBase?: number;
  /** Where the stock is kept and orders are served from (default 1: the migrations' default location). */
  locationId?: number;
  /**
   * Stock moved at the opening from that location to others: the first `products` products
   * (the best sellers), `quantity` units each, on top of what the opening receipt brings.
   */
  transfers?: { locationId: number; products: number; quantity: number }[];
  /** Orders generated so far, every few thousand. */
  onProgress?: (done: number, total: number) => void;
};

export type Business = {
  rows: Rows;
  catalog: CatalogEntry[];
  /** Units available (on hand − reserved) at the default location, by product id − 1. */
  available: Int32Array;
  staff: { id: number; email: string; role: string }[];
  /** The `counters` values (SQLite) / sequence values (PostgreSQL) after the loaded history. */
  counters: { order_number: number; return_number: number };
};

export const STAFF_EMAIL = (id: number) => `staff${id}@bench.local`;
export const CUSTOMER_EMAIL = (n: number) => `customer${n}@bench.local`;
/** Customer user ids: customer N's user is CUSTOMER_USER_BASE + N. */
export const CUSTOMER_USER_BASE = 99;

/** How many categories products are spread over (round robin by id). */
export const BULK_CATEGORIES = 12;
const REORDER_POINT = 10;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const BENCH_STAFF: StaffMember[] = [
  { id: 1, role: 'admin', email: STAFF_EMAIL(1) },
  { id: 2, role: 'warehouse_manager', email: STAFF_EMAIL(2) },
  { id: 3, role: 'sales_staff', email: STAFF_EMAIL(3) },
  { id: 4, role: 'sales_staff', email: STAFF_EMAIL(4) },
  { id: 5, role: 'sales_staff', email: STAFF_EMAIL(5) },
];
const OPEN_STATUSES = new Set(['pending', 'confirmed', 'processing']);

/**
 * A business with a history, as rows for a bulk load (load.ts), keeping what the API relies
 * on: levels equal to their ledger (an opening receipt per product, weekly receipts for the
 * popular ones, opening transfers to other locations, a sale per shipped line, a return
 * movement per resellable return, each with its running on-hand), reserved = the lines of
 * open orders, a debt for every confirmed order (cancelled with it), payments with their
 * allocations and orders' paid/credited mirroring their debts, alerts as `alertFor` would
 * leave them, a daily inventory snapshot valued from the ledger. The daily sales summaries are
 * derived afterwards by the API's own `rebuildSalesSummary`. Deterministic: the same options
 * give the same rows.
 */
export function business(o: BusinessOptions): Business {
  const rnd = seededRandom(o.seed);
  const { int, pick } = rnd;
  const random = rnd.next;
  const DAYS = o.days ?? 180;
  const popular = Math.max(1, Math.round(o.products / 20));
  const nowMs = o.now.getTime();
  const stamp = o.now.toISOString();
  const todayMs = Date.parse(stamp.slice(0, 10));
  const dayOf = (index: number) => new Date(todayMs - (DAYS - 1 - index) * DAY_MS).toISOString().slice(0, 10);
  // Nothing in the future: today's late hours are clamped to a minute ago.
  const at = (day: string, ms: number) => new Date(Math.min(Date.parse(day) + ms, nowMs - 60_000)).toISOString();
  const compact = (day: string) => day.replaceAll('-', '');
  const pad4 = (n: number) => String(n).padStart(4, '0');
  const location = o.locationId ?? 1;
  const staff = o.staff ?? BENCH_STAFF;
  const staffIds = staff.map((s) => s.id);
  const actor = (role: StaffMember['role']) => (staff.find((s) => s.role === role) ?? staff[0]!).id;
  const admin = actor('admin');
  const warehouse = actor('warehouse_manager');
  const seller = actor('sales_staff');
  const userBase = o.customerUserBase ?? CUSTOMER_USER_BASE;

  const rows: Rows = {};
  rows['categories'] = Array.from({ length: BULK_CATEGORIES }, (_, i) => ({
    id: i + 1,
    name: `Category ${i + 1}`,
    created_at: stamp,
    updated_at: stamp,
  }));
  const catalog = catalogEntries(o.products, rnd);
  const products = catalog.map((c, i) => {
    const price = int(100, 50_000);
    return {
      id: i + 1,
      sku: c.sku,
      barcode: c.barcode,
      name: c.name,
      category_id: (i % BULK_CATEGORIES) + 1,
      price_cents: price,
      cost_cents: Math.round(price * 0.6),
      tax_rate_bp: pick([0, 1000, 1600, 2100]),
      reorder_point: REORDER_POINT,
      reorder_quantity: 50,
      active: 1,
      created_at: stamp,
      updated_at: stamp,
    };
  });
  rows['products'] = products;
  rows['customers'] = Array.from({ length: o.customers }, (_, i) => ({
    id: i + 1,
    code: `C${String(i + 1).padStart(5, '0')}`,
    name: `Customer ${i + 1}`,
    credit_limit_cents: 10_000_000_000,
    payment_terms_days: 30,
    active: 1,
    created_at: stamp,
    updated_at: stamp,
  }));
  rows['users'] = [
    ...staff
      .filter((s) => !s.existing)
      .map((s) => ({ id: s.id, role: s.role, email: s.email, name: s.name, customer_id: null })),
    ...Array.from({ length: Math.min(o.customerUsers, o.customers) }, (_, i) => ({
      id: userBase + i + 1,
      role: 'customer',
      email: CUSTOMER_EMAIL(i + 1),
      name: undefined,
      customer_id: i + 1,
    })),
  ].map((u) => ({
    ...u,
    name: u.name ?? u.email.split('@')[0],
    password_hash: o.passwordHash ?? 'x',
    status: 'active',
    password_changed_at: stamp,
    created_at: stamp,
    updated_at: stamp,
  }));

  // Order sizes first, so that orders spread evenly over the days.
  const sizes: number[] = [];
  for (let total = 0; total < o.lines;) {
    const k = Math.min(int(1, 6), o.lines - total);
    sizes.push(k);
    total += k;
  }
  const orders: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  const sales: Movement[] = [];
  const debts: Record<string, unknown>[] = [];
  const payments: Record<string, unknown>[] = [];
  const allocations: Record<string, unknown>[] = [];
  const credits: Record<string, unknown>[] = [];
  const returns: Record<string, unknown>[] = [];
  const returnLines: Record<string, unknown>[] = [];
  const sold = new Int32Array(o.products + 1);
  const reserved = new Int32Array(o.products + 1);
  const onlineCustomers = Math.max(1, Math.min(o.customerUsers, o.customers));
  const productOf = () =>
    random() < 0.7 ? 1 + Math.floor(popular * random() ** 2) : 1 + Math.floor(o.products * random());
  let lineId = 0;

  sizes.forEach((k, i) => {
    if (i % 5_000 === 0) o.onProgress?.(i, sizes.length);
    const id = i + 1;
    const dayIndex = Math.floor((i * DAYS) / sizes.length);
    const day = dayOf(dayIndex);
    const age = DAYS - 1 - dayIndex;
    const createdAt = at(day, int(8, 20) * HOUR_MS + int(0, HOUR_MS - 1));
    const roll = random();
    const status =
      age <= 1
        ? pick(['pending', 'confirmed', 'processing', 'shipped'] as const)
        : age <= 4
          ? pick(['processing', 'shipped', 'delivered', 'delivered'] as const)
          : roll < 0.06
            ? 'cancelled'
            : 'delivered';
    // Half the cancelled orders were cancelled while pending, half after confirmation.
    const confirmed = status !== 'pending' && !(status === 'cancelled' && roll < 0.03);
    const confirmedDay = confirmed ? (random() < 0.2 && age > 0 ? dayOf(dayIndex + 1) : day) : null;
    const confirmedAt = confirmedDay
      ? confirmedDay === day
        ? at(day, 21 * HOUR_MS)
        : at(confirmedDay, 9 * HOUR_MS)
      : null;
    if (confirmedAt) {
      history.push({
        order_id: id,
        from_status: 'pending',
        to_status: 'confirmed',
        user_id: seller,
        created_at: confirmedAt,
      });
    }
    const chosen = new Set<number>();
    while (chosen.size < Math.min(k, o.products)) chosen.add(productOf());
    const orderLines = [...chosen].map((productId) => ({
      product: products[productId - 1]!,
      quantity: pick([1, 1, 1, 2, 2, 3, 5]),
    }));
    const priced = priceOrder(
      orderLines.map((l) => ({
        unitPriceCents: l.product.price_cents,
        taxRateBp: l.product.tax_rate_bp,
        quantity: l.quantity,
      })),
      random() < 0.1 ? { type: 'percent', percentBp: 500 } : null,
      random() < 0.2 ? 500 : 0,
    );
    const online = random() < 0.4;
    const customerId = online ? int(1, onlineCustomers) : int(1, o.customers);
    const number = `ORD-${compact(day)}-${pad4(id)}`;
    const shippedAt =
      confirmedDay && (status === 'shipped' || status === 'delivered')
        ? at(confirmedDay, 20 * HOUR_MS + (i % HOUR_MS))
        : null;
    const firstLine = lines.length;
    orderLines.forEach((l, j) => {
      const p = priced.lines[j]!;
      lineId += 1;
      lines.push({
        id: lineId,
        order_id: id,
        product_id: l.product.id,
        sku: l.product.sku,
        name: l.product.name,
        category_id: l.product.category_id,
        quantity: l.quantity,
        unit_price_cents: l.product.price_cents,
        unit_cost_cents: l.product.cost_cents,
        tax_rate_bp: l.product.tax_rate_bp,
        subtotal_cents: p.subtotalCents,
        discount_cents: p.discountCents,
        tax_cents: p.taxCents,
        total_cents: p.totalCents,
        returned_quantity: 0,
      });
      if (OPEN_STATUSES.has(status)) reserved[l.product.id]! += l.quantity;
      if (shippedAt) {
        sold[l.product.id]! += l.quantity;
        sales.push({
          product_id: l.product.id,
          location_id: location,
          type: 'sale',
          quantity: -l.quantity,
          unit_cost_cents: l.product.cost_cents,
          reference: number,
          user_id: warehouse,
          created_at: shippedAt,
        });
      }
    });

    // The debt of a confirmed order: paid (through an allocated payment) once it is old enough.
    let paid = 0;
    let credited = 0;
    const debtId = confirmedDay ? debts.length + 1 : null;
    if (debtId && status !== 'cancelled' && age > 20 && random() < 0.9) {
      const voided = random() < 0.02;
      const paymentId = payments.length + 1;
      payments.push({
        id: paymentId,
        customer_id: customerId,
        amount_cents: priced.totalCents,
        method: pick(['cash', 'cash', 'transfer', 'transfer', 'card', 'other'] as const),
        received_at: dayOf(Math.min(DAYS - 1, dayIndex + int(0, 20))),
        status: voided ? 'voided' : 'recorded',
        void_reason: voided ? 'bounced' : null,
        voided_at: voided ? stamp : null,
        voided_by: voided ? admin : null,
        created_by: seller,
        created_at: createdAt,
      });
      // A voided payment's allocation stays; its amount went back onto the debt.
      allocations.push({ payment_id: paymentId, debt_id: debtId, amount_cents: priced.totalCents });
      if (!voided) paid = priced.totalCents;
    }
    // One delivered order in a hundred comes back (its first line, resellable).
    if (status === 'delivered' && random() < 0.01) {
      const line = lines[firstLine]!;
      const quantity = line['quantity'] as number;
      const credit = line['total_cents'] as number;
      line['returned_quantity'] = quantity;
      const receivedDay = dayOf(Math.min(DAYS - 1, dayIndex + int(2, 10)));
      const receivedAt = at(receivedDay, 15 * HOUR_MS);
      const returnId = returns.length + 1;
      const returnNumber = `RET-${compact(receivedDay)}-${pad4(returnId)}`;
      returns.push({
        id: returnId,
        number: returnNumber,
        order_id: id,
        customer_id: customerId,
        status: 'received',
        reason: 'wrong size',
        credit_cents: credit,
        opened_by: seller,
        received_by: warehouse,
        received_at: receivedAt,
        created_at: at(receivedDay, 9 * HOUR_MS),
        updated_at: receivedAt,
      });
      returnLines.push({
        return_id: returnId,
        order_line_id: line['id'],
        product_id: line['product_id'],
        quantity,
        condition: 'resellable',
        credit_cents: credit,
      });
      sales.push({
        product_id: line['product_id'] as number,
        location_id: location,
        type: 'return',
        quantity,
        unit_cost_cents: line['unit_cost_cents'] as number,
        reference: returnNumber,
        user_id: warehouse,
        created_at: receivedAt,
      });
      // The credit goes to what is still owed on the order; on a paid order it is a refund by hand.
      credited = Math.min(credit, priced.totalCents - paid);
      if (debtId && credited > 0) {
        credits.push({ debt_id: debtId, return_id: returnId, amount_cents: credited, created_at: receivedAt });
      } else credited = 0;
    }
    if (debtId) {
      const dueIndex = dayIndex + 30;
      debts.push({
        id: debtId,
        customer_id: customerId,
        order_id: id,
        amount_cents: priced.totalCents,
        paid_cents: paid,
        credited_cents: credited,
        status: status === 'cancelled' ? 'cancelled' : debtStatus(priced.totalCents, paid, credited),
        due_date: new Date(todayMs + (dueIndex - DAYS + 1) * DAY_MS).toISOString().slice(0, 10),
        note: null,
        created_by: seller,
        created_at: confirmedAt,
        updated_at: confirmedAt,
      });
    }
    orders.push({
      id,
      number,
      customer_id: customerId,
      location_id: location,
      status,
      payment_terms: 'credit',
      subtotal_cents: priced.subtotalCents,
      discount_cents: priced.discountCents,
      discount_reason: priced.discountCents ? 'loyal customer' : null,
      tax_cents: priced.taxCents,
      shipping_cents: priced.shippingCents,
      total_cents: priced.totalCents,
      paid_cents: paid,
      credited_cents: credited,
      created_by: online ? userBase + customerId : staffIds[int(0, staffIds.length - 1)],
      confirmed_day: confirmedDay,
      created_at: createdAt,
      updated_at: createdAt,
    });
  });
  o.onProgress?.(sizes.length, sizes.length);

  // The ledger: an opening receipt large enough for every later sale, reservation and opening
  // transfer, the transfers, weekly receipts of the popular products, then the sales and
  // returns; in time order, with running on-hand per level.
  const receipts: Record<string, unknown>[] = [];
  const receiptAt = (createdAt: string) => {
    receipts.push({ id: receipts.length + 1, location_id: location, user_id: warehouse, created_at: createdAt });
    return `receipt:${receipts.length}`;
  };
  const transfers = o.transfers ?? [];
  const transferred = new Int32Array(o.products + 1);
  for (const t of transfers)
    for (let id = 1; id <= Math.min(t.products, o.products); id++) transferred[id]! += t.quantity;
  const opening = at(dayOf(0), 7 * HOUR_MS);
  const openingReference = receiptAt(opening);
  const movements: Movement[] = sales;
  for (const p of products) {
    const base = random() < 0.03 ? int(0, REORDER_POINT) : int(100, 1000);
    const quantity = sold[p.id]! + reserved[p.id]! + base + transferred[p.id]!;
    if (quantity > 0) movements.push(receipt(p, location, quantity, opening, openingReference, warehouse));
  }
  const transferAt = at(dayOf(0), 8 * HOUR_MS);
  for (const t of transfers) {
    for (let id = 1; id <= Math.min(t.products, o.products); id++) {
      const p = products[id - 1]!;
      const move = { product_id: id, unit_cost_cents: p.cost_cents, user_id: warehouse, created_at: transferAt };
      const reference = `transfer:opening-${t.locationId}-${id}`;
      movements.push({ ...move, location_id: location, type: 'transfer_out', quantity: -t.quantity, reference });
      movements.push({ ...move, location_id: t.locationId, type: 'transfer_in', quantity: t.quantity, reference });
    }
  }
  for (let d = 7; d < DAYS; d += 7) {
    const weekly = at(dayOf(d), 7 * HOUR_MS);
    const reference = receiptAt(weekly);
    for (let id = 1; id <= popular; id++)
      movements.push(receipt(products[id - 1]!, location, 50, weekly, reference, warehouse));
  }
  movements.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  const onHand = new Map<number, Int32Array>();
  const levelOf = (locationId: number) => {
    let level = onHand.get(locationId);
    if (!level) onHand.set(locationId, (level = new Int32Array(o.products + 1)));
    return level;
  };
  const ledger = movements.map((m) => {
    const level = levelOf(m.location_id);
    level[m.product_id]! += m.quantity;
    return { ...m, on_hand_after: level[m.product_id]! };
  });

  const main = levelOf(location);
  const available = new Int32Array(o.products);
  const levels = products.map((p) => {
    available[p.id - 1] = main[p.id]! - reserved[p.id]!;
    return {
      product_id: p.id,
      location_id: location,
      on_hand: main[p.id]!,
      reserved: reserved[p.id]!,
      updated_at: stamp,
    };
  });
  for (const [locationId, level] of onHand) {
    if (locationId === location) continue;
    for (const p of products) {
      if (level[p.id]! !== 0)
        levels.push({
          product_id: p.id,
          location_id: locationId,
          on_hand: level[p.id]!,
          reserved: 0,
          updated_at: stamp,
        });
    }
  }
  // Alerts follow availability over every location, as the stock ledger keeps them.
  const alerts = products.flatMap((p) => {
    const total = available[p.id - 1]! + transferred[p.id]!;
    const type = alertFor(total, p.reorder_point);
    return type
      ? [{ product_id: p.id, type, status: 'open', available: total, reorder_point: p.reorder_point, opened_at: stamp }]
      : [];
  });

  rows['orders'] = orders;
  rows['order_lines'] = lines;
  rows['order_history'] = history;
  rows['returns'] = returns;
  rows['return_lines'] = returnLines;
  rows['stock_receipts'] = receipts;
  rows['stock_movements'] = ledger;
  rows['stock_levels'] = levels;
  rows['stock_alerts'] = alerts;
  rows['inventory_snapshots'] = snapshots(ledger, products, DAYS, dayOf, at);
  rows['debts'] = debts;
  rows['payments'] = payments;
  rows['payment_allocations'] = allocations;
  rows['debt_credits'] = credits;
  return {
    rows,
    catalog,
    available,
    staff: staff.map(({ id, email, role }) => ({ id, email, role })),
    counters: { order_number: orders.length, return_number: returns.length },
  };
}

/**
 * The inventory value at the end of each day, as the daily snapshot would have recorded it:
 * the ledger replayed in time order, every unit at its product's cost (the generator never
 * changes a cost), products counted when they have stock somewhere.
 */
function snapshots(
  ledger: Movement[],
  products: { id: number; cost_cents: number }[],
  days: number,
  dayOf: (index: number) => string,
  at: (day: string, ms: number) => string,
): Record<string, unknown>[] {
  const cost = new Int32Array(products.length + 1);
  for (const p of products) cost[p.id] = p.cost_cents;
  const held = new Int32Array(products.length + 1);
  let units = 0;
  let value = 0;
  let stocked = 0;
  let next = 0;
  return Array.from({ length: days }, (_, d) => {
    const end = `${dayOf(d + 1)}T00:00:00.000Z`;
    for (; next < ledger.length && ledger[next]!.created_at < end; next++) {
      const { product_id: id, quantity } = ledger[next]!;
      const before = held[id]!;
      held[id] = before + quantity;
      units += quantity;
      value += quantity * cost[id]!;
      if (before <= 0 && before + quantity > 0) stocked += 1;
      else if (before > 0 && before + quantity <= 0) stocked -= 1;
    }
    const day = dayOf(d);
    return { day, value_cents: value, units, products: stocked, created_at: at(day, 23.5 * HOUR_MS) };
  });
}

type Movement = {
  product_id: number;
  location_id: number;
  type: 'receipt' | 'sale' | 'return' | 'transfer_out' | 'transfer_in';
  quantity: number;
  unit_cost_cents: number;
  reference: string | null;
  user_id: number;
  created_at: string;
};

function receipt(
  p: { id: number; cost_cents: number },
  locationId: number,
  quantity: number,
  createdAt: string,
  reference: string,
  userId: number,
): Movement {
  return {
    product_id: p.id,
    location_id: locationId,
    type: 'receipt',
    quantity,
    unit_cost_cents: p.cost_cents,
    reference,
    user_id: userId,
    created_at: createdAt,
  };
}
