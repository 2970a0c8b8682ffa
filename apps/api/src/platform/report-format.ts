import type { FastifyReply } from 'fastify';
import { csvStream, sendCsv } from './csv';

/** A report as a spreadsheet: the rows (a list, or streamed), their columns, the file's name. */
export type CsvAnswer = {
  fileName: string;
  columns: readonly string[];
  rows: readonly object[] | AsyncIterable<object>;
};

/** A report as a printable document. */
export type PdfAnswer = { fileName: string; pdf: Buffer };

type Later<T> = T | Promise<T>;

/**
 * How a route answers each format its query accepts: `json` is the body the response schema
 * serialises (or a reply already sent); every other accepted format must have its answer.
 * An answer is computed only when that format is asked for.
 */
export type ReportAnswers<Json, Format extends string> = { json: () => Later<Json> } & {
  [F in Exclude<Format, 'json'>]: F extends 'csv'
    ? () => Later<CsvAnswer>
    : F extends 'pdf'
      ? () => Later<PdfAnswer>
      : never;
};

async function* once(rows: readonly object[]) {
  yield* rows;
}

/**
 * Answers a report in the format asked (`?format=`, JSON when absent): CSV as an attachment
 * (platform/csv.ts), a PDF inline and never cached, JSON through the route's response schema.
 */
export async function sendReport<Json, Format extends 'json' | 'csv' | 'pdf'>(
  reply: FastifyReply,
  format: Format | undefined,
  answers: ReportAnswers<Json, Format>,
): Promise<Json | FastifyReply> {
  const all = answers as Partial<{ csv: () => Later<CsvAnswer>; pdf: () => Later<PdfAnswer> }>;
  if (format === 'csv' && all.csv) {
    const { fileName, columns, rows } = await all.csv();
    const source = (Symbol.asyncIterator in rows ? rows : once(rows)) as AsyncIterable<Record<string, unknown>>;
    return sendCsv(reply, fileName, csvStream(source, columns));
  }
  if (format === 'pdf' && all.pdf) {
    const { fileName, pdf } = await all.pdf();
    return sendPdf(reply, fileName, pdf);
  }
  return answers.json();
}

/** A generated document (invoice, statement, purchase order): shown inline, never cached. */
export function sendPdf(reply: FastifyReply, fileName: string, pdf: Buffer): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
}
