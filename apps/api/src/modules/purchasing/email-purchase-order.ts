import type { PurchaseOrder } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Lang } from '../../platform/pdf';
import { deliverPurchaseOrder } from './purchase-order-mail';
import { loadPurchaseOrder } from './purchase-orders.queries';
import { findSupplier } from './suppliers.queries';

/** Emails (again) a purchase order that has been sent: 409 `email_unavailable` when it cannot. */
export async function emailPurchaseOrder(
  ctx: AppContext,
  actor: Actor,
  id: number,
  meta: RequestMeta,
  lang: Lang,
): Promise<PurchaseOrder> {
  const po = await loadPurchaseOrder(ctx.db, id);
  if (po.status === 'draft' || po.status === 'cancelled') {
    throw new AppError('conflict', 409, `A ${po.status} purchase order is not emailed; send it first`);
  }
  if (!ctx.config.smtpUrl) throw new AppError('email_unavailable', 409, 'Email is not configured (SMTP_URL)');
  const to = (await findSupplier(ctx.db, po.supplierId)).email;
  if (!to) throw new AppError('email_unavailable', 409, 'The supplier has no email address');
  await deliverPurchaseOrder(ctx, actor, po, to, meta, lang);
  return loadPurchaseOrder(ctx.db, id);
}
