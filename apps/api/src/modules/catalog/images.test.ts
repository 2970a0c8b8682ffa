import type { ProductImage } from '@bodega/contract';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DB, type TestApp } from '../../test/harness';

let t: TestApp;
let admin: string;
let dataDir: string;
let productsDir: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminToken();
  dataDir = t.ctx.config.dataDir;
  productsDir = join(t.ctx.config.uploadDir, 'products');
});
afterAll(() => t?.close());

let seq = 0;
async function createProduct(active = 1): Promise<number> {
  const now = new Date().toISOString();
  const row = await t.ctx.db
    .insertInto('products')
    .values({
      sku: `IMG-${++seq}-${randomBytes(3).toString('hex')}`,
      name: `Product ${seq}`,
      price_cents: 1000,
      active,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A multipart/form-data body with one file part, built by hand so every byte is ours to choose. */
function multipart(data: Buffer, fileName = 'photo.jpg', contentType = 'image/jpeg') {
  const boundary = `----bodega${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const upload = (
  productId: number,
  data: Buffer,
  opts: { fileName?: string; contentType?: string; token?: string | null } = {},
) =>
  t.request({
    method: 'POST',
    url: `/api/v1/products/${productId}/images`,
    token: opts.token === null ? undefined : (opts.token ?? admin),
    ...multipart(data, opts.fileName, opts.contentType),
  });

/** Every file under a directory, as paths relative to it. */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}
const storedFiles = () => walk(productsDir);
const imageRows = (productId: number) =>
  t.ctx.db.selectFrom('product_images').selectAll().where('product_id', '=', productId).orderBy('id').execute();

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } });

async function jpegWithExif(): Promise<Buffer> {
  return solid(3000, 2000)
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Copyright: 'secret-exif', Artist: 'x' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

const media = (url: string) => t.request({ method: 'GET', url });

describe('uploading a product image', () => {
  it('re-encodes a JPEG as WebP: EXIF orientation applied, metadata gone, at most 2000 px, with a thumbnail', async () => {
    const productId = await createProduct();
    const original = await jpegWithExif();
    const before = await sharp(original).metadata();
    expect(before).toMatchObject({ orientation: 6 });
    expect(original.includes('secret-exif')).toBe(true);

    const res = await upload(productId, original);
    expect(res.statusCode).toBe(201);
    const image = res.json<ProductImage>();
    // 3000×2000 turned a quarter (orientation 6) is 2000×3000, then fitted into 2000×2000.
    expect(image).toMatchObject({ width: 1333, height: 2000, contentType: 'image/webp' });
    expect(image.url).toMatch(/^\/media\/products\/[0-9a-f-]{36}\.webp$/);
    expect(image.thumbnailUrl).toBe(image.url.replace('.webp', '-thumb.webp'));

    const served = await media(image.url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    const bytes = served.rawPayload;
    expect(bytes.length).toBe(image.sizeBytes);
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 1333, height: 2000 });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(bytes.includes('secret-exif')).toBe(false);

    const thumb = await media(image.thumbnailUrl);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const thumbMeta = await sharp(thumb.rawPayload).metadata();
    expect(thumbMeta).toMatchObject({ format: 'webp', width: 213, height: 320 });
    expect(thumbMeta.exif).toBeUndefined();
    expect(thumb.rawPayload.includes('secret-exif')).toBe(false);

    const rows = await imageRows(productId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: image.id,
      file_name: image.url.split('/').pop(),
      thumb_name: image.thumbnailUrl.split('/').pop(),
      content_type: 'image/webp',
      width: 1333,
      height: 2000,
      size_bytes: image.sizeBytes,
      position: 0,
    });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'product_image.added')
      .where('entity_id', '=', String(productId))
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(String(audit[0]?.after))).toMatchObject({ id: image.id, url: image.url });
  });

  it('accepts PNG and WebP, never enlarges, and appends each image last', async () => {
    const productId = await createProduct();
    const png = await solid(800, 600).ensureAlpha().png().toBuffer();
    const webp = await solid(500, 500).webp().toBuffer();
    const jpeg = await solid(200, 100).jpeg().toBuffer();
    const expected = [
      { data: png, size: [800, 600], thumb: [320, 240] },
      { data: webp, size: [500, 500], thumb: [320, 320] },
      { data: jpeg, size: [200, 100], thumb: [200, 100] },
    ];
    for (const { data, size, thumb } of expected) {
      const res = await upload(productId, data, { contentType: 'application/octet-stream', fileName: 'x.bin' });
      expect(res.statusCode).toBe(201);
      const image = res.json<ProductImage>();
      expect([image.width, image.height]).toEqual(size);
      const full = await sharp((await media(image.url)).rawPayload).metadata();
      expect([full.format, full.width, full.height]).toEqual(['webp', ...size]);
      const small = await sharp((await media(image.thumbnailUrl)).rawPayload).metadata();
      expect([small.format, small.width, small.height]).toEqual(['webp', ...thumb]);
    }
    expect((await imageRows(productId)).map((r) => r.position)).toEqual([0, 1, 2]);
  });

  it('ignores the client file name: a path in it lands under a generated name, nowhere else', async () => {
    const productId = await createProduct();
    const everywhereBefore = walk(dataDir);
    const png = await solid(40, 40).png().toBuffer();
    for (const fileName of ['../../x.png', '..\\..\\x.png', '/etc/x.png', '.hidden.webp']) {
      const res = await upload(productId, png, { fileName, contentType: 'image/png' });
      expect(res.statusCode).toBe(201);
      expect(res.json<ProductImage>().url).toMatch(/^\/media\/products\/[0-9a-f-]{36}\.webp$/);
    }
    const added = walk(dataDir).filter((f) => !everywhereBefore.includes(f));
    // SQLite may add its WAL files next to the database; everything else is a generated image.
    const images = added.filter((f) => !/^bodega\.db/.test(f));
    expect(images).toHaveLength(8);
    for (const f of images)
      expect(f).toMatch(new RegExp(`^uploads\\${sep}products\\${sep}[0-9a-f-]{36}(-thumb)?\\.webp$`));
    expect(existsSync(join(dataDir, 'x.png'))).toBe(false);
    expect(existsSync(join(t.ctx.config.uploadDir, 'x.png'))).toBe(false);
  });
});

describe('refused uploads', () => {
  const refused = async (productId: number, data: Buffer, status: number, code: string, contentType = 'image/png') => {
    const filesBefore = storedFiles();
    const res = await upload(productId, data, { fileName: 'photo.png', contentType });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe(code);
    expect(storedFiles()).toEqual(filesBefore);
    expect(await imageRows(productId)).toHaveLength(0);
    return res;
  };

  it('refuses a text file named .png with 400 invalid_image, writing nothing', async () => {
    const productId = await createProduct();
    await refused(productId, Buffer.from('just some text, not a picture\n'.repeat(20)), 400, 'invalid_image');
    // An SVG or a GIF is not accepted either, whatever it claims to be.
    await refused(
      productId,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      400,
      'invalid_image',
      'image/svg+xml',
    );
    await refused(productId, Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 400, 'invalid_image', 'image/gif');
  });

  it('refuses image magic bytes followed by garbage, and a truncated image', async () => {
    const productId = await createProduct();
    const pngHeader = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await refused(productId, Buffer.concat([pngHeader, randomBytes(4096)]), 400, 'invalid_image');
    await refused(productId, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(4096)]), 400, 'invalid_image');
    await refused(productId, Buffer.from('RIFF\x00\x10\x00\x00WEBPVP8 junkjunkjunk', 'latin1'), 400, 'invalid_image');
    const jpeg = await solid(1200, 900).jpeg().toBuffer();
    await refused(productId, jpeg.subarray(0, Math.floor(jpeg.length / 2)), 400, 'invalid_image');
    // JPEG magic bytes in front of a PNG: the decoder must agree with the sniffed type.
    const png = await solid(50, 50).png().toBuffer();
    await refused(productId, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), png]), 400, 'invalid_image');
  });

  it('refuses a decompression bomb (more than 40 megapixels) with 400', async () => {
    const productId = await createProduct();
    const bomb = await solid(8000, 6000).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    const res = await refused(productId, bomb, 400, 'invalid_image');
    expect(res.json().detail).toMatch(/megapixels/);
  });

  it('refuses a 6 MB upload with 413 payload_too_large, writing nothing', async () => {
    const productId = await createProduct();
    const pngHeader = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await refused(productId, Buffer.concat([pngHeader, Buffer.alloc(6 * 1024 * 1024, 1)]), 413, 'payload_too_large');
  });

  it('refuses a request that is not multipart (415), has no file or is malformed (400)', async () => {
    const productId = await createProduct();
    const json = await t.request({
      method: 'POST',
      url: `/api/v1/products/${productId}/images`,
      token: admin,
      payload: { url: 'http://example.com/x.png' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('unsupported_media_type');
    const boundary = 'bodega-empty';
    const noFile = await t.request({
      method: 'POST',
      url: `/api/v1/products/${productId}/images`,
      token: admin,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().code).toBe('validation_failed');
    // A broken multipart body is the client's mistake, not a 500.
    for (const [contentType, payload] of [
      ['multipart/form-data', 'no boundary'],
      [`multipart/form-data; boundary=${boundary}`, 'not multipart at all'],
      [
        `multipart/form-data; boundary=${boundary}`,
        `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.png"\r\n\r\n\x89PNG`,
      ],
    ]) {
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/products/${productId}/images`,
        token: admin,
        headers: { 'content-type': contentType },
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().code).toBe('malformed_request');
    }
    expect(await imageRows(productId)).toHaveLength(0);
  });

  it('answers 404 for a product that does not exist or is archived, writing nothing', async () => {
    const png = await solid(40, 40).png().toBuffer();
    const filesBefore = storedFiles();
    const missing = await upload(2_000_000, png);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
    const archived = await createProduct(0);
    expect((await upload(archived, png)).statusCode).toBe(404);
    expect(storedFiles()).toEqual(filesBefore);
    expect(await imageRows(archived)).toHaveLength(0);
  });

  it('removes the written files again when the transaction fails', async () => {
    const productId = await createProduct();
    const filesBefore = storedFiles();
    // Make the insert fail inside the transaction, after the files are on disk.
    if (TEST_DB === 'postgres') {
      await sql`create function refuse_image() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(
        t.ctx.db,
      );
      await sql`create trigger refuse_image before insert on product_images for each row execute function refuse_image()`.execute(
        t.ctx.db,
      );
    } else {
      await sql`create trigger refuse_image before insert on product_images begin select raise(abort, 'refused'); end`.execute(
        t.ctx.db,
      );
    }
    try {
      const res = await upload(productId, await solid(60, 60).png().toBuffer());
      expect(res.statusCode).toBe(500);
      expect(storedFiles()).toEqual(filesBefore);
      expect(await imageRows(productId)).toHaveLength(0);
    } finally {
      await sql`drop trigger refuse_image${sql.raw(TEST_DB === 'postgres' ? ' on product_images' : '')}`.execute(
        t.ctx.db,
      );
      if (TEST_DB === 'postgres') await sql`drop function refuse_image()`.execute(t.ctx.db);
    }
  });
});

