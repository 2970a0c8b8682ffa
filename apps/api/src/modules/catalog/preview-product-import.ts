import type { ImportPreview } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { DryRunDone, importProducts } from './import-products';
import { ImportFailed } from './read-product-csv';

/**
 * The import's dry run: the very same checks and writes, in a transaction that always rolls
 * back, so the answer (counts, or every row error) is exactly what the import would do.
 */
export async function previewProductImport(
  ctx: AppContext,
  actor: Actor,
  text: string,
  meta: RequestMeta,
): Promise<ImportPreview> {
  try {
    await importProducts(ctx, actor, text, meta, undefined, { dryRun: true });
  } catch (err) {
    if (err instanceof DryRunDone) return { dryRun: true, valid: true, errorCount: 0, errors: [], result: err.result };
    if (err instanceof ImportFailed) {
      return { dryRun: true, valid: false, errorCount: err.count, errors: err.rowErrors, result: null };
    }
    throw err;
  }
  throw new Error('a dry run must end in DryRunDone');
}
