import { OPEN_DEBT_STATUSES, addDays, localDay } from '@bodega/domain';
import { sql } from 'kysely';
import { getSettings } from '../../modules/settings/settings.queries';
import { bootstrapAdmin } from '../../modules/users/bootstrap-admin';
import type { AppContext } from '../../platform/context';
import { bulkBlockers, loadBulkDemo, type Check } from './bulk';
import { createCategories, createProducts, draftProducts, imageItem, uploadImages } from './catalog';
import { runHistory } from './history';
import {
  createCustomers,
  DEMO_PASSWORD,
  ensureLocations,
  ensureSettings,
  ensureStaff,
  findAdmin,
  staffCredentials,
} from './people';
import { silentProgress, type ProgressSink } from './progress';
import { Random, WeightedSampler } from '../random';
import { openingStock } from './stock';
import { CATEGORIES } from './vocabulary';
import { DEMO_META, HOUR, localTime, newStats, SIZES, type DemoClock, type DemoSize, type World } from './world';

export { SIZES, type DemoClock, type DemoSize } from './world';
export { stderrProgress, silentProgress, type ProgressSink } from './progress';

export type DemoOptions = {
  /** A size by name, or one of its own (tests): a `large` one is bulk-loaded. */
  size: DemoSize['name'] | DemoSize;
  seed: number;
  /** Load even though the database already has orders (another six months on top; not with `large`). */
  force: boolean;
  /**
   * The moment the demo is loaded at: the history ends just before it. Default: the clock's
   * current time. The clock is set to it first (`npm run demo -- --now`, and the tests, which
   * load at fixed moments so that what they check does not depend on the day they run).
   */
  now?: Date;
  progress?: ProgressSink;
};

/** The database already holds a business: the demo will not mix into it unless forced. */
export class DemoRefusedError extends Error {
  override readonly name = 'DemoRefusedError';
}

export type DemoSummary = {
  size: DemoSize['name'];
  seed: number;
  from: string;
  to: string;
  counts: Record<string, number | Record<string, number>>;
  refused: Record<string, number>;
  credentials: { who: string; email: string; password: string }[];
  timings: { phase: string; ms: number }[];
  /** The invariants checked from the tables after a bulk load; every one must be ok. */
  checks: Check[];
  totalMs: number;
};

/**
 * Loads a realistic business into the database behind `ctx`: catalog with drawn images,
 * locations, staff, customers and six months of history, all through the same use-cases as
 * the API. `ctx.now` must read the clock that `clock.set` moves. The large size is the
 * benchmark's business instead, bulk-loaded into an empty database (demo/bulk.ts).
 */
