import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t?.close());

const importCsv = (csv: string, headers: Record<string, string> = {}) =>
  t.request({
    method: 'POST',
    url: '/api/v1/products/import',
    token: admin,
    headers: { 'content-type': 'text/csv; charset=utf-8', ...headers },
    payload: csv,
  });
const exportCsv = () => t.request({ method: 'GET', url: '/api/v1/products/export', token: admin });
const countProducts = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const bySku = (sku: string) =>
  t.ctx.db
    .selectFrom('products')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['sku']), '=', sku.toLowerCase()))
    .executeTakeFirst();
const rowsOf = (prefix: string, n: number, extra: (i: number) => object = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({
    sku: `${prefix}-${i + 1}`,
    name: `${prefix} item ${i + 1}`,
    priceCents: 100 + i,
    ...extra(i),
  }));
const toCsv = (rows: object[]) => stringify(rows, { header: true });

describe('CSV export and import', () => {
  it('round-trips the catalog: export, edit, import, and only what changed moves', async () => {
    const tools = await t.request({
      method: 'POST',
      url: '/api/v1/categories',
      token: admin,
      payload: { name: 'Tools' },
    });
    const hand = await t.request({
      method: 'POST',
      url: '/api/v1/categories',
      token: admin,
      payload: { name: 'Hand tools', parentId: tools.json().id },
    });
    const tricky = {
      sku: 'RT-1',
      barcode: '7501031311309',
      name: '=HYPERLINK("http://evil") Martillo, "pro"',
      description: 'Línea 1\nLínea 2, con coma',
      categoryId: hand.json().id,
      priceCents: 2599,
      costCents: 1800,
      taxRateBp: 1600,
      reorderPoint: 4,
      reorderQuantity: 12,
    };
    for (const payload of [tricky, { sku: 'RT-2', name: '-10% Serrucho', priceCents: 1500 }]) {
      expect((await t.request({ method: 'POST', url: '/api/v1/products', token: admin, payload })).statusCode).toBe(
        201,
      );
    }

    const exported = await exportCsv();
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="products-.*\.csv"$/);
    const records = parse(exported.body, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual([
      'sku',
      'barcode',
      'name',
      'description',
      'category',
      'unit',
      'priceCents',
      'costCents',
      'taxRateBp',
      'reorderPoint',
      'reorderQuantity',
      'active',
    ]);
    const rt1 = records.find((r) => r.sku === 'RT-1')!;
    expect(rt1).toMatchObject({ category: 'Tools > Hand tools', costCents: '1800', active: 'true' });
    expect(rt1.name!.startsWith("'=")).toBe(true); // a spreadsheet will not run it

    // Unchanged file: nothing moves.
    const same = await importCsv(exported.body);
    expect(same.json()).toEqual({ created: 0, updated: 0, unchanged: 2, total: 2, categoriesCreated: 0 });

    const edited = records.map((r) => (r.sku === 'RT-2' ? { ...r, priceCents: '1750' } : r));
    edited.push({ ...rt1, sku: 'RT-3', barcode: '', name: 'Nuevo', category: 'Tools > Garden > Hoses' });
    const res = await importCsv(toCsv(edited));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 1, unchanged: 1, total: 3, categoriesCreated: 2 });

    const rt1Row = (await bySku('RT-1'))!;
    expect(rt1Row).toMatchObject({ name: tricky.name, description: tricky.description, version: 1, cost_cents: 1800 });
    expect(await bySku('RT-2')).toMatchObject({ price_cents: 1750, version: 2, name: '-10% Serrucho' });
    const rt3 = (await bySku('RT-3'))!;
    expect(rt3).toMatchObject({ barcode: null, version: 1, price_cents: 2599 });
    const again = parse((await exportCsv()).body, { columns: true }) as Record<string, string>[];
    expect(again.find((r) => r.sku === 'RT-3')!.category).toBe('Tools > Garden > Hoses');
  });

  it('matches SKUs ignoring case, keeps columns the file leaves out, and clears with empty cells', async () => {
    await importCsv(
      toCsv([{ sku: 'CASE-1', name: 'Original', priceCents: 10, barcode: '99887766', costCents: 5, reorderPoint: 3 }]),
    );
    const res = await importCsv('SKU,Name,PriceCents,Barcode\ncase-1,Renamed,12,\n');
    expect(res.json()).toMatchObject({ created: 0, updated: 1 });
    expect(await bySku('CASE-1')).toMatchObject({
      sku: 'case-1',
      name: 'Renamed',
      price_cents: 12,
      barcode: null,
      cost_cents: 5,
      reorder_point: 3,
      version: 2,
    });
  });

  it('exports every product in keyset batches, beyond one batch', async () => {
    const res = await importCsv(toCsv(rowsOf('BULK', 2100)));
    expect(res.json()).toMatchObject({ created: 2100 });
    const records = parse((await exportCsv()).body, { columns: true }) as { sku: string }[];
    expect(records.length).toBe(await countProducts());
    expect(new Set(records.map((r) => r.sku)).size).toBe(records.length);
  });
});

