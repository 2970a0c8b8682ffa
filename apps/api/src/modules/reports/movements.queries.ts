import type { MovementsSummary } from '@bodega/contract';
import { addDays, dayStartsAt, MOVEMENT_TYPES } from '@bodega/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { ReportRange } from './report-range';

const FIGURES = ['movements', 'unitsIn', 'unitsOut', 'netUnits', 'valueInCents', 'valueOutCents'] as const;
type Figures = Record<(typeof FIGURES)[number], number>;

/**
 * The stock ledger of a range, per movement type: units in and out, and their value at the
 * movement's unit cost (movements without a cost add units but no value). The range's local
 * days become UTC instants; `type IN (…)` lets the (type, created_at, …) index serve it alone.
 */
export async function movementsSummary(db: Db, range: ReportRange, currency: string): Promise<MovementsSummary> {
  const start = dayStartsAt(range.from, range.timeZone).toISOString();
  const end = dayStartsAt(addDays(range.to, 1), range.timeZone).toISOString();
  const cost = sql`coalesce(unit_cost_cents, 0)`;
  const rows = await db
    .selectFrom('stock_movements')
    .select([
      'type',
      sql<number>`count(*)`.as('movements'),
      sql<number>`sum(case when quantity > 0 then quantity else 0 end)`.as('units_in'),
      sql<number>`sum(case when quantity < 0 then -quantity else 0 end)`.as('units_out'),
      sql<number>`sum(case when quantity > 0 then quantity * ${cost} else 0 end)`.as('value_in'),
      sql<number>`sum(case when quantity < 0 then -quantity * ${cost} else 0 end)`.as('value_out'),
    ])
    .where('type', 'in', [...MOVEMENT_TYPES])
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .groupBy('type')
    .execute();
  const byType = new Map(rows.map((r) => [r.type, r]));
  const items = MOVEMENT_TYPES.map((type) => {
    const r = byType.get(type);
    const unitsIn = Number(r?.units_in ?? 0);
    const unitsOut = Number(r?.units_out ?? 0);
    return {
      type,
      movements: Number(r?.movements ?? 0),
      unitsIn,
      unitsOut,
      netUnits: unitsIn - unitsOut,
      valueInCents: Number(r?.value_in ?? 0),
      valueOutCents: Number(r?.value_out ?? 0),
    };
  });
  const totals = Object.fromEntries(FIGURES.map((f) => [f, items.reduce((sum, i) => sum + i[f], 0)])) as Figures;
  return { ...range, currency, items, totals };
}
