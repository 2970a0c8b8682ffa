import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, pdfText, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
});
afterAll(() => t?.close());

const newProduct = async (payload: object) => {
  const res = await t.request({ method: 'POST', url: '/api/v1/products', token: admin, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>();
};
const labels = (productIds: number[], token = admin, query = '') =>
  t.request({ method: 'POST', url: `/api/v1/products/labels${query}`, token, payload: { productIds } });

describe('barcode labels', () => {
  it('prints one label per product with its name, SKU and price, as a PDF', async () => {
    const drill = await newProduct({
      sku: 'LBL-DRILL',
      barcode: '7790001112223',
      name: 'Cordless drill',
      priceCents: 8999_00,
    });
    const tape = await newProduct({ sku: 'LBL-TAPE', name: 'Measuring tape', priceCents: 12_50 });
    const res = await labels([drill.id, tape.id], admin, '?lang=en');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(res.rawPayload);
    for (const word of ['Cordless drill', 'LBL-DRILL', 'Measuring tape', 'LBL-TAPE']) {
      expect(text.split(word)).toHaveLength(2); // exactly once: one label each
    }
    expect(text).toMatch(/8,999\.00/);
    expect(text).toMatch(/12\.50/);
  });

  it('fills a second page after 21 labels, in Spanish when asked', async () => {
    const p = await newProduct({ sku: 'LBL-MANY', name: 'Tornillo', priceCents: 1800_00 });
    const res = await labels(
      Array.from({ length: 22 }, () => p.id),
      admin,
      '?lang=es',
    );
    expect(res.statusCode).toBe(200);
    const pages = (await pdfText(res.rawPayload)).split('\n');
    expect(pages).toHaveLength(2);
    expect(pages[0]!.split('LBL-MANY')).toHaveLength(22);
    expect(pages[1]!.split('LBL-MANY')).toHaveLength(2);
    expect(pages[1]).toContain('1800,00'); // Spanish: comma decimals, no grouping at four digits
  });

  it('answers 404 for an unknown product, 400 for no ids, 403 for sales staff', async () => {
    const p = await newProduct({ sku: 'LBL-ONE', name: 'One', priceCents: 100 });
    expect((await labels([p.id, 999_999])).statusCode).toBe(404);
    expect((await labels([])).statusCode).toBe(400);
    const sales = (await t.createStaff('sales_staff')).token;
    expect((await labels([p.id], sales)).statusCode).toBe(403);
  });
});
