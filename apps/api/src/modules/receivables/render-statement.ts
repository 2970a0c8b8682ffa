import type { Statement } from '@bodega/contract';
import type { Db } from '../../db/database';
import { dateFormatter, moneyFormatter, renderPdf, table, type Lang } from '../../platform/pdf';
import { getSettings } from '../settings/settings.queries';

const LABELS = {
  en: {
    title: 'Statement of account',
    period: 'Period',
    opening: 'Opening balance',
    closing: 'Balance due',
    date: 'Date',
    ref: 'Reference',
    what: 'Description',
    debit: 'Charges',
    credit: 'Payments / credits',
    balance: 'Balance',
    start: 'start',
  },
  es: {
    title: 'Estado de cuenta',
    period: 'Periodo',
    opening: 'Saldo inicial',
    closing: 'Saldo pendiente',
    date: 'Fecha',
    ref: 'Referencia',
    what: 'Concepto',
    debit: 'Cargos',
    credit: 'Pagos / abonos',
    balance: 'Saldo',
    start: 'inicio',
  },
} as const;

/** The statement as a PDF under the business's letterhead (from the settings). */
export async function renderStatement(db: Db, statement: Statement, lang: Lang): Promise<Buffer> {
  const settings = await getSettings(db);
  const t = LABELS[lang];
  const money = moneyFormatter(statement.currency, lang);
  const date = dateFormatter(lang, 'UTC');
  const day = (d: string) => date(`${d}T12:00:00Z`);
  return renderPdf(`${t.title} — ${statement.customerName}`, (doc) => {
    doc.font('Helvetica-Bold').fontSize(16).text(settings.businessName);
    doc.font('Helvetica').fontSize(9);
    if (settings.businessTaxId) doc.text(settings.businessTaxId);
    if (settings.businessAddress) doc.text(settings.businessAddress);
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(13).text(`${t.title}: ${statement.customerName}`);
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(`${t.period}: ${statement.from ? day(statement.from) : t.start} – ${day(statement.to)}`);
    doc.text(`${t.opening}: ${money(statement.openingBalanceCents)}`);
    doc.moveDown();
    table(
      doc,
      [
        { header: t.date, width: 70 },
        { header: t.ref, width: 85 },
        { header: t.what, width: 140 },
        { header: t.debit, width: 70, align: 'right' },
        { header: t.credit, width: 70, align: 'right' },
        { header: t.balance, width: 70, align: 'right' },
      ],
      statement.entries.map((e) => [
        day(e.date),
        e.reference,
        e.description,
        e.debitCents ? money(e.debitCents) : '',
        e.creditCents ? money(e.creditCents) : '',
        money(e.balanceCents),
      ]),
    );
    doc.moveDown();
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .text(`${t.closing}: ${money(statement.closingBalanceCents)}`, { align: 'right' });
  });
}
