import type { Order } from '@bodega/contract';
import type { Actor, AppContext } from '../../platform/context';
import { dateFormatter, moneyFormatter, letterhead, renderPdf, table, type Lang } from '../../platform/pdf';
import { findCustomer } from '../customers/customers.queries';
import { getSettings } from '../settings/settings.queries';
import { loadOrder } from './orders.queries';

const LABELS = {
  en: {
    invoice: 'Invoice',
    taxId: 'Tax ID',
    billTo: 'Bill to',
    date: 'Date',
    status: 'Status',
    terms: 'Payment terms',
    sku: 'SKU',
    item: 'Item',
    qty: 'Qty',
    price: 'Unit price',
    tax: 'Tax',
    total: 'Total',
    subtotal: 'Subtotal',
    discount: 'Discount',
    shipping: 'Shipping',
    paid: 'Paid',
    balance: 'Balance due',
    cash: 'cash',
    credit: 'credit',
  },
  es: {
    invoice: 'Factura',
    taxId: 'NIF/RFC',
    billTo: 'Cliente',
    date: 'Fecha',
    status: 'Estado',
    terms: 'Condiciones de pago',
    sku: 'SKU',
    item: 'Artículo',
    qty: 'Cant.',
    price: 'Precio unit.',
    tax: 'Impuesto',
    total: 'Total',
    subtotal: 'Subtotal',
    discount: 'Descuento',
    shipping: 'Envío',
    paid: 'Pagado',
    balance: 'Saldo pendiente',
    cash: 'contado',
    credit: 'crédito',
  },
} as const;

/** The printable invoice of an order, with the business's details from settings. */
export async function renderInvoice(
  ctx: AppContext,
  actor: Actor,
  orderId: number,
  lang: Lang,
): Promise<{ order: Order; pdf: Buffer }> {
  const order = await loadOrder(ctx.db, orderId, actor);
  const [settings, customer] = await Promise.all([getSettings(ctx.db), findCustomer(ctx.db, order.customerId)]);
  const t = LABELS[lang];
  const money = moneyFormatter(ctx.config.currency, lang);
  const date = dateFormatter(lang, settings.timeZone);
  const percent = (bp: number) => `${(bp / 100).toLocaleString(lang)} %`;

  const pdf = await renderPdf(`${t.invoice} ${order.number}`, (doc) => {
    letterhead(doc, settings, t.taxId);
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(14).text(`${t.invoice} ${order.number}`);
    doc.font('Helvetica').fontSize(10);
    doc.text(
      `${t.date}: ${date(order.createdAt)}    ${t.status}: ${order.status}    ${t.terms}: ${t[order.paymentTerms]}`,
    );
    doc.moveDown();
    doc.font('Helvetica-Bold').text(t.billTo);
    doc.font('Helvetica').text(`${customer.name} (${customer.code})`);
    if (customer.taxId) doc.text(`${t.taxId}: ${customer.taxId}`);
    if (customer.address) doc.text(customer.address);
    doc.moveDown();
    table(
      doc,
      [
        { header: t.sku, width: 70 },
        { header: t.item, width: 170 },
        { header: t.qty, width: 40, align: 'right' },
        { header: t.price, width: 75, align: 'right' },
        { header: t.tax, width: 45, align: 'right' },
        { header: t.total, width: 95, align: 'right' },
      ],
      order.lines.map((l) => [
        l.sku,
        l.name,
        String(l.quantity),
        money(l.unitPriceCents),
        percent(l.taxRateBp),
        money(l.totalCents),
      ]),
    );
    doc.moveDown();
    const totals: [string, number][] = [
      [t.subtotal, order.subtotalCents],
      ...(order.discountCents ? ([[t.discount, -order.discountCents]] as [string, number][]) : []),
      [t.tax, order.taxCents],
      ...(order.shippingCents ? ([[t.shipping, order.shippingCents]] as [string, number][]) : []),
      [t.total, order.totalCents],
      [t.paid, order.paidCents],
      [t.balance, order.balanceCents],
    ];
    const x = doc.page.margins.left + 290;
    for (const [label, cents] of totals) {
      const y = doc.y;
      doc.font(label === t.total || label === t.balance ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
      doc.text(label, x, y, { width: 110 });
      doc.text(money(cents), x + 110, y, { width: 95, align: 'right' });
    }
  });
  return { order, pdf };
}
