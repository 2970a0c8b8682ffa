import { idParams, idSchema, problemResponses, problemSchema, productImageSchema } from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { readUploadedFile } from '../../platform/files';
import { metaOf } from '../../platform/request-meta';
import { deleteProductImage } from './delete-product-image';
import { uploadProductImage } from './upload-product-image';

const tags = ['catalog'];
/** What the upload reads, for the document: the handler takes the one file part, whatever its field name. */
const imageUpload = z.object({
  file: z.file().meta({ description: 'A JPEG, PNG or WebP image, at most 5 MB' }),
});

export const productImageRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/products/:id/images',
      {
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'uploadProductImage',
          tags,
          summary: 'Add an image to a product',
          description:
            'multipart/form-data with one file field: a JPEG, PNG or WebP of at most 5 MB, checked by its ' +
            'content. It is re-encoded as WebP (at most 2000 px a side, metadata removed) with a 320 px thumbnail.',
          multipartBody: imageUpload,
          params: idParams,
          response: { 201: productImageSchema, ...problemResponses, 413: problemSchema, 415: problemSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await uploadProductImage(
              ctx,
              actorOf(request),
              request.params.id,
              await readUploadedFile(request),
              metaOf(request),
            ),
          ),
    );

    app.delete(
      '/products/:id/images/:imageId',
      {
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'deleteProductImage',
          tags,
          summary: 'Remove an image from a product (its files too)',
          params: z.object({ id: idSchema, imageId: idSchema }),
          response: { 204: z.null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        await deleteProductImage(ctx, actorOf(request), request.params.id, request.params.imageId, metaOf(request));
        return reply.code(204).send(null);
      },
    );
  };
