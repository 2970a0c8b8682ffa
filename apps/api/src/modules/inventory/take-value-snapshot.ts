import type { Snapshot } from '@bodega/contract';
import { localDay } from '@bodega/domain';
import type { Selectable } from 'kysely';
import type { InventorySnapshotsTable } from '../../db/schema';
import type { Actor, AppContext, RequestMeta } from '../../platform/context';
import { inTransaction } from '../../platform/transaction';
import { recordAudit } from '../audit/record-audit';
import { getSettings } from '../settings/settings.queries';
import { findSnapshot, inventoryTotals } from './valuation.queries';

export type SnapshotTrigger = { actor: Actor; meta: RequestMeta } | { actor: null; meta: null };

/**
 * Records today's inventory value (today in the installation's time zone), once per day.
 * The first snapshot of a day stands: a later call answers it with `created: false`. Several
 * servers may race here; the UNIQUE(day) constraint picks one winner and the others read it.
 */
export async function takeValueSnapshot(ctx: AppContext, trigger: SnapshotTrigger): Promise<Snapshot> {
  const day = localDay(ctx.now(), (await getSettings(ctx.db)).timeZone);
  const existing = await findSnapshot(ctx.db, day);
  if (existing) return toSnapshot(existing, false);
  // Read before the transaction, so that on SQLite its first statement is the write.
  const totals = await inventoryTotals(ctx.db);
  return inTransaction(ctx, async ({ trx, now }) => {
    const row = await trx
      .insertInto('inventory_snapshots')
      .values({
        day,
        value_cents: totals.valueCents,
        units: totals.units,
        products: totals.products,
        taken_by: trigger.actor?.userId ?? null,
        created_at: now,
      })
      .onConflict((oc) => oc.column('day').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const winner = await findSnapshot(trx, day);
      if (!winner) throw new Error(`inventory snapshot for ${day} neither inserted nor found`);
      return toSnapshot(winner, false);
    }
    const snapshot = toSnapshot(row, true);
    await recordAudit(trx, {
      actor: trigger.actor,
      meta: trigger.meta,
      action: 'inventory.snapshot_taken',
      entity: 'inventory_snapshot',
      entityId: row.id,
      after: { day, valueCents: snapshot.valueCents, units: snapshot.units, products: snapshot.products },
    });
    return snapshot;
  });
}

function toSnapshot(row: Selectable<InventorySnapshotsTable>, created: boolean): Snapshot {
  return {
    day: row.day,
    valueCents: row.value_cents,
    units: row.units,
    products: row.products,
    takenBy: row.taken_by,
    createdAt: row.created_at,
    created,
  };
}
