import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockForUpdate } from '../db/database';
import { createTestApp, TEST_DB, type TestApp } from '../test/harness';
import { inTransaction } from './transaction';

let t: TestApp;
const ids: number[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.adminToken();
  for (const name of ['Ana', 'Beto']) {
    const res = await t.request({ method: 'POST', url: '/api/v1/customers', token: admin, payload: { name } });
    ids.push(res.json<{ id: number }>().id);
  }
});
afterAll(() => t?.close());

describe('inTransaction', () => {
  // SQLite runs one write transaction at a time, so only PostgreSQL can deadlock.
  it.runIf(TEST_DB === 'postgres')(
    'runs again the victim of a deadlock: both transactions end committed, their events published once',
    async () => {
      const [a, b] = ids as [number, number];
      let arrived = 0;
      let bothIn!: () => void;
      const barrier = new Promise<void>((resolve) => (bothIn = resolve));
      const runs: string[] = [];
      const published: string[] = [];
      const off = t.ctx.events.subscribe((event) => {
        if (event.name === 'payment.recorded') published.push(String(event.payload.customerId));
      });
      // Each locks one customer, waits until the other holds its own, then asks for the other's.
      const crossing = (first: number, second: number) =>
        inTransaction(t.ctx, async ({ trx, emit }) => {
          runs.push(`${first}`);
          const lock = (id: number) =>
            lockForUpdate(trx, trx.selectFrom('customers').select('id').where('id', '=', id)).execute();
          await lock(first);
          if (++arrived === 2) bothIn();
          await barrier;
          await lock(second);
          const payload = { id: 0, customerId: first, amountCents: 1, orderIds: [], balanceCents: 0 };
          emit({ name: 'payment.recorded', payload } as const);
          return first;
        });
      try {
        expect((await Promise.all([crossing(a, b), crossing(b, a)])).sort()).toEqual([a, b].sort());
        expect(runs).toHaveLength(3); // one of them ran twice
        expect(published.sort()).toEqual([String(a), String(b)].sort());
      } finally {
        off();
      }
    },
  );

  it('does not run again what failed for any other reason', async () => {
    let runs = 0;
    await expect(
      inTransaction(t.ctx, async () => {
        runs++;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      }),
    ).rejects.toThrow('unique violation');
    expect(runs).toBe(1);
  });
});
