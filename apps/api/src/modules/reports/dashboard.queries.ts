import type { Dashboard } from '@bodega/contract';
import { addDays, can, localDay, ORDER_STATUSES, type Role } from '@bodega/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { stockFigures } from '../inventory/reorder.queries';
import { agingTotals } from '../receivables/receivables.queries';
import { getSettings } from '../settings/settings.queries';
import { addSums, dailySales, NO_SALES, toFigures, topProducts } from './sales.queries';

/** The dashboard's windows, in days ending today (local). */
export const DASHBOARD_DAYS = 30;
const TOP_PRODUCTS = 5;

/**
 * Every KPI in one call, each section only for the roles whose reports it summarises: sales
 * (reports.sales), inventory (reports.inventory), receivables (reports.receivables); orders by
 * status for every staff role. Each number is the one the matching report gives for the same days.
 */
export async function dashboard(db: Db, role: Role, now: Date, currency: string): Promise<Dashboard> {
  const { timeZone } = await getSettings(db);
  const today = localDay(now, timeZone);
  const [orders, sales, inventory, receivables] = await Promise.all([
    ordersByStatus(db),
    can(role, 'reports.sales') ? salesKpis(db, today, timeZone, currency) : null,
    can(role, 'reports.inventory') ? inventoryKpis(db, today) : null,
    can(role, 'reports.receivables') ? agingTotals(db, today) : null,
  ]);
  return { today, timeZone, currency, generatedAt: now.toISOString(), orders, sales, inventory, receivables };
}

async function ordersByStatus(db: Db): Promise<Dashboard['orders']> {
  const rows = await db
    .selectFrom('orders')
    .select(['status', sql<number>`count(*)`.as('count')])
    .groupBy('status')
    .execute();
  const counts = new Map(rows.map((r) => [r.status, Number(r.count)]));
  return { byStatus: ORDER_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 })) };
}

async function salesKpis(db: Db, today: string, timeZone: string, currency: string) {
  const from = addDays(today, 1 - DASHBOARD_DAYS);
  const [byDay, top] = await Promise.all([
    dailySales(db, { from, to: today }),
    topProducts(db, { from, to: today, timeZone }, TOP_PRODUCTS, 'revenue', currency),
  ]);
  const days = Array.from({ length: DASHBOARD_DAYS }, (_, i) => addDays(from, i));
  const since = (start: string) => {
    const sums = days.filter((d) => d >= start).reduce((acc, d) => addSums(acc, byDay.get(d) ?? NO_SALES), NO_SALES);
    return { from: start, to: today, ...toFigures(sums) };
  };
  return {
    today: since(today),
    last7Days: since(addDays(today, -6)),
    last30Days: since(from),
    daily: days.map((day) => {
      const f = toFigures(byDay.get(day) ?? NO_SALES);
      return {
        day,
        orders: f.orders,
        revenueCents: f.revenueCents,
        netRevenueCents: f.netRevenueCents,
        totalCents: f.totalCents,
      };
    }),
    topProducts: top.items,
  };
}

async function inventoryKpis(db: Db, today: string) {
  const previousDay = addDays(today, -DASHBOARD_DAYS);
  const [current, previous, alerts] = await Promise.all([
    stockFigures(db),
    db
      .selectFrom('inventory_snapshots')
      .select('value_cents')
      .where('day', '<=', previousDay)
      .orderBy('day', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('stock_alerts')
      .select(['type', sql<number>`count(*)`.as('count')])
      .where('status', 'in', ['open', 'acknowledged'])
      .groupBy('type')
      .execute(),
  ]);
  const alertCount = (type: string) => Number(alerts.find((a) => a.type === type)?.count ?? 0);
  const previousValueCents = previous ? Number(previous.value_cents) : null;
  return {
    valueCents: current.valueCents,
    units: current.units,
    previousDay,
    previousValueCents,
    changeCents: previousValueCents === null ? null : current.valueCents - previousValueCents,
    lowStockCount: alertCount('low_stock'),
    outOfStockCount: alertCount('out_of_stock'),
    reorderCount: current.reorderCount,
  };
}
