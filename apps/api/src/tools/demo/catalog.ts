import { createCategoryBody, createProductBody } from '@bodega/contract';
import sharp from 'sharp';
import { createCategory } from '../../modules/catalog/create-category';
import { createProduct } from '../../modules/catalog/create-product';
import { uploadProductImage } from '../../modules/catalog/upload-product-image';
import { AppError } from '../../platform/errors';
import { CATEGORIES, PARENT_CATEGORIES, type CategorySpec } from './vocabulary';
import { DEMO_META, type DemoProduct, type World } from './world';

/** Categories by index in CATEGORIES. */
export async function createCategories(w: World): Promise<number[]> {
  const { ctx, actors } = w;
  const find = async (name: string, parentId: number | null) => {
    const rows = await ctx.db.selectFrom('categories').select(['id', 'name', 'parent_id']).execute();
    const row = rows.find((r) => r.name.toLowerCase() === name.toLowerCase() && r.parent_id === parentId);
    if (!row) throw new Error(`category ${name} neither created nor found`);
    return row.id;
  };
  const create = async (name: string, description: string, parentId: number | null) => {
    try {
      const body = createCategoryBody.parse({ name, description, parentId });
      return (await createCategory(ctx, actors.admin, body, DEMO_META)).id;
    } catch (err) {
      // --force on a database that already has the demo's categories: use them.
      if (err instanceof AppError && err.code === 'conflict') return find(name, parentId);
      throw err;
    }
  };
  const parents = new Map<string, number>();
  for (const parent of PARENT_CATEGORIES) parents.set(parent.name, await create(parent.name, parent.description, null));
  const ids: number[] = [];
  for (const spec of CATEGORIES) ids.push(await create(spec.name, spec.description, parents.get(spec.parent)!));
  return ids;
}

/** EAN-13: 12 digits and the check digit (weights 1, 3 from the left). */
export function ean13(body12: string): string {
  if (!/^\d{12}$/.test(body12)) throw new Error(`EAN-13 body must be 12 digits: ${body12}`);
  const sum = [...body12].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return `${body12}${(10 - (sum % 10)) % 10}`;
}

const EAN_PREFIXES = ['779', '841', '750', '789', '400'];

function nicePrice(w: World, min: number, max: number): number {
  const raw = w.random.int(min, max);
  const rounded = raw < 200 ? Math.round(raw / 5) * 5 : Math.round(raw / 10) * 10;
  return Math.max(9, rounded - (w.random.chance(0.6) ? 1 : 0));
}

function packOf(n: number): number {
  const step = n < 60 ? 6 : n < 240 ? 12 : 50;
  return Math.ceil(n / step) * step;
}

export type ProductDraft = {
  spec: CategorySpec;
  categoryIndex: number;
  sku: string;
  barcode: string | null;
  name: string;
  brand: string;
  description: string | null;
  unit: string;
  priceCents: number;
  costCents: number;
  taxRateBp: number;
  reorderPoint: number;
  reorderQuantity: number;
  weight: number;
  bulk: boolean;
};

/**
 * The catalog as data, before anything is written: index 0 is the best seller (popularity
 * falls off as a power law), so images go to the products people see most.
 */
export function draftProducts(w: World, taken: { skus: Set<string>; barcodes: Set<string> }): ProductDraft[] {
  const { size } = w;
  const random = w.random.fork('catalog');
  const weights = Array.from({ length: size.products }, (_, i) => 1 / Math.pow(i + 1, 0.65));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  // Units sold per week, expected: order lines × average quantity (about 4), over the weeks of history.
  const unitsPerWeek = (size.targetLines * 4) / Math.max(1, size.days / 7);
  const seenNames = new Set<string>();
  const drafts: ProductDraft[] = [];
  for (let i = 0; i < size.products; i++) {
    const categoryIndex = random.int(0, CATEGORIES.length - 1);
    const spec = CATEGORIES[categoryIndex]!;
    const kind = random.pick(spec.kinds);
    const brand = random.pick(spec.brands);
    const variant = random.pick(spec.variants);
    let name = [kind.name, brand, variant].filter(Boolean).join(' ');
    while (seenNames.has(name.toLowerCase())) {
      name = `${[kind.name, brand, variant].filter(Boolean).join(' ')} ${String.fromCharCode(65 + random.int(0, 25))}${random.int(10, 9999)}`;
    }
    seenNames.add(name.toLowerCase());

    let sku = `${spec.code}-${String(i + 1).padStart(size.products >= 100_000 ? 6 : 5, '0')}`;
    for (let n = 2; taken.skus.has(sku.toLowerCase()); n++) sku = `${spec.code}-${String(i + 1).padStart(5, '0')}-${n}`;
    taken.skus.add(sku.toLowerCase());

    let barcode: string | null = null;
    if (!kind.bulk && random.chance(0.93)) {
      const prefix = EAN_PREFIXES[categoryIndex % EAN_PREFIXES.length]!;
      for (let n = i + 1; ; n += 1_000_000) {
        barcode = ean13(`${prefix}${String(n % 1_000_000_000).padStart(9, '0')}`);
        if (!taken.barcodes.has(barcode)) break;
      }
      taken.barcodes.add(barcode);
    }

    const priceCents = nicePrice(w, kind.price[0], kind.price[1]);
    const weekly = (unitsPerWeek * weights[i]!) / totalWeight;
    const reorderPoint = Math.max(2, Math.round(weekly * 1.2));
    drafts.push({
      spec,
      categoryIndex,
      sku,
      barcode,
      name,
      brand,
      description: random.chance(0.7) ? `${brand} · ${spec.name}. ${spec.description}.` : null,
      unit: kind.unit ?? 'unit',
      priceCents,
      costCents: Math.round(priceCents * random.between(0.5, 0.72)),
      taxRateBp: kind.taxBp ?? spec.taxBp,
      reorderPoint,
      reorderQuantity: packOf(Math.max(12, weekly * 3)),
      weight: weights[i]!,
      bulk: kind.bulk === true,
    });
  }
  return drafts;
}

