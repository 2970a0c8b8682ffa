import { PRODUCT_CSV_COLUMNS, type ProductCsvColumn } from '@bodega/contract';
import type { Stringifier } from 'csv-stringify';
import type { Db } from '../../db/database';
import type { ProductRow } from '../../db/schema';
import { csvStream } from '../../platform/csv';
import { categoryPaths } from './catalog.queries';

const BATCH = 1000;

/**
 * The catalog as CSV (the import's format), read in keyset batches so that memory stays flat
 * whatever its size. Formula-like text cells get a leading apostrophe, which the import drops.
 */
export function exportProducts(db: Db): Stringifier {
  return csvStream(records(db), PRODUCT_CSV_COLUMNS);
}

async function* records(db: Db): AsyncGenerator<Record<ProductCsvColumn, string | number>> {
  const paths = await categoryPaths(db);
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('products')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    for (const row of rows) yield toRecord(row, paths);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

function toRecord(row: ProductRow, paths: Map<number, string>): Record<ProductCsvColumn, string | number> {
  return {
    sku: row.sku,
    barcode: row.barcode ?? '',
    name: row.name,
    description: row.description ?? '',
    category: row.category_id === null ? '' : (paths.get(row.category_id) ?? ''),
    unit: row.unit,
    priceCents: row.price_cents,
    costCents: row.cost_cents,
    taxRateBp: row.tax_rate_bp,
    reorderPoint: row.reorder_point,
    reorderQuantity: row.reorder_quantity,
    active: row.active === 1 ? 'true' : 'false',
  };
}