describe('serving product images', () => {
  it('serves only server-generated names: traversal and other files are 404 problems', async () => {
    writeFileSync(join(dataDir, 'jwt-secret'), 'TOP-SECRET-VALUE\n');
    const productId = await createProduct();
    const image = (await upload(productId, await solid(64, 64).png().toBuffer())).json<ProductImage>();
    const name = image.url.split('/').pop()!;
    writeFileSync(join(productsDir, 'notes.txt'), 'not an image');
    const attempts = [
      '/media/products/..%2F..%2Fjwt-secret',
      '/media/products/..%2f..%2f..%2fjwt-secret',
      '/media/products/%2e%2e%2f%2e%2e%2fjwt-secret',
      '/media/products/../../jwt-secret',
      '/media/products/..%5C..%5Cjwt-secret',
      '/media/products/%2e%2e/%2e%2e/bodega.db',
      '/media/products/notes.txt',
      `/media/products/${name.toUpperCase()}`,
      `/media/products/${name}%00.txt`,
      `/media/products/${name.replace('.webp', '.png')}`,
      `/media/products/..%2F${name}`,
      '/media/products/00000000-0000-0000-0000-000000000000.webp',
      '/media/products/',
      '/media/jwt-secret',
      '/media/products',
    ];
    for (const url of attempts) {
      const res = await media(url);
      // A NUL byte is refused before routing (400); everything else is simply not there (404).
      expect(res.statusCode, url).toBe(url.includes('%00') ? 400 : 404);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(res.body, url).not.toContain('TOP-SECRET');
    }
    expect((await media(image.url)).statusCode).toBe(200);
    const head = await t.request({ method: 'HEAD', url: image.url });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('image/webp');
  });

  it('serves images to anyone, without signing in', async () => {
    const productId = await createProduct();
    const image = (await upload(productId, await solid(64, 64).png().toBuffer())).json<ProductImage>();
    const res = await t.request({ method: 'GET', url: image.thumbnailUrl });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });
});

