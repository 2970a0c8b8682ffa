import bwipjs from 'bwip-js/node';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { moneyFormatter, renderPdf, type Lang } from '../../platform/pdf';

/** A4 sheet of 3 × 7 labels (about 70 × 42 mm each, the common "21 per sheet" stock). */
const COLUMNS = 3;
const ROWS = 7;
const MARGIN = 15;
const PAD = 8;
const TITLE = { en: 'Product labels', es: 'Etiquetas de productos' } as const;

/**
 * One label per id, in the order asked (an id asked twice prints twice): name, SKU, price and a
 * Code 128 barcode of the product's barcode, or of its SKU when it has none.
 */
export async function renderProductLabels(ctx: AppContext, productIds: number[], lang: Lang): Promise<Buffer> {
  const rows = await ctx.db
    .selectFrom('products')
    .select(['id', 'sku', 'barcode', 'name', 'price_cents'])
    .where('id', 'in', [...new Set(productIds)])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const products = productIds.map((id) => byId.get(id));
  if (products.some((p) => !p)) throw notFound('Product');
  const money = moneyFormatter(ctx.config.currency, lang);
  const codes = await Promise.all(
    products.map((p) =>
      bwipjs.toBuffer({ bcid: 'code128', text: p!.barcode ?? p!.sku, scale: 3, height: 10, includetext: true }),
    ),
  );

  return renderPdf(TITLE[lang], (doc) => {
    const width = (doc.page.width - 2 * MARGIN) / COLUMNS;
    const height = (doc.page.height - 2 * MARGIN) / ROWS;
    products.forEach((p, i) => {
      const slot = i % (COLUMNS * ROWS);
      if (i > 0 && slot === 0) doc.addPage();
      const x = MARGIN + (slot % COLUMNS) * width + PAD;
      const y = MARGIN + Math.floor(slot / COLUMNS) * height + PAD;
      const inner = width - 2 * PAD;
      doc.font('Helvetica-Bold').fontSize(10).text(p!.name, x, y, { width: inner, height: 24, ellipsis: true });
      doc
        .font('Helvetica')
        .fontSize(8)
        .text(p!.sku, x, y + 26, { width: inner * 0.5, lineBreak: false });
      doc
        .font('Helvetica-Bold')
        .fontSize(12)
        .text(money(p!.price_cents), x + inner * 0.5, y + 24, { width: inner * 0.5, align: 'right', lineBreak: false });
      doc.image(codes[i]!, x, y + 42, { fit: [inner, height - 2 * PAD - 44], align: 'center' });
    });
  });
}
