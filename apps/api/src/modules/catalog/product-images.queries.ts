import type { ProductImage } from '@bodega/contract';
import type { Db, Tx } from '../../db/database';

/** Public URL prefix under which UPLOAD_DIR's product images are served. */
export const MEDIA_PREFIX = '/media/products';

/** The images of each product, in display order. */
export async function imagesFor(db: Db | Tx, productIds: number[]): Promise<Map<number, ProductImage[]>> {
  const byProduct = new Map<number, ProductImage[]>();
  if (productIds.length === 0) return byProduct;
  const rows = await db
    .selectFrom('product_images')
    .selectAll()
    .where('product_id', 'in', productIds)
    .orderBy('product_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = byProduct.get(r.product_id) ?? [];
    list.push({
      id: r.id,
      url: `${MEDIA_PREFIX}/${r.file_name}`,
      thumbnailUrl: `${MEDIA_PREFIX}/${r.thumb_name}`,
      width: r.width,
      height: r.height,
      contentType: r.content_type,
      sizeBytes: r.size_bytes,
    });
    byProduct.set(r.product_id, list);
  }
  return byProduct;
}