/** Every product through the createProduct use-case, as the API's POST /products would. */
export async function createProducts(
  w: World,
  drafts: ProductDraft[],
  categoryIds: number[],
  onProgress: (done: number) => void,
): Promise<DemoProduct[]> {
  const products: DemoProduct[] = [];
  for (const [index, d] of drafts.entries()) {
    const body = createProductBody.parse({
      sku: d.sku,
      barcode: d.barcode,
      name: d.name,
      description: d.description,
      categoryId: categoryIds[d.categoryIndex],
      unit: d.unit,
      priceCents: d.priceCents,
      costCents: d.costCents,
      taxRateBp: d.taxRateBp,
      reorderPoint: d.reorderPoint,
      reorderQuantity: d.reorderQuantity,
    });
    const product = await createProduct(w.ctx, w.actors.warehouse, body, DEMO_META);
    products.push(toDemoProduct(d, product.id, index));
    if (index % 50 === 0) onProgress(index + 1);
  }
  onProgress(drafts.length);
  return products;
}

export function toDemoProduct(d: ProductDraft, id: number, index: number): DemoProduct {
  return {
    id,
    index,
    categoryIndex: d.categoryIndex,
    segment: d.spec.parent === 'Ferretería' ? 'hardware' : 'grocery',
    name: d.name,
    priceCents: d.priceCents,
    costCents: d.costCents,
    reorderPoint: d.reorderPoint,
    reorderQuantity: d.reorderQuantity,
    weight: d.weight,
    bulk: d.bulk,
    shop: false,
    archived: false,
  };
}

const xml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function initials(name: string): string {
  const words = name.split(/\s+/).filter((word) => /^[\p{L}]/u.test(word) && word.length > 2);
  return (
    words
      .slice(0, 2)
      .map((word) => word[0]!.toUpperCase())
      .join('') || name.slice(0, 2).toUpperCase()
  );
}

function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if ((current + ' ' + word).trim().length > width && current) {
      out.push(current);
      current = word;
    } else current = (current + ' ' + word).trim();
  }
  if (current) out.push(current);
  if (out.length > lines) {
    out.length = lines;
    out[lines - 1] = `${out[lines - 1]!.slice(0, width - 1)}…`;
  }
  return out;
}

/** A product picture the generator draws: the category's colour, the product's initials, its name and SKU. */
export function drawProductSvg(product: { name: string; sku: string; hue: number; brand: string }): string {
  const { hue } = product;
  const side = 480;
  const label = wrap(product.name, 26, 2)
    .map(
      (line, i) =>
        `<text x="240" y="${392 + i * 34}" font-family="DejaVu Sans, Arial, sans-serif" font-size="26" fill="#fff" text-anchor="middle">${xml(line)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 ${side} ${side}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue}, 62%, 52%)"/><stop offset="1" stop-color="hsl(${(hue + 28) % 360}, 58%, 34%)"/>
</linearGradient></defs>
<rect width="${side}" height="${side}" rx="36" fill="url(#g)"/>
<circle cx="240" cy="200" r="128" fill="#fff" fill-opacity="0.16"/>
<circle cx="240" cy="200" r="100" fill="none" stroke="#fff" stroke-opacity="0.35" stroke-width="4"/>
<text x="240" y="250" font-family="DejaVu Sans, Arial, sans-serif" font-size="136" font-weight="bold" fill="#fff" text-anchor="middle">${xml(initials(product.name))}</text>
<text x="240" y="52" font-family="DejaVu Sans, Arial, sans-serif" font-size="22" fill="#fff" fill-opacity="0.85" text-anchor="middle">${xml(product.brand)}</text>
${label}
<text x="456" y="462" font-family="DejaVu Sans Mono, monospace" font-size="16" fill="#fff" fill-opacity="0.75" text-anchor="end">${xml(product.sku)}</text>
</svg>`;
}

/** What a product's picture shows. */
export type ImageItem = { productId: number; name: string; sku: string; hue: number; brand: string };

/** The picture of a drafted product: its category's hue, shifted a little from product to product. */
export function imageItem(product: DemoProduct, draft: ProductDraft): ImageItem {
  return {
    productId: product.id,
    name: product.name,
    sku: draft.sku,
    hue: (draft.spec.hue + (product.index % 7) * 6) % 360,
    brand: draft.brand,
  };
}

/** Draws each image, renders it to PNG and uploads it through the real use-case (sniffed, re-encoded, thumbnailed). */
export async function uploadImages(
  w: Pick<World, 'ctx' | 'actors'>,
  items: ImageItem[],
  onProgress: (done: number) => void,
): Promise<number> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      const png = await sharp(Buffer.from(drawProductSvg(item)))
        .png()
        .toBuffer();
      await uploadProductImage(w.ctx, w.actors.warehouse, item.productId, png, DEMO_META);
      onProgress(++done);
    }
  };
  // sharp encodes on its own threads: a few uploads at a time keep them busy.
  await Promise.all(Array.from({ length: Math.min(3, items.length) }, worker));
  return done;
}
