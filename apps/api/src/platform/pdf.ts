import { DOCUMENT_LANGUAGES, type DocumentLanguage, type Settings } from '@bodega/contract';
import PDFDocument from 'pdfkit';

export type Lang = DocumentLanguage;

/** `?lang=` wins; otherwise the first Accept-Language tag; English by default. */
export function langOf(query: string | undefined, acceptLanguage: string | undefined): Lang {
  const asked = DOCUMENT_LANGUAGES.find((l) => l === query);
  if (asked) return asked;
  return /^\s*es\b/i.test(acceptLanguage ?? '') ? 'es' : 'en';
}

/** Integer cents as the installation's currency, in the reader's locale. */
export function moneyFormatter(currency: string, lang: Lang): (cents: number) => string {
  const format = new Intl.NumberFormat(lang === 'es' ? 'es-ES' : 'en-US', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return (cents) => format.format(cents / 10 ** digits);
}

export function dateFormatter(lang: Lang, timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-US', { dateStyle: 'medium', timeZone });
  return (iso) => format.format(new Date(iso));
}

/** Renders a document into a Buffer (A4, with document info). */
export function renderPdf(title: string, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Producer: 'Bodega' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

/** A simple table: column widths in points, right-aligned numeric columns. */
export function table(
  doc: PDFKit.PDFDocument,
  columns: { header: string; width: number; align?: 'left' | 'right' }[],
  rows: string[][],
): void {
  const left = doc.page.margins.left;
  const drawRow = (cells: string[], bold: boolean) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
    const y = doc.y;
    let x = left;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let height = 0;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      doc.text(cell, x, y, { width: col.width - 6, align: col.align ?? 'left' });
      height = Math.max(height, doc.y - y);
      x += col.width;
    });
    doc.x = left;
    doc.y = y + height + 4;
  };
  drawRow(
    columns.map((c) => c.header),
    true,
  );
  doc
    .moveTo(left, doc.y - 2)
    .lineTo(left + columns.reduce((a, c) => a + c.width, 0), doc.y - 2)
    .stroke();
  for (const row of rows) drawRow(row, false);
}

/** The business's name and details from settings, at the top of every document it sends. */
export function letterhead(doc: PDFKit.PDFDocument, settings: Settings, taxIdLabel: string): void {
  doc.font('Helvetica-Bold').fontSize(18).text(settings.businessName);
  doc.font('Helvetica').fontSize(9);
  for (const line of [
    settings.businessTaxId && `${taxIdLabel}: ${settings.businessTaxId}`,
    settings.businessAddress,
    [settings.businessEmail, settings.businessPhone].filter(Boolean).join(' · '),
  ]) {
    if (line) doc.text(line);
  }
}
