import { adjustmentBody, countBody, receiptBody, transferBody } from '@bodega/contract';
import { sql } from 'kysely';
import { acknowledgeAlert } from '../../modules/inventory/acknowledge-alert';
import { adjustStock } from '../../modules/inventory/adjust-stock';
import { countStock } from '../../modules/inventory/count-stock';
import { receiveStock } from '../../modules/inventory/receive-stock';
import { transferStock } from '../../modules/inventory/transfer-stock';
import { ADJUSTMENT_NOTES, CATEGORIES } from './vocabulary';
import { attempt, DEMO_META, tick, type DemoProduct, type World } from './world';

const RECEIPT_LINES = 500;

type Level = { onHand: number; reserved: number };

/** Levels of some products at one location (absent = nothing there). */
export async function levelsAt(w: World, locationId: number, productIds: number[]): Promise<Map<number, Level>> {
  const levels = new Map<number, Level>();
  for (let i = 0; i < productIds.length; i += 500) {
    const rows = await w.ctx.db
      .selectFrom('stock_levels')
      .select(['product_id', 'on_hand', 'reserved'])
      .where('location_id', '=', locationId)
      .where('product_id', 'in', productIds.slice(i, i + 500))
      .execute();
    for (const r of rows) levels.set(r.product_id, { onHand: r.on_hand, reserved: r.reserved });
  }
  return levels;
}

const available = (level: Level | undefined) => (level ? level.onHand - level.reserved : 0);

/** Supplier prices creep up over the six months (about 6 %), with some noise per delivery. */
function unitCost(w: World, baseCents: number): number {
  const elapsed = (w.ctx.now().getTime() - w.startMs) / Math.max(1, w.endMs - w.startMs);
  return Math.max(1, Math.round(baseCents * (1 + 0.06 * elapsed) * w.random.between(0.97, 1.04)));
}

/** Goods in, one receipt per supplier and at most 500 lines each, through receiveStock. */
async function receive(
  w: World,
  locationId: number,
  lines: { productId: number; quantity: number; unitCostCents: number; supplier: string }[],
  note: string,
  onLines?: (n: number) => void,
): Promise<void> {
  const bySupplier = new Map<string, typeof lines>();
  for (const line of lines) {
    const group = bySupplier.get(line.supplier);
    if (group) group.push(line);
    else bySupplier.set(line.supplier, [line]);
  }
  for (const [supplier, group] of bySupplier) {
    for (let i = 0; i < group.length; i += RECEIPT_LINES) {
      const chunk = group.slice(i, i + RECEIPT_LINES);
      const body = receiptBody.parse({
        locationId,
        reference: `FC-A-0004-${String(w.stats.receipts + 1).padStart(8, '0')}`,
        note: `${supplier} · ${note}`,
        lines: chunk.map(({ productId, quantity, unitCostCents }) => ({ productId, quantity, unitCostCents })),
      });
      await attempt(w, 'receipt', () => receiveStock(w.ctx, w.actors.warehouse, body, undefined, DEMO_META));
      w.stats.receipts++;
      onLines?.(chunk.length);
      tick(w, 60_000, 300_000);
    }
  }
}

const supplierOf = (p: DemoProduct) => CATEGORIES[p.categoryIndex]!.supplier;

/**
 * Makes sure `quantity` units of each product are available at a location, receiving a
 * delivery of what is missing (plus the reorder quantity): the scripted cases never depend
 * on what the random history left on the shelf.
 */
export async function stockUp(
  w: World,
  locationId: number,
  wanted: { product: DemoProduct; quantity: number }[],
): Promise<void> {
  const levels = await levelsAt(
    w,
    locationId,
    wanted.map((x) => x.product.id),
  );
  const lines = wanted
    .map(({ product, quantity }) => ({ product, missing: quantity - available(levels.get(product.id)) }))
    .filter((x) => x.missing > 0)
    .map(({ product, missing }) => ({
      productId: product.id,
      quantity: missing + product.reorderQuantity,
      unitCostCents: unitCost(w, product.costCents),
      supplier: supplierOf(product),
    }));
  if (lines.length) await receive(w, locationId, lines, 'reposición / restock');
}

