import type { ImportResult, ProductCsvRow } from '@bodega/contract';
import { sql } from 'kysely';
import { lockForUpdate, type Tx } from '../../db/database';
import type { ProductRow } from '../../db/schema';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { assertStockValueWithinLimits, evaluateAlerts } from '../inventory/stock-ledger';
import { recordAudit } from '../audit/record-audit';
import { productConflict } from './constraint-errors';
import { planCategories } from './import-categories';
import { PROGRESS_EVERY, readProductCsv, RowErrors, type CsvRow, type OnProgress } from './read-product-csv';

const BATCH = 500;

type Values = Pick<
  ProductRow,
  | 'sku'
  | 'barcode'
  | 'name'
  | 'description'
  | 'category_id'
  | 'unit'
  | 'price_cents'
  | 'cost_cents'
  | 'tax_rate_bp'
  | 'reorder_point'
  | 'reorder_quantity'
  | 'active'
>;
const FIELDS = [
  'sku',
  'barcode',
  'name',
  'description',
  'category_id',
  'unit',
  'price_cents',
  'cost_cents',
  'tax_rate_bp',
  'reorder_point',
  'reorder_quantity',
  'active',
] as const satisfies readonly (keyof Values)[];

/**
 * All or nothing: every row is validated first (file, then database: barcodes, categories);
 * any error refuses the whole file with row-level errors. Then one transaction upserts by SKU
 * (case-insensitive) in batches, bumping the version of each product that changes, and writes
 * one audit entry with the counts.
 */
export async function importProducts(
  ctx: AppContext,
  actor: Actor,
  text: string,
  meta: RequestMeta,
  onProgress: OnProgress = () => undefined,
  options: { dryRun?: boolean } = {},
): Promise<ImportResult> {
  const rows = await readProductCsv(text, onProgress);
  try {
    return await inTransaction(ctx, async (work) => {
      const { trx, now } = work;
      const errors = new RowErrors();
      const categories = await planCategories(trx, rows, errors);
      const existing = await existingProducts(trx, rows);
      await checkBarcodes(trx, rows, existing, errors);
      errors.throwIfAny();
      const categoryIds = await categories.create(now);

      const creates: Values[] = [];
      const updates: (Values & { id: number })[] = [];
      /** Products whose reorder point or active flag changed: their alert may have to open or close. */
      const rethink: number[] = [];
      /** Products whose cost rose: their stock's value is checked against its limit. */
      const costRaised: number[] = [];
      for (const { data } of rows) {
        const current = existing.get(data.sku.toLowerCase());
        const category =
          data.category === undefined ? undefined : data.category ? categoryIds.get(data.category) : null;
        const values = merge(data, current, category);
        if (!current) creates.push(values);
        else if (FIELDS.some((f) => values[f] !== current[f])) {
          updates.push({ ...values, id: current.id });
          if (values.reorder_point !== current.reorder_point || values.active !== current.active)
            rethink.push(current.id);
          if (values.cost_cents > current.cost_cents) costRaised.push(current.id);
        }
      }
      const unchanged = rows.length - creates.length - updates.length;

      let processed = unchanged;
      let reported = 0;
      const progress = async (n: number) => {
        processed += n;
        if (processed - reported < PROGRESS_EVERY && processed < rows.length) return;
        reported = processed;
        await onProgress({ phase: 'importing', processed, total: rows.length });
      };
      for (let i = 0; i < creates.length; i += BATCH) {
        const batch = creates.slice(i, i + BATCH);
        await trx
          .insertInto('products')
          .values(batch.map((v) => ({ ...v, created_at: now, updated_at: now })))
          .execute();
        await progress(batch.length);
      }
      for (let i = 0; i < updates.length; i += BATCH) {
        const batch = updates.slice(i, i + BATCH);
        await updateBatch(trx, batch, now);
        await progress(batch.length);
      }
      await evaluateAlerts(work, rethink);
      await assertStockValueWithinLimits(trx, costRaised);

      const result: ImportResult = {
        created: creates.length,
        updated: updates.length,
        unchanged,
        total: rows.length,
        categoriesCreated: categories.created.length,
      };
      await recordAudit(trx, {
        actor,
        meta,
        action: 'product.imported',
        entity: 'product',
        entityId: null,
        after: { ...result, newCategories: categories.created },
      });
      if (options.dryRun) throw new DryRunDone(result);
      return result;
    });
  } catch (err) {
    // A product written by someone else during the import took a SKU or barcode.
    throw productConflict(err) ?? err;
  }
}

