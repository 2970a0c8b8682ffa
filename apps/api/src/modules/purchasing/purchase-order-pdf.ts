import type { PurchaseOrder } from '@bodega/contract';
import type { AppContext } from '../../platform/context';
import { dateFormatter, moneyFormatter, letterhead, renderPdf, table, type Lang } from '../../platform/pdf';
import { getSettings } from '../settings/settings.queries';
import { findSupplier } from './suppliers.queries';

const LABELS = {
  en: {
    title: 'Purchase order',
    taxId: 'Tax ID',
    supplier: 'Supplier',
    deliverTo: 'Deliver to',
    date: 'Date',
    expected: 'Expected',
    terms: 'Payment terms',
    days: 'days',
    ref: 'Ref.',
    item: 'Item',
    qty: 'Qty',
    cost: 'Unit cost',
    total: 'Total',
    notes: 'Notes',
  },
  es: {
    title: 'Pedido de compra',
    taxId: 'NIF/RFC',
    supplier: 'Proveedor',
    deliverTo: 'Entregar en',
    date: 'Fecha',
    expected: 'Entrega prevista',
    terms: 'Condiciones de pago',
    days: 'días',
    ref: 'Ref.',
    item: 'Artículo',
    qty: 'Cant.',
    cost: 'Coste unit.',
    total: 'Total',
    notes: 'Notas',
  },
} as const;

/**
 * The document a supplier receives: the business, the supplier, where to deliver, and each
 * line with the supplier's own reference when known.
 */
export async function purchaseOrderPdf(
  ctx: AppContext,
  po: PurchaseOrder,
  lang: Lang,
): Promise<{ pdf: Buffer; businessName: string }> {
  const [settings, supplier, location] = await Promise.all([
    getSettings(ctx.db),
    findSupplier(ctx.db, po.supplierId),
    ctx.db
      .selectFrom('locations')
      .select(['name', 'address'])
      .where('id', '=', po.locationId)
      .executeTakeFirstOrThrow(),
  ]);
  const t = LABELS[lang];
  const money = moneyFormatter(ctx.config.currency, lang);
  const date = dateFormatter(lang, settings.timeZone);
  const day = dateFormatter(lang, 'UTC');

  const pdf = await renderPdf(`${t.title} ${po.number}`, (doc) => {
    letterhead(doc, settings, t.taxId);
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(14).text(`${t.title} ${po.number}`);
    doc.font('Helvetica').fontSize(10);
    doc.text(
      [
        `${t.date}: ${date(po.sentAt ?? po.createdAt)}`,
        po.expectedDate && `${t.expected}: ${day(`${po.expectedDate}T00:00:00Z`)}`,
        `${t.terms}: ${supplier.paymentTermsDays} ${t.days}`,
      ]
        .filter(Boolean)
        .join('    '),
    );
    doc.moveDown();
    const top = doc.y;
    const left = doc.page.margins.left;
    doc.font('Helvetica-Bold').text(t.supplier, left, top);
    doc.font('Helvetica').text(`${supplier.name} (${supplier.code})`);
    for (const line of [
      supplier.contact,
      supplier.taxId && `${t.taxId}: ${supplier.taxId}`,
      supplier.address,
      [supplier.email, supplier.phone].filter(Boolean).join(' · '),
    ]) {
      if (line) doc.text(line);
    }
    const supplierBottom = doc.y;
    doc.font('Helvetica-Bold').text(t.deliverTo, left + 260, top);
    doc.font('Helvetica').text(location.name, left + 260);
    if (location.address) doc.text(location.address, left + 260);
    doc.x = left;
    doc.y = Math.max(supplierBottom, doc.y);
    doc.moveDown();
    table(
      doc,
      [
        { header: t.ref, width: 90 },
        { header: t.item, width: 185 },
        { header: t.qty, width: 50, align: 'right' },
        { header: t.cost, width: 85, align: 'right' },
        { header: t.total, width: 85, align: 'right' },
      ],
      po.lines.map((l) => [
        l.supplierSku ?? l.sku,
        l.name,
        String(l.quantity),
        money(l.unitCostCents),
        money(l.totalCents),
      ]),
    );
    doc.moveDown();
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(10);
    doc.text(t.total, left + 300, y, { width: 110 });
    doc.text(money(po.totalCents), left + 410, y, { width: 85, align: 'right' });
    if (po.notes) {
      doc.x = left;
      doc.moveDown();
      doc.font('Helvetica-Bold').text(t.notes, left);
      doc.font('Helvetica').text(po.notes, left);
    }
  });
  return { pdf, businessName: settings.businessName };
}
