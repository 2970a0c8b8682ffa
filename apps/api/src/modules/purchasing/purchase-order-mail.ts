import type { PurchaseOrder } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import type { Lang } from '../../platform/pdf';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { purchaseOrderPdf } from './purchase-order-pdf';
import { loadPurchaseOrder } from './purchase-orders.queries';
import { findSupplier } from './suppliers.queries';

const SUBJECT = { en: 'Purchase order', es: 'Pedido de compra' } as const;
const BODY = {
  en: (number: string, business: string) =>
    `Hello,\n\nPlease find attached our purchase order ${number}.\n\nKind regards,\n${business}`,
  es: (number: string, business: string) =>
    `Hola:\n\nAdjuntamos nuestro pedido de compra ${number}.\n\nUn saludo,\n${business}`,
} as const;

// How long the answer to `sent` waits for the mail server; a slower mail still gets recorded when it goes.
const MAIL_WAIT_MS = 10_000;

/** On `sent`: mails the order when SMTP is configured and the supplier has an address; never throws. */
export async function mailOnSend(ctx: AppContext, actor: Actor, id: number, meta: RequestMeta, lang: Lang) {
  if (!ctx.config.smtpUrl) return;
  const attempt = (async () => {
    const po = await loadPurchaseOrder(ctx.db, id);
    const to = (await findSupplier(ctx.db, po.supplierId)).email;
    if (to) await deliverPurchaseOrder(ctx, actor, po, to, meta, lang);
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

/** Mails the order as a PDF to `to`, then records when and where it went. */
export async function deliverPurchaseOrder(
  ctx: AppContext,
  actor: Actor,
  po: PurchaseOrder,
  to: string,
  meta: RequestMeta,
  lang: Lang,
) {
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
