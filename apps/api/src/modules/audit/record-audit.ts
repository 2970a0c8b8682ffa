import { toJson, type Tx } from '../../db/database';
import type { Actor, RequestMeta } from '../../platform/context';

export type AuditEntryInput = {
  actor: Pick<Actor, 'userId'> | null;
  meta: RequestMeta | null;
  action: string;
  entity: string;
  entityId: number | string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
};

/** Appends to the audit log inside the caller's transaction: no change without its entry. */
export async function recordAudit(trx: Tx, entry: AuditEntryInput): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      actor_id: entry.actor?.userId ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      before: toJson(entry.before),
      after: toJson(entry.after),
      reason: entry.reason ?? null,
      request_id: entry.meta?.requestId ?? null,
      ip: entry.meta?.ip ?? null,
    })
    .execute();
}