/** Units a product keeps at the shop counter. */
export function shopTarget(p: DemoProduct): number {
  return Math.max(6, Math.ceil(p.reorderPoint * 0.8));
}

/**
 * Opening stock: everything arrives at the main warehouse (plus the shop's share), bulky
 * goods also fill the back room; then the shop is stocked by transfers.
 */
export async function openingStock(w: World, onProgress: (done: number) => void): Promise<void> {
  const { products, locations, size } = w;
  const bulky = new Set(['PWR', 'PIN', 'BEB', 'DES', 'LIM']);
  products.forEach((p, i) => (p.shop = i < size.shopProducts));
  let done = 0;
  const progress = (n: number) => onProgress((done += n));
  await receive(
    w,
    locations.main,
    products.map((p) => ({
      productId: p.id,
      quantity: p.reorderQuantity + p.reorderPoint + w.random.int(0, p.reorderPoint) + (p.shop ? shopTarget(p) : 0),
      unitCostCents: p.costCents,
      supplier: supplierOf(p),
    })),
    'stock inicial / opening stock',
    progress,
  );
  const back = products.filter((p) => bulky.has(CATEGORIES[p.categoryIndex]!.code) && w.random.chance(0.35));
  await receive(
    w,
    locations.back,
    back.map((p) => ({
      productId: p.id,
      quantity: p.reorderQuantity,
      unitCostCents: p.costCents,
      supplier: supplierOf(p),
    })),
    'stock inicial, trastienda',
  );
  for (const p of products.filter((x) => x.shop)) {
    await transfer(w, p.id, locations.main, locations.shop, shopTarget(p), 'Surtido inicial de la tienda');
    progress(0);
  }
}

async function transfer(w: World, productId: number, from: number, to: number, quantity: number, note: string) {
  const body = transferBody.parse({ productId, fromLocationId: from, toLocationId: to, quantity, note });
  const done = await attempt(w, 'transfer', () => transferStock(w.ctx, w.actors.warehouse, body, undefined, DEMO_META));
  if (done) w.stats.transfers++;
  tick(w, 10_000, 60_000);
}

/**
 * A supplier delivery: products at or below their reorder point (all locations together,
 * as the alerts count) get their reorder quantity. Suppliers are short of some, so a few
 * alerts stay open for days.
 */
export async function restock(w: World): Promise<void> {
  const low = await w.ctx.db
    .selectFrom('products as p')
    .leftJoin('stock_levels as l', 'l.product_id', 'p.id')
    .select((eb) => [
      'p.id',
      'p.cost_cents',
      'p.reorder_point',
      'p.reorder_quantity',
      eb.fn.coalesce(eb.fn.sum<number>(sql`l.on_hand - l.reserved`), sql<number>`0`).as('available'),
    ])
    .where('p.active', '=', 1)
    .groupBy(['p.id', 'p.cost_cents', 'p.reorder_point', 'p.reorder_quantity'])
    .having(sql<boolean>`coalesce(sum(l.on_hand - l.reserved), 0) <= p.reorder_point`)
    .orderBy('p.id')
    .execute();
  const known = new Map(w.products.map((p) => [p.id, p]));
  const lines = [];
  for (const row of low) {
    const out = Number(row.available) <= 0;
    if (w.random.chance(out ? 0.05 : 0.18)) continue;
    const p = known.get(row.id);
    const reorder = row.reorder_quantity || Math.max(10, row.reorder_point * 2);
    lines.push({
      productId: row.id,
      quantity: Math.max(1, reorder + row.reorder_point - Number(row.available)),
      unitCostCents: unitCost(w, p ? p.costCents : row.cost_cents),
      supplier: p ? supplierOf(p) : 'Proveedores varios',
    });
  }
  if (lines.length) await receive(w, w.locations.main, lines, 'reposición / restock');
}

