import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { recordAudit } from '../../modules/audit/record-audit';
import { bootstrapAdmin } from '../../modules/users/bootstrap-admin';
import { hashPassword } from '../../platform/auth/passwords';
import type { Actor, AppContext } from '../../platform/context';
import { business, type Business, type StaffMember } from '../bulk/business';
import {
  receivablesAreConsistent,
  receivablesInvariants,
  stockInvariants,
  stockIsConsistent,
} from '../bulk/invariants';
import { loadBusiness } from '../bulk/load';
import type { Db } from '../../db/database';
import { uploadImages, type ImageItem } from './catalog';
import {
  DEMO_PASSWORD,
  draftContact,
  draftPerson,
  ensureLocations,
  ensureSettings,
  findAdmin,
  loginEmail,
  STAFF,
  staffCredentials,
} from './people';
import type { ProgressSink } from './progress';
import { Random } from '../random';
import { CATEGORIES, DISCOUNT_REASONS, PARENT_CATEGORIES, RETURN_REASONS, VOID_REASONS } from './vocabulary';
import { DEMO_META, type DemoSize } from './world';

/** A quarter of the customers registered in the app; their orders are 40 % of all. */
const ONLINE_SHARE = 0.25;
/** Stock moved at the opening from the main warehouse to the shop (best sellers) and the back room. */
const SHOP_UNITS = 12;
const BACK_ROOM = { products: 300, units: 24 };

export type Credential = { who: string; email: string; password: string };
export type Check = { name: string; ok: boolean; detail: string };

export type BulkDemoResult = {
  from: string;
  to: string;
  credentials: Credential[];
  timings: { phase: string; ms: number }[];
  checks: Check[];
};

/**
 * Why the bulk load cannot run here, if it cannot: it writes rows with ids of its own, so the
 * business tables must be empty and the demo staff's emails free. Existing users (the
 * installation's admin) are kept; the generated ones get ids after theirs.
 */
export async function bulkBlockers(db: Db): Promise<string[]> {
  const blockers: string[] = [];
  for (const table of ['orders', 'products', 'categories', 'customers', 'stock_movements', 'debts'] as const) {
    const n = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
    if (n > 0) blockers.push(`${n.toLocaleString('en')} ${table.replaceAll('_', ' ')}`);
  }
  const taken = await db
    .selectFrom('users')
    .select('email')
    .where(
      'email',
      'in',
      STAFF.map((s) => s.email),
    )
    .execute();
  if (taken.length) blockers.push(`users ${taken.map((u) => u.email).join(', ')}`);
  return blockers;
}

/**
 * `npm run demo -- --large`: the benchmark's business generator (tools/bulk/business.ts), dressed
 * with the demo's names, bulk-loaded into an empty database (tools/bulk/load.ts), then checked
 * from the tables (tools/bulk/invariants.ts); see docs/decisions/0010. What goes through the
 * use-cases: the admin, settings, locations, the images of the best sellers and one audit entry.
 */
