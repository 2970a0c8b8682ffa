import type { Settings, UpdateSettingsBody } from '@bodega/contract';
import { toJson } from '../../db/database';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { recordAudit } from '../audit/record-audit';
import { rebuildSalesSummaryIn } from '../reports/rebuild-sales-summary';
import { getSettings } from './settings.queries';

export async function updateSettings(
  ctx: AppContext,
  actor: Actor,
  input: UpdateSettingsBody,
  meta: RequestMeta,
): Promise<Settings> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getSettings(trx);
    const now = ctx.now().toISOString();
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) continue;
      await trx
        .insertInto('settings')
        .values({ key, value: toJson(value), updated_at: now, updated_by: actor.userId })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ value: toJson(value), updated_at: now, updated_by: actor.userId }),
        )
        .execute();
    }
    const after = await getSettings(trx);
    // Sales are bucketed by local day: a new time zone re-buckets the history with it.
    if (after.timeZone !== before.timeZone) await rebuildSalesSummaryIn(trx, after.timeZone);
    await recordAudit(trx, {
      actor,
      meta,
      action: 'settings.updated',
      entity: 'settings',
      entityId: null,
      before,
      after,
    });
    return after;
  });
}
