import { problemSchema } from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { openStoredFile, STORED_IMAGE_NAME, uploadDir } from '../../platform/files';
import { MEDIA_PREFIX } from './product-images.queries';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Outside /api/v1 and public: product images are catalog content. Only names the server
 * generates are served, so no request can reach any other file; a name never changes its
 * bytes, hence the year-long immutable caching.
 */
export const mediaRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const dir = uploadDir(ctx.config, 'products');
    app.get(
      `${MEDIA_PREFIX}/:file`,
      {
        schema: {
          operationId: 'getProductImageFile',
          produces: ['image/webp'],
          tags: ['catalog'],
          summary: 'A product image or thumbnail (WebP), by the URL the API gave',
          params: z.object({ file: z.string() }),
          response: { 200: z.any().meta({ description: 'The WebP image' }), 404: problemSchema },
        },
      },
      async (request, reply) => {
        const { file } = request.params;
        const stored = STORED_IMAGE_NAME.test(file) ? await openStoredFile(dir, file) : null;
        if (!stored) throw notFound('Image');
        return (
          reply
            .type('image/webp')
            .header('content-length', stored.size)
            .header('cache-control', `public, max-age=${YEAR_SECONDS}, immutable`)
            .header('x-content-type-options', 'nosniff')
            // Helmet's same-origin default would stop the admin and mobile apps on other origins.
            .header('cross-origin-resource-policy', 'cross-origin')
            .send(stored.stream)
        );
      },
    );
  };
