import * as z from 'zod';
import { dateTime, idSchema, pageQuery, text } from './common';

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    actorId: z.number().int().nullable(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: dateTime,
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const listAuditQuery = pageQuery.extend({
  entity: text(60).optional(),
  entityId: text(60).optional(),
  actorId: idSchema.optional(),
  action: text(60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ListAuditQuery = z.infer<typeof listAuditQuery>;
