import type { AuditEntry, ListAuditQuery } from '@bodega/contract';
import { parseJson, type Db } from '../../db/database';
import { decodeCursor, isPositiveInt, toPage } from '../../platform/pagination';

/** Newest first, keyset on id. */
export async function listAuditLog(db: Db, query: ListAuditQuery) {
  const after = decodeCursor(query.cursor, isPositiveInt);
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (after !== undefined) q = q.where('id', '<', after);
  if (query.entity) q = q.where('entity', '=', query.entity);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.actorId) q = q.where('actor_id', '=', query.actorId);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.from) q = q.where('created_at', '>=', new Date(query.from).toISOString());
  if (query.to) q = q.where('created_at', '<', new Date(query.to).toISOString());
  const rows = await q.execute();
  return toPage(
    rows,
    query.limit,
    (r): AuditEntry => ({
      id: r.id,
      actorId: r.actor_id,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: parseJson(r.before),
      after: parseJson(r.after),
      reason: r.reason,
      requestId: r.request_id,
      createdAt: r.created_at,
    }),
    (r) => r.id,
  );
}
