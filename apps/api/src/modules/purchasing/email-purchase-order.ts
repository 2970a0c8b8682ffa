import type { PurchaseOrder } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Lang } from '../../platform/pdf';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { loadPurchaseOrder } from './purchase-orders.queries';
import { purchaseOrderPdf } from './render-purchase-order';
import { findSupplier } from './suppliers.queries';

const SUBJECT = { en: 'Purchase order', es: 'Pedido de compra' } as const;
const BODY = {
  en: (number: string, business: string) =>
    `Hello,\n\nPlease find attached our purchase order ${number}.\n\nKind regards,\n${business}`,
  es: (number: string, business: string) =>
    `Hola:\n\nAdjuntamos nuestro pedido de compra ${number}.\n\nUn saludo,\n${business}`,
} as const;

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
  await deliver(ctx, actor, po, to, meta, lang);
  return loadPurchaseOrder(ctx.db, id);
}

// How long the answer to `sent` waits for the mail server; a slower mail still gets recorded when it goes.
const MAIL_WAIT_MS = 10_000;

/** On `sent`: mails the order when SMTP is configured and the supplier has an address; never throws. */
export async function mailOnSend(ctx: AppContext, actor: Actor, id: number, meta: RequestMeta, lang: Lang) {
  if (!ctx.config.smtpUrl) return;
  const attempt = (async () => {
    const po = await loadPurchaseOrder(ctx.db, id);
    const to = (await findSupplier(ctx.db, po.supplierId)).email;
    if (to) await deliver(ctx, actor, po, to, meta, lang);
  })().catch((err: unknown) => {
    ctx.log.warn({ err, requestId: meta.requestId, purchaseOrderId: id }, 'purchase order email failed');
  });
  let timer: NodeJS.Timeout | undefined;
  const patience = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, MAIL_WAIT_MS);
    timer.unref();
  });
  await Promise.race([attempt, patience]);
  clearTimeout(timer);
}

async function deliver(ctx: AppContext, actor: Actor, po: PurchaseOrder, to: string, meta: RequestMeta, lang: Lang) {
  const { pdf, businessName } = await purchaseOrderPdf(ctx, po, lang);
  await ctx.mailer.send({
    to,
    subject: `${SUBJECT[lang]} ${po.number} — ${businessName}`,
    text: BODY[lang](po.number, businessName),
    attachments: [{ filename: `${po.number}.pdf`, content: pdf, contentType: 'application/pdf' }],
  });
  await inTransaction(ctx, async ({ trx, now }) => {
    await trx.updateTable('purchase_orders').set({ emailed_at: now, emailed_to: to }).where('id', '=', po.id).execute();
    await recordAudit(trx, {
      actor,
      meta,
      action: 'purchase_order.emailed',
      entity: 'purchase_order',
      entityId: po.id,
      after: { number: po.number, to },
    });
  });
}
