import type {
  PurchaseOrdersFromSuggestionsBody,
  PurchaseOrdersFromSuggestionsResult,
  ReorderSuggestion,
} from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { allReorderSuggestions } from '../inventory/reorder.queries';
import { insertDraftPurchaseOrder } from './create-purchase-order';
import { loadPurchaseOrder } from './purchase-orders.queries';

type Skipped = PurchaseOrdersFromSuggestionsResult['skipped'][number];

/**
 * The reorder suggestions, made into one draft purchase order per preferred supplier: the
 * suggested quantities (computed with that supplier's lead time), expected after the lead
 * time. Products without a preferred supplier, or already on a draft, are listed as skipped
 * rather than ordered twice.
 */
export async function draftPurchaseOrdersFromSuggestions(
  ctx: AppContext,
  actor: Actor,
  input: PurchaseOrdersFromSuggestionsBody,
  meta: RequestMeta,
): Promise<PurchaseOrdersFromSuggestionsResult> {
  return inTransaction(ctx, async (work) => {
    const { trx } = work;
    const wanted: ReorderSuggestion[] = [];
    const supplierIds = input.supplierIds && new Set(input.supplierIds);
    const productIds = input.productIds && new Set(input.productIds);
    for await (const s of allReorderSuggestions(trx, ctx.now())) {
      if (supplierIds && (s.supplierId === null || !supplierIds.has(s.supplierId))) continue;
      if (productIds && !productIds.has(s.productId)) continue;
      wanted.push(s);
    }
    const onDrafts = new Set(
      wanted.length === 0
        ? []
        : (
            await trx
              .selectFrom('purchase_order_lines as l')
              .innerJoin('purchase_orders as po', 'po.id', 'l.purchase_order_id')
              .select('l.product_id')
              .where('po.status', '=', 'draft')
              .where(
                'l.product_id',
                'in',
                wanted.map((s) => s.productId),
              )
              .execute()
          ).map((r) => r.product_id),
    );

    const skipped: Skipped[] = [];
    const bySupplier = new Map<number, ReorderSuggestion[]>();
    for (const s of wanted) {
      const skip = (reason: Skipped['reason']) =>
        skipped.push({
          productId: s.productId,
          sku: s.sku,
          name: s.name,
          suggestedQuantity: s.suggestedQuantity,
          reason,
        });
      if (s.supplierId === null) skip('no_preferred_supplier');
      else if (onDrafts.has(s.productId)) skip('on_draft_purchase_order');
      else bySupplier.set(s.supplierId, [...(bySupplier.get(s.supplierId) ?? []), s]);
    }

    const items = [];
    for (const [supplierId, suggestions] of bySupplier) {
      const id = await insertDraftPurchaseOrder(
        work,
        actor,
        {
          supplierId,
          locationId: input.locationId,
          lines: suggestions.map((s) => ({ productId: s.productId, quantity: s.suggestedQuantity })),
        },
        meta,
      );
      items.push(await loadPurchaseOrder(trx, id));
    }
    return { items, skipped };
  });
}
