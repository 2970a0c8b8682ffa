import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { removeFiles, uploadDir } from '../../platform/files';
import { recordAudit } from '../audit/record-audit';
import { imagesFor } from './product-images.queries';

/**
 * Removes one image of a product: the row (audited) first, then its files, so a crash in
 * between leaves an orphan file rather than a row pointing at nothing.
 */
export async function deleteProductImage(
  ctx: AppContext,
  actor: Actor,
  productId: number,
  imageId: number,
  meta: RequestMeta,
): Promise<void> {
  const removed = await ctx.db.transaction().execute(async (trx) => {
    const image = (await imagesFor(trx, [productId])).get(productId)?.find((i) => i.id === imageId);
    if (!image) throw notFound('Image');
    const row = await trx
      .deleteFrom('product_images')
      .where('id', '=', imageId)
      .where('product_id', '=', productId)
      .returning(['file_name', 'thumb_name'])
      .executeTakeFirst();
    // A concurrent delete of the same image got there first.
    if (!row) throw notFound('Image');
    await recordAudit(trx, {
      actor,
      meta,
      action: 'product_image.deleted',
      entity: 'product',
      entityId: productId,
      before: image,
    });
    return row;
  });
  await removeFiles(uploadDir(ctx.config, 'products'), [removed.file_name, removed.thumb_name], ctx.log);
}