describe('deleting a product image', () => {
  it('removes the row, both files and writes an audit entry', async () => {
    const productId = await createProduct();
    const image = (await upload(productId, await solid(300, 300).png().toBuffer())).json<ProductImage>();
    const [row] = await imageRows(productId);
    expect(existsSync(join(productsDir, row!.file_name))).toBe(true);
    expect(existsSync(join(productsDir, row!.thumb_name))).toBe(true);

    const res = await t.request({
      method: 'DELETE',
      url: `/api/v1/products/${productId}/images/${image.id}`,
      token: admin,
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await imageRows(productId)).toHaveLength(0);
    expect(existsSync(join(productsDir, row!.file_name))).toBe(false);
    expect(existsSync(join(productsDir, row!.thumb_name))).toBe(false);
    expect((await media(image.url)).statusCode).toBe(404);
    expect((await media(image.thumbnailUrl)).statusCode).toBe(404);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'product_image.deleted')
      .where('entity_id', '=', String(productId))
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(String(audit[0]?.before))).toMatchObject({ id: image.id, url: image.url });

    const again = await t.request({
      method: 'DELETE',
      url: `/api/v1/products/${productId}/images/${image.id}`,
      token: admin,
    });
    expect(again.statusCode).toBe(404);
  });

  it("answers 404 for another product's image and leaves it alone", async () => {
    const owner = await createProduct();
    const other = await createProduct();
    const image = (await upload(owner, await solid(64, 64).png().toBuffer())).json<ProductImage>();
    const res = await t.request({
      method: 'DELETE',
      url: `/api/v1/products/${other}/images/${image.id}`,
      token: admin,
    });
    expect(res.statusCode).toBe(404);
    expect(await imageRows(owner)).toHaveLength(1);
    expect((await media(image.url)).statusCode).toBe(200);
  });
});

describe('who may change images', () => {
  it('lets warehouse managers upload and delete; customers and sales staff get 403, anonymous 401', async () => {
    const productId = await createProduct();
    const png = await solid(64, 64).png().toBuffer();
    const wm = await t.createStaff('warehouse_manager');
    const mine = await upload(productId, png, { token: wm.token });
    expect(mine.statusCode).toBe(201);
    const imageId = mine.json<ProductImage>().id;

    const customer = await t.registerCustomer();
    const sales = await t.createStaff('sales_staff');
    const filesBefore = storedFiles();
    for (const token of [customer.accessToken, sales.token, null]) {
      const expected = token ? 403 : 401;
      expect((await upload(productId, png, { token })).statusCode).toBe(expected);
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/products/${productId}/images/${imageId}`,
        token: token ?? undefined,
      });
      expect(del.statusCode).toBe(expected);
    }
    expect(storedFiles()).toEqual(filesBefore);
    expect(await imageRows(productId)).toHaveLength(1);

    const del = await t.request({
      method: 'DELETE',
      url: `/api/v1/products/${productId}/images/${imageId}`,
      token: wm.token,
    });
    expect(del.statusCode).toBe(204);
  });
});