export async function loadDemoData(ctx: AppContext, clock: DemoClock, options: DemoOptions): Promise<DemoSummary> {
  const startedAt = performance.now();
  const size = typeof options.size === 'string' ? SIZES[options.size] : options.size;
  if (options.now && Number.isNaN(options.now.getTime())) throw new RangeError('demo: `now` is not a valid date');
  // Only once nothing can refuse: a refused load leaves the clock alone.
  const startClock = () => options.now && clock.set(options.now.getTime());
  if (size.name === 'large') {
    const blockers = await bulkBlockers(ctx.db);
    if (blockers.length) {
      throw new DemoRefusedError(
        `The large demo is bulk-loaded and needs an empty database, but this one has ${blockers.join(', ')}` +
          (options.force ? ' (--force cannot load it on top). ' : '. ') +
          'Point DATA_DIR or DATABASE_URL at a fresh database.',
      );
    }
    startClock();
    const loaded = await loadBulkDemo(ctx, size, options.seed, options.progress ?? silentProgress);
    return {
      size: size.name,
      seed: options.seed,
      ...loaded,
      counts: await countEverything(ctx),
      refused: {},
      totalMs: Math.round(performance.now() - startedAt),
    };
  }
  const orders = await ctx.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(orders.n) > 0 && !options.force) {
    throw new DemoRefusedError(
      `The database already has ${Number(orders.n).toLocaleString('en')} orders: the demo data is meant for an empty business, ` +
        'and mixing it into real data would be hard to undo. Point DATA_DIR or DATABASE_URL at a fresh database, ' +
        'or add --force to load another six months on top.',
    );
  }

  if (size.customers <= size.linkedUsers) {
    throw new RangeError('demo: a size needs more customers than linked users (the last one is the scripted cases’)');
  }
  startClock();
  const timeZone = (await getSettings(ctx.db)).timeZone;
  // History ends half an hour ago (the finishing touches take a few simulated minutes) and
  // starts at dawn `days` days earlier, in the installation's time zone.
  const endMs = ctx.now().getTime() - 0.5 * HOUR;
  const firstDay = addDays(localDay(new Date(endMs), timeZone), -size.days);
  const startMs = localTime(firstDay, 5, timeZone);
  clock.set(startMs);

  const timings: DemoSummary['timings'] = [];
  let phaseStarted = performance.now();
  const lap = (phase: string) => {
    timings.push({ phase, ms: Math.round(performance.now() - phaseStarted) });
    phaseStarted = performance.now();
  };
  const progress = options.progress ?? silentProgress;

  const bootstrapped = await bootstrapAdmin(ctx);
  const admin = await findAdmin(ctx.db, ctx.config.admin.email);
  if (!admin) throw new Error('demo: no active admin account, and none could be created');
  const w: World = {
    ctx,
    clock,
    random: new Random(options.seed),
    size,
    meta: DEMO_META,
    timeZone,
    startMs,
    endMs,
    actors: { admin, warehouse: admin, sales: admin, cashier: admin },
    locations: { main: 0, shop: 0, back: 0 },
    products: [],
    productById: new Map(),
    customers: [],
    walkIn: null,
    showcase: null,
    samplers: null,
    stats: newStats(),
    progress,
  };

  progress.phase('setup', 3);
  await ensureSettings(w);
  await ensureStaff(w);
  progress.update(2);
  await ensureLocations(w);
  progress.update(3);
  lap('setup (settings, staff, locations)');

  progress.phase('catalog', size.products);
  const categoryIds = await createCategories(w);
  const existing = await ctx.db.selectFrom('products').select(['sku', 'barcode']).execute();
  const drafts = draftProducts(w, {
    skus: new Set(existing.map((p) => p.sku.toLowerCase())),
    barcodes: new Set(existing.flatMap((p) => (p.barcode ? [p.barcode] : []))),
  });
  w.products = await createProducts(w, drafts, categoryIds, (done) => progress.update(done));
  w.productById = new Map(w.products.map((p) => [p.id, p]));
  lap(`catalog (${CATEGORIES.length + 2} categories, ${size.products.toLocaleString('en')} products)`);

  const withImages = w.products.slice(0, size.images).map((product, i) => imageItem(product, drafts[i]!));
  progress.phase('images', withImages.length);
  await uploadImages(w, withImages, (done) => progress.update(done));
  lap(`images (${withImages.length})`);

  progress.phase('customers', size.customers);
  await createCustomers(w, (done) => progress.update(done));
  lap(`customers (${size.customers.toLocaleString('en')})`);

  const shopCount = size.shopProducts;
  w.samplers = {
    all: new WeightedSampler(w.products, (p) => p.weight),
    hardware: new WeightedSampler(
      w.products.filter((p) => p.segment === 'hardware'),
      (p) => p.weight,
    ),
    grocery: new WeightedSampler(
      w.products.filter((p) => p.segment === 'grocery'),
      (p) => p.weight,
    ),
    shop: new WeightedSampler(w.products.slice(0, shopCount), (p) => p.weight),
    customers: new WeightedSampler(w.customers, (c) => c.weight),
    individuals: new WeightedSampler(
      w.customers.filter((c) => !c.business),
      (c) => c.weight,
    ),
  };

  progress.phase('stock', w.products.length);
  await openingStock(w, (done) => progress.update(done));
  lap('opening stock (receipts and transfers)');

  await runHistory(w);
  lap(`history (${size.days} days)`);
  progress.end();

  const linked = w.customers.find((c) => c.actor && c.email);
  return {
    size: size.name,
    seed: options.seed,
    from: firstDay,
    to: localDay(ctx.now(), timeZone),
    counts: await countEverything(ctx),
    refused: w.stats.refused,
    credentials: [
      ...staffCredentials(ctx, bootstrapped),
      ...(linked ? [{ who: `customer (${linked.name})`, email: linked.email!, password: DEMO_PASSWORD }] : []),
    ],
    timings,
    checks: [],
    totalMs: Math.round(performance.now() - startedAt),
  };
}

async function countEverything(ctx: AppContext): Promise<DemoSummary['counts']> {
  const { db } = ctx;
  const total = async (
    table:
      | 'categories'
      | 'products'
      | 'product_images'
      | 'locations'
      | 'customers'
      | 'order_lines'
      | 'inventory_snapshots'
      | 'audit_log',
  ) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
  const grouped = async (rows: Promise<{ key: string; n: number | string | bigint }[]>) =>
    Object.fromEntries((await rows).map((r) => [r.key, Number(r.n)]));
  const today = localDay(ctx.now(), (await getSettings(db)).timeZone);
  return {
    categories: await total('categories'),
    products: await total('products'),
    productImages: await total('product_images'),
    locations: await total('locations'),
    users: await grouped(
      db
        .selectFrom('users')
        .select((eb) => ['role as key', eb.fn.countAll<number>().as('n')])
        .groupBy('role')
        .execute(),
    ),
    customers: await total('customers'),
    orders: await grouped(
      db
        .selectFrom('orders')
        .select((eb) => ['status as key', eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute(),
    ),
    orderLines: await total('order_lines'),
    returns: await grouped(
      db
        .selectFrom('returns')
        .select((eb) => ['status as key', eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute(),
    ),
    debts: await grouped(
      db
        .selectFrom('debts')
        .select((eb) => ['status as key', eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute(),
    ),
    overdueDebts: Number(
      (
        await db
          .selectFrom('debts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', 'in', OPEN_DEBT_STATUSES)
          .where('due_date', '<', today)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    payments: await grouped(
      db
        .selectFrom('payments')
        .select((eb) => ['status as key', eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute(),
    ),
    movements: await grouped(
      db
        .selectFrom('stock_movements')
        .select((eb) => ['type as key', eb.fn.countAll<number>().as('n')])
        .groupBy('type')
        .execute(),
    ),
    alerts: await grouped(
      db
        .selectFrom('stock_alerts')
        .select((eb) => ['status as key', eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute(),
    ),
    snapshots: await total('inventory_snapshots'),
    auditEntries: await total('audit_log'),
  };
}
