import { manualDebtBody } from '@bodega/contract';
import { addDays } from '@bodega/domain';
import { archiveProduct } from '../../modules/catalog/archive-product';
import { takeValueSnapshot } from '../../modules/inventory/take-value-snapshot';
import { createManualDebt } from '../../modules/receivables/create-manual-debt';
import { Agenda } from './agenda';
import { lowStockToSee, scriptCases } from './cases';
import { b2bOrder, shopSale, type Sim } from './orders';
import { acknowledgeAlerts, adjustSome, cycleCount, emptyBackRoom, replenishShop, restock } from './stock';
import { dayOf, DEMO_META, localTime, setTime, tick, weekday, type World } from './world';

/** Busier on Fridays, quiet on Sundays, and the business grows about a third over the months. */
function dayWeight(day: string, index: number, days: number): number {
  const byWeekday = [0.35, 1.1, 1, 1, 1.05, 1.2, 0.8][weekday(day)]!;
  return byWeekday * (0.85 + (0.3 * index) / Math.max(1, days - 1));
}

/**
 * Six months of business, day by day, through the use-cases: the clock is set to each
 * moment before its use-case runs, so created_at, order history, due dates, payment days and
 * the daily snapshots all carry their own dates. Tasks later than the end stay undone: that
 * is why the newest orders are still pending, confirmed, processing or shipped.
 */
export async function runHistory(w: World): Promise<void> {
  const agenda = new Agenda();
  const sim: Sim = { w, agenda };
  const days: string[] = [];
  for (let day = dayOf(w, w.startMs); day <= dayOf(w, w.endMs); day = addDays(day, 1)) days.push(day);
  const weights = days.map((day, i) => {
    const full = dayWeight(day, i, days.length);
    if (i < days.length - 1) return full;
    // Today counts only for the part of the opening hours already behind us.
    const open = localTime(day, 8, w.timeZone);
    const close = localTime(day, 19, w.timeZone);
    return full * Math.min(1, Math.max(0, (w.endMs - open) / (close - open)));
  });

  await openingBalances(w);
  await scriptCases(sim);

  days.forEach((day, i) => {
    agenda.at(Math.max(w.startMs, localTime(day, 6, w.timeZone)), () => planDay(sim, day, i, weights));
    // What the snapshot scheduler does each night (the last day's too, when the history ends
    // after 23:30, as it does for a load just after midnight); the snapshot of the day the
    // history ends in is taken last, after the finishing touches.
    agenda.at(localTime(day, 23.5, w.timeZone), () => snapshot(w));
  });

  w.progress.phase('history', days.length);
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  let shown = -1;
  for (let next = agenda.peek(); next !== undefined && next <= w.endMs; next = agenda.peek()) {
    const task = agenda.pop()!;
    setTime(w, task.at);
    await task.run();
    const index = dayIndex.get(dayOf(w, task.at)) ?? shown;
    if (index !== shown || w.stats.orders % 200 === 0) {
      shown = index;
      w.progress.update(
        index + 1,
        `day ${index + 1}/${days.length} · ${w.stats.orders.toLocaleString('en')} orders · ${w.stats.lines.toLocaleString('en')} lines`,
      );
    }
  }
  w.progress.update(days.length);
  w.progress.end();
  await finishingTouches(w);
}

function planDay(sim: Sim, day: string, index: number, weights: number[]): Promise<void> {
  const { w, agenda } = sim;
  const at = (hours: number, run: () => Promise<void>) => {
    const time = localTime(day, hours, w.timeZone);
    if (time <= w.endMs && time >= w.startMs) agenda.at(time, run);
  };
  const dow = weekday(day);

  // Orders: pace the rest of the target over the rest of the days.
  const remaining = Math.max(0, w.size.targetLines - w.stats.lines);
  const remainingWeight = weights.slice(index).reduce((a, b) => a + b, 0);
  const b2b = Object.entries(w.size.b2bLines);
  const prior =
    w.size.shopShare * 1.75 +
    ((1 - w.size.shopShare) * b2b.reduce((s, [k, n]) => s + Number(k) * n, 0)) / b2b.reduce((s, [, n]) => s + n, 0);
  const linesPerOrder = w.stats.orders > 200 ? w.stats.lines / w.stats.orders : prior;
  const expected = remainingWeight > 0 ? (remaining * weights[index]!) / remainingWeight / linesPerOrder : 0;
  const count = Math.round(expected * w.random.between(0.85, 1.15));
  for (let i = 0; i < count; i++) {
    const shop = w.random.chance(dow === 0 ? 0.9 : w.size.shopShare);
    // Mornings are busier: two uniform draws, keep the earlier one half of the time.
    const a = w.random.next();
    const b = w.random.next();
    const share = w.random.chance(0.5) ? Math.min(a, b) : a;
    if (shop) at(9 + share * 11, () => shopSale(sim));
    else at(8 + share * 10, () => b2bOrder(sim));
  }

  if (index > 0 && [1, 3, 5].includes(dow)) at(8.5, () => restock(w));
  if ([2, 5].includes(dow)) at(7.75, () => replenishShop(w));
  if (dow === 4) at(7.5, () => emptyBackRoom(w));
  if (dow === 1) at(9.25, () => acknowledgeAlerts(w));
  if (index > 0 && dow === 1 && Number(day.slice(8)) <= 7) at(7.25, () => cycleCount(w, w.size.countPerMonth));
  const adjustments = Math.floor(w.size.adjustmentsPerDay) + (w.random.chance(w.size.adjustmentsPerDay % 1) ? 1 : 0);
  if (adjustments) at(w.random.between(10, 18), () => adjustSome(w, adjustments));
  if (index === Math.floor(weights.length * 0.6) && w.products.length >= 50) at(10, () => archiveSome(w));
  return Promise.resolve();
}

/** The notebook of debts comes along: opening balances, some long overdue already. */
async function openingBalances(w: World): Promise<void> {
  const today = dayOf(w, w.ctx.now().getTime());
  const candidates = w.customers.filter((c) => c.business || c.creditLimitCents > 0);
  const count = Math.max(2, Math.round(w.customers.length * 0.08));
  for (const customer of w.random.shuffle([...candidates]).slice(0, count)) {
    const body = manualDebtBody.parse({
      customerId: customer.id,
      amountCents: w.random.int(50, 900) * 100,
      dueDate: addDays(today, -w.random.int(0, 100)),
      note: w.random.pick(['Saldo inicial del cuaderno de fiados', 'Opening balance carried over from the old ledger']),
    });
    await createManualDebt(w.ctx, w.actors.admin, body, DEMO_META);
    tick(w, 30_000, 120_000);
  }
}

/** Two slow sellers leave the catalog: archived, never deleted. */
async function archiveSome(w: World): Promise<void> {
  for (const p of w.products.slice(-2)) {
    await archiveProduct(w.ctx, w.actors.admin, p.id, undefined, DEMO_META);
    p.archived = true;
    tick(w);
  }
}

/**
 * What the last half hour holds after the history: the alerts the screens need (demo/cases.ts),
 * and the snapshot of the day the history ends in.
 */
async function finishingTouches(w: World): Promise<void> {
  setTime(w, w.endMs);
  await lowStockToSee(w);
  await snapshot(w);
}

async function snapshot(w: World): Promise<void> {
  const taken = await takeValueSnapshot(w.ctx, { actor: null, meta: null });
  if (taken.created) w.stats.snapshots++;
}
