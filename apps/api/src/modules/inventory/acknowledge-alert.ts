import type { Alert } from '@bodega/contract';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { conflict, notFound } from '../../platform/errors';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { findAlert } from './alerts.queries';

/**
 * Staff take note of an open alert. Acknowledging twice answers the first acknowledgement
 * unchanged; a resolved alert has nothing left to acknowledge (409). The status check is in
 * the UPDATE itself, so a resolution committed meanwhile cannot be overwritten.
 */
export async function acknowledgeAlert(
  ctx: AppContext,
  actor: Actor,
  alertId: number,
  meta: RequestMeta,
): Promise<Alert> {
  return inTransaction(ctx, async ({ trx, now }) => {
    const updated = await trx
      .updateTable('stock_alerts')
      .set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.userId })
      .where('id', '=', alertId)
      .where('status', '=', 'open')
      .returning('id')
      .executeTakeFirst();
    const alert = await findAlert(trx, alertId);
    if (!alert) throw notFound('Alert');
    if (!updated) {
      if (alert.status === 'resolved') throw conflict('alert_resolved', 'This alert is already resolved');
      return alert;
    }
    await recordAudit(trx, {
      actor,
      meta,
      action: 'alert.acknowledged',
      entity: 'stock_alert',
      entityId: alert.id,
      before: { status: 'open' },
      after: { status: alert.status, acknowledgedAt: alert.acknowledgedAt, acknowledgedBy: alert.acknowledgedBy },
    });
    return alert;
  });
}