export async function loadBulkDemo(
  ctx: AppContext,
  size: DemoSize,
  seed: number,
  progress: ProgressSink,
): Promise<BulkDemoResult> {
  const timings: BulkDemoResult['timings'] = [];
  let phaseStarted = performance.now();
  const lap = (phase: string) => {
    timings.push({ phase, ms: Math.round(performance.now() - phaseStarted) });
    phaseStarted = performance.now();
  };

  progress.phase('setup', 3);
  const bootstrapped = await bootstrapAdmin(ctx);
  const admin = await findAdmin(ctx.db, ctx.config.admin.email);
  if (!admin) throw new Error('demo: no active admin account, and none could be created');
  const w = {
    ctx,
    actors: { admin, warehouse: admin, sales: admin, cashier: admin },
    locations: { main: 0, shop: 0, back: 0 },
  };
  await ensureSettings(w);
  progress.update(1);
  await ensureLocations(w);
  progress.update(2);
  const users = await ctx.db.selectFrom('users').select(['id', 'email']).execute();
  const firstId = Math.max(0, ...users.map((u) => u.id)) + 1;
  const staff: StaffMember[] = [
    { id: admin.userId, email: ctx.config.admin.email, role: 'admin', existing: true },
    ...STAFF.map((s, i) => ({ id: firstId + i, email: s.email, name: s.name, role: s.role })),
  ];
  const warehouse: Actor = {
    userId: staff.find((s) => s.role === 'warehouse_manager')!.id,
    role: 'warehouse_manager',
    customerId: null,
    sessionId: 0,
  };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  progress.update(3);
  lap('setup (admin, settings, locations)');

  progress.phase('generate', 100);
  const customerUsers = Math.max(1, Math.ceil(size.customers * ONLINE_SHARE));
  const b = business({
    lines: size.targetLines,
    products: size.products,
    customers: size.customers,
    customerUsers,
    now: ctx.now(),
    passwordHash,
    days: size.days,
    seed,
    staff,
    customerUserBase: firstId + STAFF.length - 1,
    locationId: w.locations.main,
    transfers: [
      { locationId: w.locations.shop, products: size.shopProducts, quantity: SHOP_UNITS },
      { locationId: w.locations.back, products: BACK_ROOM.products, quantity: BACK_ROOM.units },
    ],
    onProgress: (done, total) =>
      progress.update(
        Math.floor((done / total) * 100),
        `${done.toLocaleString('en')} orders of ${total.toLocaleString('en')}`,
      ),
  });
  const dressed = dress(b, new Random(seed), {
    taken: new Set([...users.map((u) => u.email), ...STAFF.map((s) => s.email)]),
    customerUsers,
    images: size.images,
    warehouse: warehouse.userId,
  });
  lap(`generate (${b.rows['orders']!.length.toLocaleString('en')} orders, in memory)`);

  // Rows of the tables before each one, so that one bar covers the whole load.
  const before = new Map<string, number>();
  let total = 0;
  for (const [table, list] of Object.entries(b.rows)) {
    before.set(table, total);
    total += list.length;
  }
  progress.phase('load', total);
  const load = await loadBusiness({ db: ctx.db, database: ctx.config.database }, b, {
    onRows: (table, done) => progress.update((before.get(table) ?? 0) + done, table.replaceAll('_', ' ')),
    onStep: (step) => {
      progress.phase(step, 1);
    },
  });
  progress.update(1);
  timings.push(
    { phase: `load (${total.toLocaleString('en')} rows, indexes rebuilt)`, ms: Math.round(load.loadMs) },
    { phase: 'sales summaries (rebuildSalesSummary)', ms: Math.round(load.rebuildMs) },
    { phase: 'planner statistics', ms: Math.round(load.analyzeMs) },
  );
  phaseStarted = performance.now();

  const images = dressed.images;
  progress.phase('images', images.length);
  await uploadImages({ ctx, actors: { ...w.actors, warehouse } }, images, (done) => progress.update(done));
  await ctx.db.transaction().execute((trx) =>
    recordAudit(trx, {
      actor: admin,
      meta: DEMO_META,
      action: 'demo.bulk_loaded',
      entity: 'demo',
      entityId: null,
      after: { size: size.name, seed, products: size.products, customers: size.customers, lines: size.targetLines },
    }),
  );
  lap(`images (${images.length})`);

  progress.phase('check', 3);
  const checks = await check(ctx.db, progress);
  lap('invariant check');
  progress.end();

  const customer = b.rows['users']!.find((u) => u['role'] === 'customer');
  const snapshots = b.rows['inventory_snapshots']!;
  return {
    from: String(snapshots[0]!['day']),
    to: String(snapshots[snapshots.length - 1]!['day']),
    credentials: [
      ...staffCredentials(ctx, bootstrapped),
      ...(customer
        ? [
            {
              who: `customer (${String(customer['name'])})`,
              email: String(customer['email']),
              password: DEMO_PASSWORD,
            },
          ]
        : []),
    ],
    timings,
    checks,
  };
}

/**
 * The demo's vocabulary on the generator's rows: the hardware store's and grocery's ten
 * categories under their two parents; each product in one of them, with a name, SKU and unit
 * of that category (copied onto its order lines with the category); customers with Spanish
 * and English names and contact details, the online ones signing in as first.last@demo.local;
 * a quarter of the low-stock alerts seen by the warehouse. Amounts, quantities and dates are
 * the generator's, so every invariant holds.
 */
