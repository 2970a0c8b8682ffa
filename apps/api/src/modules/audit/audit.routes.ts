import { auditEntrySchema, listAuditQuery, pageOf, problemResponses } from '@bodega/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context';
import { listAuditLog } from './audit.queries';

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/audit-log',
      {
        config: { access: 'audit.read' },
        schema: {
          operationId: 'listAuditEntries',
          tags: ['audit'],
          summary: 'Browse the audit log, newest first',
          querystring: listAuditQuery,
          response: { 200: pageOf(auditEntrySchema), ...problemResponses },
        },
      },
      (request) => listAuditLog(ctx.db, request.query),
    );
  };
