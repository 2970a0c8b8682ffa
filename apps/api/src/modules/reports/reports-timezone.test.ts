import type { Dashboard, MovementsSummary, Order, SalesReport } from '@bodega/contract';
import { addDays } from '@bodega/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness';
import { rebuildSalesSummary } from './rebuild-sales-summary';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('reports in the installation time zone', () => {
  it('puts an order confirmed at 03:00 UTC on the previous local day in Mexico City', async () => {
    let admin = await t.adminToken();
    const wm = await t.createStaff('warehouse_manager');
    const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
      t.request({ method, url: `/api/v1${url}`, token, ...(payload ? { payload } : {}) });
    expect((await api('PATCH', '/settings', admin, { timeZone: 'America/Mexico_City' })).statusCode).toBe(200);
    const productId = await t.insertProduct({ priceCents: 1500 });
    await api('POST', '/stock/receipts', wm.token, { lines: [{ productId, quantity: 10, unitCostCents: 700 }] });
    const customerId = (
      await api('POST', '/customers', admin, { name: 'Abarrotes Coyoacán', creditLimitCents: 1_000_000 })
    ).json<{ id: number }>().id;
    const order = (
      await api('POST', '/orders', admin, { customerId, paymentTerms: 'credit', lines: [{ productId, quantity: 2 }] })
    ).json<Order>();

    // Move the clock to the next 03:00:30 UTC (21:00:30 the evening before in Mexico City, UTC−6).
    const target = new Date(t.ctx.now());
    target.setUTCHours(3, 0, 30, 0);
    if (target.getTime() <= t.ctx.now().getTime()) target.setUTCDate(target.getUTCDate() + 1);
    t.advance(target.getTime() - t.ctx.now().getTime());
    admin = (await t.login(ADMIN.email, ADMIN.password)).accessToken;
    const warehouse = (await t.login(wm.email, wm.password)).accessToken;
    const utcDay = t.ctx.now().toISOString().slice(0, 10);
    const localDay = addDays(utcDay, -1);

    for (const [token, to] of [
      [admin, 'confirmed'],
      [warehouse, 'processing'],
      [warehouse, 'shipped'],
    ] as const) {
      expect((await api('POST', `/orders/${order.id}/transitions`, token, { to })).statusCode).toBe(200);
    }
    const row = await t.ctx.db
      .selectFrom('orders')
      .select('confirmed_day')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(row.confirmed_day).toBe(localDay);

    const salesOn = async (day: string) =>
      (await api('GET', `/reports/sales?from=${day}&to=${day}`, admin)).json<SalesReport>();
    expect((await salesOn(localDay)).totals).toMatchObject({ orders: 1, units: 2, revenueCents: 3000 });
    expect((await salesOn(utcDay)).totals.orders).toBe(0);
    expect((await salesOn(localDay)).timeZone).toBe('America/Mexico_City');

    const movementsOn = async (day: string) =>
      (await api('GET', `/reports/movements-summary?from=${day}&to=${day}`, admin)).json<MovementsSummary>();
    expect((await movementsOn(localDay)).items.find((i) => i.type === 'sale')).toMatchObject({ unitsOut: 2 });
    expect((await movementsOn(utcDay)).totals.movements).toBe(0);

    const board = (await api('GET', '/reports/dashboard', admin)).json<Dashboard>();
    expect(board).toMatchObject({ today: localDay, timeZone: 'America/Mexico_City' });
    expect(board.sales!.today).toMatchObject({ from: localDay, orders: 1, revenueCents: 3000 });

    // Changing the time zone re-buckets the history in the same request.
    expect((await api('PATCH', '/settings', admin, { timeZone: 'UTC' })).statusCode).toBe(200);
    expect((await salesOn(localDay)).totals.orders).toBe(0);
    expect((await salesOn(utcDay)).totals).toMatchObject({ orders: 1, units: 2, revenueCents: 3000 });
    // A rebuild from scratch agrees.
    await rebuildSalesSummary(t.ctx.db);
    expect((await salesOn(localDay)).totals.orders).toBe(0);
    expect((await salesOn(utcDay)).totals).toMatchObject({ orders: 1, units: 2, revenueCents: 3000 });
  });
});
