import type { ProductImage } from '@bodega/contract';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { newImageNames, processImage, removeFiles, uploadDir, writeFileAtomic } from '../../platform/files';
import { recordAudit } from '../audit/record-audit';
import { imagesFor } from './product-images.queries';

async function assertActiveProduct(db: Db | Tx, productId: number): Promise<void> {
  const product = await db
    .selectFrom('products')
    .select('id')
    .where('id', '=', productId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!product) throw notFound('Product');
}

/**
 * Adds an image to a product, last in order. The files are written before the row commits,
 * so a row never points at a missing file; if the transaction fails they are removed again.
 */
export async function uploadProductImage(
  ctx: AppContext,
  actor: Actor,
  productId: number,
  upload: Buffer,
  meta: RequestMeta,
): Promise<ProductImage> {
  await assertActiveProduct(ctx.db, productId);
  const image = await processImage(upload);
  const dir = uploadDir(ctx.config, 'products');
  const names = newImageNames();
  const written: string[] = [];
  try {
    await writeFileAtomic(dir, names.file, image.full.data);
    written.push(names.file);
    await writeFileAtomic(dir, names.thumb, image.thumb.data);
    written.push(names.thumb);
    return await ctx.db.transaction().execute(async (trx) => {
      await assertActiveProduct(trx, productId);
      const row = await trx
        .insertInto('product_images')
        .values((eb) => ({
          product_id: productId,
          file_name: names.file,
          thumb_name: names.thumb,
          content_type: image.contentType,
          width: image.full.width,
          height: image.full.height,
          size_bytes: image.full.data.length,
          position: eb
            .selectFrom('product_images')
            .select(sql<number>`coalesce(max(position), -1) + 1`.as('next'))
            .where('product_id', '=', productId),
          created_at: ctx.now().toISOString(),
        }))
        .returning('id')
        .executeTakeFirstOrThrow();
      const added = (await imagesFor(trx, [productId])).get(productId)?.find((i) => i.id === row.id);
      if (!added) throw new Error(`product image ${row.id} vanished inside its own transaction`);
      await recordAudit(trx, {
        actor,
        meta,
        action: 'product_image.added',
        entity: 'product',
        entityId: productId,
        after: added,
      });
      return added;
    });
  } catch (err) {
    await removeFiles(dir, written, ctx.log);
    throw err;
  }
}