/** Thrown at the end of a dry run so that its transaction rolls back, carrying what it would have done. */
export class DryRunDone extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

function merge(d: ProductCsvRow, current: ProductRow | undefined, categoryId: number | null | undefined): Values {
  const keep = <T>(given: T | undefined, field: keyof Values, fallback: T): T =>
    given !== undefined ? given : current ? (current[field] as T) : fallback;
  return {
    sku: d.sku,
    barcode: keep(d.barcode, 'barcode', null),
    name: d.name,
    description: keep(d.description, 'description', null),
    category_id: keep(categoryId, 'category_id', null),
    unit: keep(d.unit, 'unit', 'unit'),
    price_cents: d.priceCents,
    cost_cents: keep(d.costCents, 'cost_cents', 0),
    tax_rate_bp: keep(d.taxRateBp, 'tax_rate_bp', 0),
    reorder_point: keep(d.reorderPoint, 'reorder_point', 0),
    reorder_quantity: keep(d.reorderQuantity, 'reorder_quantity', 0),
    active: keep(d.active === undefined ? undefined : d.active ? 1 : 0, 'active', 1),
  };
}

/**
 * The products the file names, by lower-case SKU, locked (PostgreSQL) until the import commits.
 * Locks are taken in id order, as the stock ledger takes them, so that the two cannot deadlock.
 */
async function existingProducts(trx: Tx, rows: CsvRow[]): Promise<Map<string, ProductRow>> {
  const skus = rows.map((r) => r.data.sku.toLowerCase());
  const ids: number[] = [];
  for (let i = 0; i < skus.length; i += BATCH) {
    const batch = skus.slice(i, i + BATCH);
    const found = await trx
      .selectFrom('products')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['sku']), 'in', batch))
      .execute();
    ids.push(...found.map((p) => p.id));
  }
  ids.sort((a, b) => a - b);
  const bySku = new Map<string, ProductRow>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const q = trx
      .selectFrom('products')
      .selectAll()
      .where('id', 'in', ids.slice(i, i + BATCH))
      .orderBy('id');
    for (const p of await lockForUpdate(trx, q).execute()) bySku.set(p.sku.toLowerCase(), p);
  }
  return bySku;
}

/** A barcode may move only within its own product: one held by another SKU is a row error. */
async function checkBarcodes(trx: Tx, rows: CsvRow[], existing: Map<string, ProductRow>, errors: RowErrors) {
  const wanted = rows.filter((r) => r.data.barcode);
  for (let i = 0; i < wanted.length; i += BATCH) {
    const batch = wanted.slice(i, i + BATCH);
    const owners = await trx
      .selectFrom('products')
      .select(['id', 'sku', 'barcode'])
      .where(
        'barcode',
        'in',
        batch.map((r) => r.data.barcode!),
      )
      .execute();
    const ownerOf = new Map(owners.map((o) => [o.barcode, o]));
    for (const { row, line, data } of batch) {
      const owner = ownerOf.get(data.barcode!);
      if (owner && owner.id !== existing.get(data.sku.toLowerCase())?.id) {
        errors.add(
          row,
          line,
          'barcode',
          `barcode ${data.barcode} belongs to product ${owner.sku}; clear it there first`,
        );
      }
    }
  }
}

/** One statement per batch; VALUES columns are named column1… on both databases. */
async function updateBatch(trx: Tx, batch: (Values & { id: number })[], now: string): Promise<void> {
  const values = batch.map(
    (r) =>
      sql`(${r.id}, ${r.sku}, ${r.barcode}, ${r.name}, ${r.description}, ${r.category_id}, ${r.unit}, ${r.price_cents}, ${r.cost_cents}, ${r.tax_rate_bp}, ${r.reorder_point}, ${r.reorder_quantity}, ${r.active})`,
  );
  await sql`update products set
      sku = v.column2, barcode = v.column3, name = v.column4, description = v.column5,
      category_id = cast(v.column6 as integer), unit = v.column7,
      price_cents = cast(v.column8 as bigint), cost_cents = cast(v.column9 as bigint),
      tax_rate_bp = cast(v.column10 as integer), reorder_point = cast(v.column11 as integer),
      reorder_quantity = cast(v.column12 as integer), active = cast(v.column13 as integer),
      version = products.version + 1, updated_at = ${now}
    from (values ${sql.join(values)}) as v
    where products.id = cast(v.column1 as integer)`.execute(trx);
}
