import {
  PRODUCT_CSV_COLUMNS,
  REQUIRED_CSV_COLUMNS,
  productCsvRow,
  type ImportRowError,
  type ProductCsvColumn,
  type ProductCsvRow,
} from '@bodega/contract';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../platform/errors';

export const MAX_REPORTED_ERRORS = 100;
export const PROGRESS_EVERY = 1000;

export type ImportProgress = { phase: 'validating' | 'importing'; processed: number; total: number };
export type OnProgress = (progress: ImportProgress) => void | Promise<void>;
export type CsvRow = { row: number; line: number; data: ProductCsvRow };

/** Collects row errors, keeping the first hundred and counting the rest. */
export class RowErrors {
  readonly list: ImportRowError[] = [];
  count = 0;
  add(row: number, line: number, field: string | undefined, message: string): void {
    this.count++;
    if (this.list.length >= MAX_REPORTED_ERRORS) return;
    this.list.push({
      path: `rows[${row}]${field ? `.${field}` : ''}`,
      row,
      line,
      ...(field ? { field } : {}),
      message,
    });
  }
  throwIfAny(): void {
    if (this.count === 0) return;
    const shown = this.count > this.list.length ? `; the first ${this.list.length} are listed` : '';
    throw new ImportFailed(`${this.count} error(s) in the file${shown}. Nothing was imported.`, this.list, this.count);
  }
}

/** 422 `import_failed`, knowing how many errors there were beyond the ones listed. */
export class ImportFailed extends AppError<'import_failed'> {
  constructor(
    detail: string,
    readonly rowErrors: ImportRowError[],
    readonly count = rowErrors.length,
  ) {
    super('import_failed', 422, detail, { errors: rowErrors });
  }
}

export const importFailed = (detail: string, errors: ImportRowError[]) => new ImportFailed(detail, errors);

/**
 * Parses a product CSV and validates every row, before anything touches the database.
 * Rows count from 1 after the header; `line` is where the row starts in the file.
 */
export async function readProductCsv(text: string, onProgress: OnProgress): Promise<CsvRow[]> {
  const records = await parseRecords(text);
  const header = records.shift();
  if (!header) throw importFailed('The file is empty: it needs a header line and at least one row', []);
  const columns = readHeader(header.cells, header.line);

  const errors = new RowErrors();
  const rows: CsvRow[] = [];
  const seenSku = new Map<string, number>();
  const seenBarcode = new Map<string, number>();
  for (const [index, record] of records.entries()) {
    const row = index + 1;
    if (row % PROGRESS_EVERY === 0) await onProgress({ phase: 'validating', processed: row, total: records.length });
    if (record.cells.length !== columns.length) {
      errors.add(row, record.line, undefined, `expected ${columns.length} cells, found ${record.cells.length}`);
      continue;
    }
    const cells = Object.fromEntries(columns.map((c, i) => [c, record.cells[i]]));
    const parsed = productCsvRow.safeParse(cells);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.add(row, record.line, String(issue.path[0] ?? ''), issue.message);
      continue;
    }
    const sku = parsed.data.sku.toLowerCase();
    const skuRow = seenSku.get(sku);
    if (skuRow) errors.add(row, record.line, 'sku', `SKU ${parsed.data.sku} is already on row ${skuRow}`);
    else seenSku.set(sku, row);
    const code = parsed.data.barcode;
    const codeRow = code ? seenBarcode.get(code) : undefined;
    if (codeRow) errors.add(row, record.line, 'barcode', `barcode ${code} is already on row ${codeRow}`);
    else if (code) seenBarcode.set(code, row);
    rows.push({ row, line: record.line, data: parsed.data });
  }
  if (records.length === 0) throw importFailed('The file has a header but no rows', []);
  await onProgress({ phase: 'validating', processed: records.length, total: records.length });
  errors.throwIfAny();
  return rows;
}

async function parseRecords(text: string): Promise<{ cells: string[]; line: number }[]> {
  const parser = parse(text, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    info: true,
  });
  const records: { cells: string[]; line: number }[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      records.push({ cells: record, line: info.lines - breaks });
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines;
    throw importFailed('The file is not valid CSV; nothing was imported', [
      { path: line ? `line ${line}` : 'file', ...(line ? { line } : {}), message: err.message },
    ]);
  }
  return records;
}

function readHeader(cells: string[], line: number): ProductCsvColumn[] {
  const known = new Map(PRODUCT_CSV_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const problems: ImportRowError[] = [];
  const columns: ProductCsvColumn[] = [];
  for (const cell of cells) {
    const column = known.get(cell.trim().toLowerCase());
    if (!column) problems.push({ path: 'header', line, message: `unknown column "${cell.trim()}"` });
    else if (columns.includes(column))
      problems.push({ path: 'header', line, message: `column ${column} appears twice` });
    else columns.push(column);
  }
  for (const required of REQUIRED_CSV_COLUMNS) {
    if (!columns.includes(required)) problems.push({ path: 'header', line, message: `column ${required} is required` });
  }
  if (problems.length) {
    throw importFailed(`The header line is not valid; the columns are: ${PRODUCT_CSV_COLUMNS.join(', ')}`, problems);
  }
  return columns;
}