function dress(
  b: Business,
  random: Random,
  o: { taken: Set<string>; customerUsers: number; images: number; warehouse: number },
): { images: ImageItem[] } {
  const rows = b.rows;
  const stamp = String(rows['categories']![0]!['created_at']);
  const parentId = (name: string) => CATEGORIES.length + 1 + PARENT_CATEGORIES.findIndex((p) => p.name === name);
  rows['categories'] = [
    ...PARENT_CATEGORIES.map((p) => ({
      id: parentId(p.name),
      name: p.name,
      description: p.description,
      parent_id: null,
    })),
    ...CATEGORIES.map((c, i) => ({
      id: i + 1,
      name: c.name,
      description: c.description,
      parent_id: parentId(c.parent),
    })),
  ].map((c) => ({ ...c, created_at: stamp, updated_at: stamp }));

  const catalog = random.fork('catalog');
  const seen = new Set<string>();
  const names: string[] = [];
  const skus: string[] = [];
  const categories: number[] = [];
  const images: ImageItem[] = [];
  for (const p of rows['products']!) {
    const id = p['id'] as number;
    const category = ((id - 1) % CATEGORIES.length) + 1;
    const spec = CATEGORIES[category - 1]!;
    const kind = catalog.pick(spec.kinds);
    const brand = catalog.pick(spec.brands);
    const base = [kind.name, brand, catalog.pick(spec.variants)].filter(Boolean).join(' ');
    let name = base;
    while (seen.has(name.toLowerCase()))
      name = `${base} ${String.fromCharCode(65 + catalog.int(0, 25))}${catalog.int(10, 9999)}`;
    seen.add(name.toLowerCase());
    names[id] = name;
    categories[id] = category;
    skus[id] = `${spec.code}-${String(id).padStart(6, '0')}`;
    Object.assign(p, {
      category_id: category,
      name,
      sku: skus[id],
      unit: kind.unit ?? 'unit',
      barcode: kind.bulk ? null : p['barcode'],
      description: catalog.chance(0.7) ? `${brand} · ${spec.name}. ${spec.description}.` : null,
    });
    // The first products are the best sellers: they get the pictures.
    if (id <= o.images)
      images.push({ productId: id, name, sku: skus[id], hue: (spec.hue + (id % 7) * 6) % 360, brand });
  }
  for (const l of rows['order_lines']!) {
    l['name'] = names[l['product_id'] as number];
    l['sku'] = skus[l['product_id'] as number];
    l['category_id'] = categories[l['product_id'] as number];
  }

  const people = random.fork('customers');
  const usersByCustomer = new Map(rows['users']!.filter((u) => u['customer_id']).map((u) => [u['customer_id'], u]));
  for (const c of rows['customers']!) {
    const id = c['id'] as number;
    const online = id <= o.customerUsers;
    let draft = draftPerson(people);
    // The ones who registered in the app are people, not companies.
    while (online && draft.business) draft = draftPerson(people);
    const { email, taxId, ...contact } = draftContact(people, draft, id);
    const login = online ? loginEmail(draft, o.taken) : null;
    Object.assign(c, { name: draft.name, email: login ?? email, tax_id: taxId, ...contact });
    const user = usersByCustomer.get(id);
    if (user) Object.assign(user, { name: draft.name, email: login });
  }

  const reasons = random.fork('reasons');
  for (const order of rows['orders']!)
    if (order['discount_reason']) order['discount_reason'] = reasons.pick(DISCOUNT_REASONS);
  for (const r of rows['returns']!) r['reason'] = reasons.pick(RETURN_REASONS);
  for (const p of rows['payments']!) if (p['void_reason']) p['void_reason'] = reasons.pick(VOID_REASONS);
  rows['stock_alerts']!.forEach((a, i) => {
    const seenBy = a['type'] === 'low_stock' && i % 4 === 0;
    Object.assign(a, {
      status: seenBy ? 'acknowledged' : 'open',
      acknowledged_at: seenBy ? a['opened_at'] : null,
      acknowledged_by: seenBy ? o.warehouse : null,
    });
  });
  return { images };
}

/** The invariants the use-cases would have kept, checked from the tables. */
async function check(db: Db, progress: ProgressSink): Promise<Check[]> {
  const stock = await stockInvariants(db);
  progress.update(1);
  const receivables = await receivablesInvariants(db);
  progress.update(2);
  const summary = await sql<{ orders: number; revenue: number; summed_orders: number; summed_revenue: number }>`
    select (select count(*) from orders where confirmed_day is not null and status <> 'cancelled') as orders,
      (select coalesce(sum(subtotal_cents - discount_cents), 0) from orders
        where confirmed_day is not null and status <> 'cancelled') as revenue,
      (select coalesce(sum(orders), 0) from sales_daily) as summed_orders,
      (select coalesce(sum(subtotal_cents - discount_cents), 0) from sales_daily) as summed_revenue`.execute(db);
  progress.update(3);
  const s = summary.rows[0]!;
  const n = (v: number) => v.toLocaleString('en');
  return [
    {
      name: 'stock',
      ok: stockIsConsistent(stock),
      detail:
        `${n(stock.levels)} levels: on hand = ledger (${n(stock.ledgerMismatches)} differ), ` +
        `reserved = open order lines (${n(stock.reservedMismatches)} differ), ${n(stock.oversold)} oversold`,
    },
    {
      name: 'receivables',
      ok: receivablesAreConsistent(receivables),
      detail:
        `${n(receivables.debts)} debts: ${n(receivables.ordersWithoutDebt)} confirmed orders without one, ` +
        `${n(receivables.paidMismatches)} paid ≠ allocations, ${n(receivables.creditMismatches)} credited ≠ return credits, ` +
        `${n(receivables.orderMismatches)} orders ≠ their debt, ${n(receivables.overSettled)} over-settled`,
    },
    {
      name: 'sales summaries',
      ok: Number(s.orders) === Number(s.summed_orders) && Number(s.revenue) === Number(s.summed_revenue),
      detail: `${n(Number(s.summed_orders))} orders and ${n(Number(s.summed_revenue))} cents of revenue in sales_daily; the orders say ${n(Number(s.orders))} and ${n(Number(s.revenue))}`,
    },
  ];
}
