import {
  importPreviewSchema,
  importProblemSchema,
  importQuery,
  importResultSchema,
  problemResponses,
  type ImportProgressLine,
} from '@bodega/contract';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/guard';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { sendCsv } from '../../platform/csv';
import { metaOf } from '../../platform/request-meta';
import { exportProducts } from './export-products';
import { importProducts } from './import-products';
import { previewProductImport } from './preview-product-import';

const tags = ['catalog'];
const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

const IMPORT_DESCRIPTION = `
The body is the CSV itself (\`Content-Type: text/csv\`, UTF-8, at most 20 MB), with a header line naming
columns among: sku, barcode, name, description, category, unit, priceCents, costCents, taxRateBp,
reorderPoint, reorderQuantity, active. sku, name and priceCents are required. Rows are matched to
products by SKU, ignoring case: known SKUs are updated (their version goes up when something changes),
others are created. A column left out keeps the current value (or the default); an empty cell does
the same for numbers and unit, and clears barcode, description and category. \`category\` is a path
from the top ("Tools > Hand tools"); categories that do not exist yet are created.

All or nothing: every row is checked first; if any is wrong, nothing is imported and the answer is
422 \`import_failed\` with up to 100 errors, each with \`row\` (data rows count from 1 after the
header), \`line\` (in the file) and \`field\`. A SKU or barcode repeated in the file is an error.

With \`Accept: application/x-ndjson\` the answer is 200 and streams one JSON object per line:
\`{"type":"progress","phase":"validating"|"importing","processed":N,"total":M}\` about every 1000
rows, then either \`{"type":"result","result":{created,updated,unchanged,total,categoriesCreated}}\`
or \`{"type":"error","status":422,"code":"import_failed","detail":"…","errors":[…]}\`.

\`?dryRun=true\` checks the file exactly as the import would (in a transaction that is rolled back) and
writes nothing: the answer is 200 \`ProductImportPreview\` with \`valid\`, the would-be counts in \`result\`
(null when invalid), \`errorCount\` and up to 100 row errors in \`errors\`; always JSON.`.trim();

export const productCsvRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    // Scoped to this plugin: only the import reads CSV bodies.
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_LIMIT_BYTES }, (_request, body, done) =>
      done(null, body),
    );

    app.get(
      '/products/export',
      {
        config: { access: 'catalog.write' },
        schema: {
          operationId: 'exportProducts',
          tags,
          summary: 'Download every product as CSV (the import format)',
          produces: ['text/csv'],
          response: { 200: z.string().meta({ description: 'text/csv, streamed' }), ...problemResponses },
        },
      },
      async (_request, reply) =>
        sendCsv(reply, `products-${ctx.now().toISOString().slice(0, 10)}.csv`, exportProducts(ctx.db)),
    );

    app.post(
      '/products/import',
      {
        config: { access: 'catalog.write' },
        bodyLimit: IMPORT_LIMIT_BYTES,
        schema: {
          operationId: 'importProducts',
          produces: ['application/json', 'application/x-ndjson'],
          tags,
          summary: 'Create or update products from a CSV file, all or nothing',
          description: IMPORT_DESCRIPTION,
          consumes: ['text/csv'],
          querystring: importQuery,
          body: z.string(),
          response: {
            200: z.union([importResultSchema, importPreviewSchema]),
            422: importProblemSchema,
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        if (request.query.dryRun) return previewProductImport(ctx, actor, request.body, metaOf(request));
        if (!request.headers.accept?.includes('application/x-ndjson')) {
          return importProducts(ctx, actor, request.body, metaOf(request));
        }
        const out = new PassThrough();
        const send = (line: ImportProgressLine) => out.write(`${JSON.stringify(line)}\n`);
        const progress = async (p: { phase: 'validating' | 'importing'; processed: number; total: number }) => {
          send({ type: 'progress', ...p });
          await setImmediate(); // let the line leave before the next batch
        };
        importProducts(ctx, actor, request.body, metaOf(request), progress)
          .then((result) => send({ type: 'result', result }))
          .catch((err: unknown) => send(errorLine(err, request)))
          .finally(() => out.end());
        // A stream, which the typed reply does not list among the JSON answers.
        return reply.type('application/x-ndjson; charset=utf-8').send(out as never);
      },
    );
  };

function errorLine(err: unknown, request: FastifyRequest): ImportProgressLine {
  if (err instanceof AppError) {
    return { type: 'error', status: err.status, code: err.code, detail: err.message, errors: err.details.errors };
  }
  request.log.error({ err }, 'product import failed');
  return { type: 'error', status: 500, code: 'internal_error', detail: 'Something went wrong on our side' };
}