/** Twice a week the shop is topped up from the main warehouse. */
export async function replenishShop(w: World): Promise<void> {
  const shop = w.products.filter((p) => p.shop && !p.archived);
  const ids = shop.map((p) => p.id);
  const atShop = await levelsAt(w, w.locations.shop, ids);
  const atMain = await levelsAt(w, w.locations.main, ids);
  for (const p of shop) {
    const target = shopTarget(p);
    const have = available(atShop.get(p.id));
    if (have * 3 > target) continue;
    const quantity = Math.min(target - have, available(atMain.get(p.id)));
    if (quantity > 0) await transfer(w, p.id, w.locations.main, w.locations.shop, quantity, 'Reposición de la tienda');
  }
}

/** Weekly: what waits in the back room goes to the main warehouse when the warehouse runs low. */
export async function emptyBackRoom(w: World): Promise<void> {
  const rows = await w.ctx.db
    .selectFrom('stock_levels')
    .select(['product_id', 'on_hand', 'reserved'])
    .where('location_id', '=', w.locations.back)
    .where(sql<boolean>`on_hand - reserved > 0`)
    .orderBy('product_id')
    .execute();
  if (!rows.length) return;
  const known = new Map(w.products.map((p) => [p.id, p]));
  const atMain = await levelsAt(
    w,
    w.locations.main,
    rows.map((r) => r.product_id),
  );
  for (const r of rows) {
    const p = known.get(r.product_id);
    if (!p || available(atMain.get(p.id)) > p.reorderPoint) continue;
    await transfer(w, p.id, w.locations.back, w.locations.main, r.on_hand - r.reserved, 'Desde la trastienda');
  }
}

/** Breakage, losses and finds: a few signed corrections with a reason. */
export async function adjustSome(w: World, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const p = w.random.pick(w.products);
    if (p.archived) continue;
    const reason = w.random.weighted({ damage: 45, loss: 25, found: 20, other: 10 });
    const have = available((await levelsAt(w, w.locations.main, [p.id])).get(p.id));
    const size = w.random.int(1, 3);
    const quantity = reason === 'found' ? size : -Math.min(size, have);
    if (quantity === 0) continue;
    const body = adjustmentBody.parse({
      productId: p.id,
      locationId: w.locations.main,
      quantity,
      reason,
      note: reason === 'other' || w.random.chance(0.6) ? w.random.pick(ADJUSTMENT_NOTES[reason]) : undefined,
    });
    if (await attempt(w, 'adjustment', () => adjustStock(w.ctx, w.actors.warehouse, body, undefined, DEMO_META)))
      w.stats.adjustments++;
    tick(w, 60_000, 900_000);
  }
}

/** The monthly cycle count: a sample of products counted; most match, some are off by a unit or two. */
export async function cycleCount(w: World, count: number): Promise<void> {
  const sample = w.random.shuffle(w.products.filter((p) => !p.archived)).slice(0, count);
  const levels = await levelsAt(
    w,
    w.locations.main,
    sample.map((p) => p.id),
  );
  for (const p of sample) {
    const level = levels.get(p.id);
    if (!level) continue;
    const delta = Number(w.random.weighted({ '0': 60, '-1': 20, '-2': 8, '1': 12 }));
    const body = countBody.parse({
      productId: p.id,
      locationId: w.locations.main,
      countedQuantity: Math.max(level.reserved, level.onHand + delta, 0),
      note: 'Conteo cíclico mensual',
    });
    if (await attempt(w, 'count', () => countStock(w.ctx, w.actors.warehouse, body, undefined, DEMO_META)))
      w.stats.counts++;
    tick(w, 30_000, 180_000);
  }
}

/** On Monday mornings the warehouse acknowledges some of the open alerts, oldest first. */
export async function acknowledgeAlerts(w: World): Promise<void> {
  const open = await w.ctx.db
    .selectFrom('stock_alerts')
    .select('id')
    .where('status', '=', 'open')
    .orderBy('id')
    .limit(60)
    .execute();
  for (const alert of open) {
    if (!w.random.chance(0.6)) continue;
    await attempt(w, 'acknowledge alert', () => acknowledgeAlert(w.ctx, w.actors.warehouse, alert.id, DEMO_META));
    tick(w, 5_000, 30_000);
  }
}
