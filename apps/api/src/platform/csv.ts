import { CSV_FORMULA_START } from '@bodega/contract';
import { stringify, type Stringifier } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';

/**
 * A spreadsheet would run a text cell that starts with = + - @ (or tab/CR) as a formula
 * (`CSV_FORMULA_START`): such a cell is prefixed with an apostrophe. Numbers are left alone.
 */
export function safeCell(value: string): string {
  return CSV_FORMULA_START.test(value) ? `'${value}` : value;
}

/** Streams rows as CSV with a header line, pulling from the source as the client reads. */
export function csvStream<Row extends Record<string, unknown>>(
  rows: AsyncIterable<Row>,
  columns: readonly string[],
): Stringifier {
  return Readable.from(rows).pipe(
    stringify({
      header: true,
      columns: [...columns],
      cast: { string: safeCell, boolean: (b) => (b ? 'true' : 'false') },
    }),
  );
}

export function sendCsv(reply: FastifyReply, fileName: string, csv: Stringifier): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(csv);
}
