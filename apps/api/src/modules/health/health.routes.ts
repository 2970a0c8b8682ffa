import { problemSchema } from '@bodega/contract';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';

const tags = ['health'];

/** Outside /api/v1: for load balancers and orchestrators. */
export const healthRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/health',
      {
        config: { rateLimit: false },
        schema: {
          operationId: 'getHealth',
          tags,
          summary: 'The process is alive',
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
      },
      () => ({ status: 'ok' as const }),
    );
    app.get(
      '/ready',
      {
        config: { rateLimit: false },
        schema: {
          operationId: 'getReadiness',
          tags,
          summary: 'The database answers',
          response: {
            200: z.object({ status: z.literal('ready'), database: z.enum(['sqlite', 'postgres']) }),
            503: problemSchema,
          },
        },
      },
      async () => {
        try {
          await sql`select 1`.execute(ctx.db);
        } catch (err) {
          ctx.log.error({ err }, 'readiness check failed');
          throw new AppError('service_unavailable', 503, 'The database is not reachable');
        }
        return { status: 'ready' as const, database: ctx.config.database.kind };
      },
    );
  };
