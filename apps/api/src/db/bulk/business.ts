import { alertFor, debtStatus, priceOrder } from '@bodega/domain';
import { catalogEntries, type CatalogEntry } from './catalog';
import { seededRandom } from './random';

/** Rows per table, in an order that satisfies the foreign keys. */
export type Rows = Record<string, Record<string, unknown>[]>;

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

const CATEGORIES = 12;
const REORDER_POINT = 10;
const DAY_MS = 86_400_000;
const OPEN_STATUSES = new Set(['pending', 'confirmed', 'processing']);

/**
 * A business with a history, as rows for a bulk load (bench/lib/load.ts), keeping what the API
 * relies on: levels equal to their ledger (an opening receipt per product, weekly receipts for
 * the popular ones, a sale per shipped line, a return movement per resellable return, each
 * with its running on-hand), reserved = the lines of open orders, a debt for every confirmed
 * order (cancelled with it), payments with their allocations and orders' paid/credited
 * mirroring their debts, alerts as `alertFor` would leave them. The daily sales summaries are
 * derived afterwards by the API's own `rebuildSalesSummary`.
 */
export function business(o: BusinessOptions): Business {
  const rnd = seededRandom();
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

  const rows: Rows = {};
  rows['categories'] = Array.from({ length: CATEGORIES }, (_, i) => ({
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
      category_id: (i % CATEGORIES) + 1,
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
  const staff = [
    { id: 1, role: 'admin' },
    { id: 2, role: 'warehouse_manager' },
    { id: 3, role: 'sales_staff' },
    { id: 4, role: 'sales_staff' },
    { id: 5, role: 'sales_staff' },
  ].map((s) => ({ ...s, email: STAFF_EMAIL(s.id) }));
  rows['users'] = [
    ...staff.map((s) => ({ ...s, customer_id: null })),
    ...Array.from({ length: Math.min(o.customerUsers, o.customers) }, (_, i) => ({
      id: CUSTOMER_USER_BASE + i + 1,
      role: 'customer',
      email: CUSTOMER_EMAIL(i + 1),
      customer_id: i + 1,
    })),
  ].map((u) => ({
    ...u,
    name: u.email.split('@')[0],
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
    const id = i + 1;
    const dayIndex = Math.floor((i * DAYS) / sizes.length);
    const day = dayOf(dayIndex);
    const age = DAYS - 1 - dayIndex;
    const createdAt = at(day, int(8, 20) * 3_600_000 + int(0, 3_599_999));
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
        ? at(day, 21 * 3_600_000)
        : at(confirmedDay, 9 * 3_600_000)
      : null;
    if (confirmedAt) {
      history.push({
        order_id: id,
        from_status: 'pending',
        to_status: 'confirmed',
        user_id: 3,
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
        ? at(confirmedDay, 20 * 3_600_000 + (i % 3_600_000))
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
          type: 'sale',
          quantity: -l.quantity,
          unit_cost_cents: l.product.cost_cents,
          reference: number,
          user_id: 2,
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
        voided_by: voided ? 1 : null,
        created_by: 3,
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
      const receivedAt = at(receivedDay, 15 * 3_600_000);
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
        opened_by: 3,
        received_by: 2,
        received_at: receivedAt,
        created_at: at(receivedDay, 9 * 3_600_000),
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
        type: 'return',
        quantity,
        unit_cost_cents: line['unit_cost_cents'] as number,
        reference: returnNumber,
        user_id: 2,
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
        created_by: 3,
        created_at: confirmedAt,
        updated_at: confirmedAt,
      });
    }
    orders.push({
      id,
      number,
      customer_id: customerId,
      location_id: 1,
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
      created_by: online ? CUSTOMER_USER_BASE + customerId : int(1, 5),
      confirmed_day: confirmedDay,
      created_at: createdAt,
      updated_at: createdAt,
    });
  });

  // The ledger: an opening receipt large enough for every later sale and reservation, weekly
  // receipts of the popular products, then the sales and returns; in time order, with running on-hand.
  const opening = at(dayOf(0), 7 * 3_600_000);
  const movements: Movement[] = sales;
  for (const p of products) {
    const base = random() < 0.03 ? int(0, REORDER_POINT) : int(100, 1000);
    const quantity = sold[p.id]! + reserved[p.id]! + base;
    if (quantity > 0) movements.push(receipt(p, quantity, opening));
  }
  for (let d = 7; d < DAYS; d += 7) {
    for (let id = 1; id <= popular; id++) movements.push(receipt(products[id - 1]!, 50, at(dayOf(d), 7 * 3_600_000)));
  }
  movements.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  const onHand = new Int32Array(o.products + 1);
  const ledger = movements.map((m) => {
    onHand[m.product_id]! += m.quantity;
    return { ...m, location_id: 1, on_hand_after: onHand[m.product_id]! };
  });

  const available = new Int32Array(o.products);
  const levels = products.map((p) => {
    available[p.id - 1] = onHand[p.id]! - reserved[p.id]!;
    return { product_id: p.id, location_id: 1, on_hand: onHand[p.id]!, reserved: reserved[p.id]!, updated_at: stamp };
  });
  const alerts = products.flatMap((p) => {
    const type = alertFor(available[p.id - 1]!, p.reorder_point);
    return type
      ? [
          {
            product_id: p.id,
            type,
            status: 'open',
            available: available[p.id - 1]!,
            reorder_point: p.reorder_point,
            opened_at: stamp,
          },
        ]
      : [];
  });

  rows['orders'] = orders;
  rows['order_lines'] = lines;
  rows['order_history'] = history;
  rows['returns'] = returns;
  rows['return_lines'] = returnLines;
  rows['stock_movements'] = ledger;
  rows['stock_levels'] = levels;
  rows['stock_alerts'] = alerts;
  rows['inventory_snapshots'] = Array.from({ length: DAYS }, (_, d) => ({
    day: dayOf(d),
    value_cents: 1_000_000_000 + d * 1_000_000,
    units: 10_000_000,
    products: o.products,
    created_at: stamp,
  }));
  rows['debts'] = debts;
  rows['payments'] = payments;
  rows['payment_allocations'] = allocations;
  rows['debt_credits'] = credits;
  return {
    rows,
    catalog,
    available,
    staff,
    counters: { order_number: orders.length, return_number: returns.length },
  };
}

type Movement = {
  product_id: number;
  type: 'receipt' | 'sale' | 'return';
  quantity: number;
  unit_cost_cents: number;
  reference: string | null;
  user_id: number;
  created_at: string;
};

function receipt(p: { id: number; cost_cents: number }, quantity: number, createdAt: string): Movement {
  return {
    product_id: p.id,
    type: 'receipt',
    quantity,
    unit_cost_cents: p.cost_cents,
    reference: null,
    user_id: 2,
    created_at: createdAt,
  };
}