describe('refused imports', () => {
  it('imports nothing when one row among many is bad, and names the row, line and field', async () => {
    const before = await countProducts();
    const rows = rowsOf('BAD', 400, (i) => (i === 316 ? { priceCents: 'twelve' } : {}));
    const res = await importCsv(toCsv(rows));
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('import_failed');
    expect(body.detail).toContain('Nothing was imported');
    expect(body.errors).toEqual([
      expect.objectContaining({ row: 317, line: 318, field: 'priceCents', path: 'rows[317].priceCents' }),
    ]);
    expect(await countProducts()).toBe(before);
    expect(await bySku('BAD-1')).toBeUndefined();
  });

  it('reports each bad field and repeated SKUs or barcodes, at most 100 errors', async () => {
    const csv = toCsv([
      { sku: 'DUP-1', name: 'a', priceCents: 1, barcode: '11112222' },
      { sku: 'dup-1', name: 'b', priceCents: 1, barcode: '' },
      { sku: 'DUP-2', name: '', priceCents: -3, barcode: '' },
      { sku: 'DUP-3', name: 'c', priceCents: 1, barcode: '11112222' },
    ]);
    const body = (await importCsv(csv)).json();
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, field: 'sku', message: expect.stringContaining('row 1') }),
        expect.objectContaining({ row: 3, field: 'name' }),
        expect.objectContaining({ row: 3, field: 'priceCents' }),
        expect.objectContaining({ row: 4, field: 'barcode', message: expect.stringContaining('row 1') }),
      ]),
    );
    const many = await importCsv(toCsv(rowsOf('MANY', 250, () => ({ priceCents: 'x' }))));
    expect(many.json().errors).toHaveLength(100);
    expect(many.json().detail).toContain('250 error(s)');
  });

  it('dry run: answers every row error, or what would happen, and writes nothing', async () => {
    const before = await countProducts();
    await importCsv(toCsv([{ sku: 'DRY-KEEP', name: 'Kept', priceCents: 5, barcode: '99998888' }]));
    const dry = (csv: string) =>
      t.request({
        method: 'POST',
        url: '/api/v1/products/import?dryRun=true',
        token: admin,
        headers: { 'content-type': 'text/csv; charset=utf-8' },
        payload: csv,
      });
    const bad = await dry(
      toCsv([
        { sku: 'DRY-1', name: 'ok', priceCents: 1, barcode: '' },
        { sku: 'DRY-2', name: 'bad price', priceCents: 'ten', barcode: '' },
        { sku: 'DRY-3', name: 'taken barcode', priceCents: 1, barcode: '99998888' },
      ]),
    );
    expect(bad.statusCode, bad.body).toBe(200);
    expect(bad.json()).toMatchObject({ dryRun: true, valid: false, errorCount: 1, result: null });
    expect(bad.json().errors).toEqual([expect.objectContaining({ row: 2, line: 3, field: 'priceCents' })]);
    // With the file's own errors fixed, the database's checks speak: the barcode held by another SKU.
    const taken = await dry(toCsv([{ sku: 'DRY-3', name: 'taken barcode', priceCents: 1, barcode: '99998888' }]));
    expect(taken.json()).toMatchObject({ valid: false, errorCount: 1, errors: [{ row: 1, field: 'barcode' }] });

    const good = await dry(
      toCsv([
        { sku: 'DRY-1', name: 'one', priceCents: 1, category: 'Dry > Run' },
        { sku: 'dry-keep', name: 'Kept, renamed', priceCents: 5 },
      ]),
    );
    expect(good.json()).toEqual({
      dryRun: true,
      valid: true,
      errorCount: 0,
      errors: [],
      result: { created: 1, updated: 1, unchanged: 0, total: 2, categoriesCreated: 2 },
    });
    expect(await countProducts()).toBe(before + 1);
    expect(await bySku('DRY-1')).toBeUndefined();
    expect((await bySku('DRY-KEEP'))?.name).toBe('Kept');
    const dryCategories = await t.ctx.db.selectFrom('categories').select('id').where('name', '=', 'Dry').execute();
    expect(dryCategories).toEqual([]);
    const header = await dry('sku,name,price\nA-1,a,1\n');
    expect(header.json()).toMatchObject({ valid: false, errors: [{ path: 'header' }, { path: 'header' }] });
  });

  it('refuses a barcode that belongs to another product', async () => {
    await importCsv(toCsv([{ sku: 'OWNER-1', name: 'Owner', priceCents: 1, barcode: '55554444' }]));
    const res = await importCsv(toCsv([{ sku: 'THIEF-1', name: 'Thief', priceCents: 1, barcode: '55554444' }]));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({
      row: 1,
      field: 'barcode',
      message: expect.stringContaining('OWNER-1'),
    });
    expect(await bySku('THIEF-1')).toBeUndefined();
  });

  it('refuses a bad header, an empty file, broken quoting and a wrong cell count', async () => {
    const header = await importCsv('sku,name,price\nA-1,a,1\n');
    expect(header.statusCode).toBe(422);
    expect(header.json().errors.map((e: { message: string }) => e.message)).toEqual([
      'unknown column "price"',
      'column priceCents is required',
    ]);
    expect((await importCsv('')).statusCode).toBe(422);
    expect((await importCsv('sku,name,priceCents\n')).statusCode).toBe(422);
    const quoting = await importCsv('sku,name,priceCents\nQ-1,"open,1\n');
    expect(quoting.statusCode).toBe(422);
    expect(quoting.json().errors[0].line).toBeGreaterThan(0);
    const cells = await importCsv('sku,name,priceCents\nC-1,a,1\nC-2,b\n');
    expect(cells.json().errors[0]).toMatchObject({ row: 2, line: 3, message: 'expected 3 cells, found 2' });
    expect(await bySku('C-1')).toBeUndefined();
  });

  it('reads files beyond the API-wide 1 MB body limit, up to 20 MB', async () => {
    const long = await importCsv(`sku,name,priceCents,description\nLONG-1,Long,1,${'x'.repeat(1_500_000)}\n`);
    expect(long.statusCode).toBe(422);
    expect(long.json().errors[0]).toMatchObject({ row: 1, field: 'description' });
    const huge = await importCsv(`sku,name,priceCents\n${'x'.repeat(21 * 1024 * 1024)}`);
    expect(huge.statusCode).toBe(413);
  });

  it('refuses a body that is not CSV', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/products/import',
      token: admin,
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(res.statusCode).toBe(415);
  });
});

