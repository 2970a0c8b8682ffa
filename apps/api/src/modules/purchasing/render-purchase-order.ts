import type { PurchaseOrder } from '@bodega/contract';
import type { AppContext } from '../../platform/context';
import type { Lang } from '../../platform/pdf';
import { purchaseOrderPdf } from './purchase-order-pdf';
import { loadPurchaseOrder } from './purchase-orders.queries';

/** The printable purchase order (PDF) for one order. */
export async function renderPurchaseOrder(
  ctx: AppContext,
  id: number,
  lang: Lang,
): Promise<{ purchaseOrder: PurchaseOrder; pdf: Buffer }> {
  const purchaseOrder = await loadPurchaseOrder(ctx.db, id);
  return { purchaseOrder, pdf: (await purchaseOrderPdf(ctx, purchaseOrder, lang)).pdf };
}