describe('import progress and audit', () => {
  it('streams NDJSON progress lines for a large file, then the result', async () => {
    const res = await importCsv(toCsv(rowsOf('NDJ', 3500)), { accept: 'application/x-ndjson' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const validating = lines.filter((l) => l.phase === 'validating');
    const importing = lines.filter((l) => l.phase === 'importing');
    expect(validating.map((l) => l.processed)).toEqual([1000, 2000, 3000, 3500]);
    expect(validating.every((l) => l.type === 'progress' && l.total === 3500)).toBe(true);
    expect(importing.length).toBeGreaterThanOrEqual(3);
    expect(importing.at(-1)).toMatchObject({ processed: 3500, total: 3500 });
    expect(lines.at(-1)).toEqual({
      type: 'result',
      result: { created: 3500, updated: 0, unchanged: 0, total: 3500, categoriesCreated: 0 },
    });
  });

  it('ends the NDJSON stream with an error line when the file is refused', async () => {
    const rows = rowsOf('NDBAD', 1200, (i) => (i === 1100 ? { sku: 'bad sku' } : {}));
    const res = await importCsv(toCsv(rows), { accept: 'application/x-ndjson' });
    const last = JSON.parse(res.body.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ type: 'error', status: 422, code: 'import_failed' });
    expect(last.errors[0]).toMatchObject({ row: 1101, field: 'sku' });
    expect(await bySku('NDBAD-1')).toBeUndefined();
  });

  it('writes one audit entry with the counts of each import', async () => {
    await importCsv(toCsv(rowsOf('AUD', 3, () => ({ category: 'Audited imports' }))));
    const log = await t.request({
      method: 'GET',
      url: '/api/v1/audit-log?action=product.imported&limit=1',
      token: admin,
    });
    expect(log.json().items[0]).toMatchObject({
      entity: 'product',
      after: { created: 3, updated: 0, total: 3, categoriesCreated: 1, newCategories: ['Audited imports'] },
    });
  });
});
