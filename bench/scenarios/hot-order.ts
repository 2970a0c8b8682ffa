import type { Instance } from 'autocannon';
import { measure } from '../lib/http-load';
import { stockInvariants, stockIsConsistent } from '../../apps/api/src/tools/bulk/invariants';
import { call, pickFrom, type Bench, type Outcome } from './bench';
import { ORDER_CONNECTIONS, randomOrder } from './order';
import { TARGETS } from './targets';

const HOT = 5;
/** Refusals in a row that mean the hot products are sold out (every order needs 3 of the 5). */
const SOLD_OUT_AFTER = 4 * ORDER_CONNECTIONS;

/**
 * Contention: every order takes one unit of 3 of the same 5 products (received through the
 * API), until they run out. Then the books must balance: no level reserves more than it holds,
 * reserved = the lines of the open orders, on-hand = the ledger, and the units reserved = the
 * units of the orders the API accepted. Any difference is a hard failure.
 */
export async function hotOrder(b: Bench): Promise<Outcome> {
  const { rnd, sizes } = b;
  const tag = Date.now().toString(36).toUpperCase();
  const hot: number[] = [];
  for (let i = 0; i < HOT; i++) {
    const p = await call<{ id: number }>(
      b,
      'POST',
      '/api/v1/products',
      b.admin,
      { sku: `HOT-${tag}-${i + 1}`, name: `Hot product ${i + 1}`, priceCents: 1_000, costCents: 600 },
      201,
    );
    hot.push(p.id);
  }
  await call(
    b,
    'POST',
    '/api/v1/stock/receipts',
    b.admin,
    {
      reference: `HOT-${tag}`,
      lines: hot.map((productId) => ({ productId, quantity: sizes.hotStock, unitCostCents: 600 })),
    },
    201,
  );

  let accepted = 0;
  let soldOut = false;
  let refusedInARow = 0;
  let lastAcceptedAt = 0;
  let started = 0;
  let instance: Instance | undefined;
  const r = await measure(
    {
      url: b.api.url,
      connections: ORDER_CONNECTIONS,
      duration: sizes.hotMaxS,
      excludeErrorStats: true,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/orders',
          setupRequest: (request) => ({
            ...request,
            headers: {
              authorization: `Bearer ${pickFrom(rnd, b.customers).token}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify(randomOrder(rnd, hot, 3, () => 1)),
          }),
        },
      ],
    },
    {
      watch: b.api.pid,
      onStart: (i) => {
        instance = i;
        started = performance.now();
        i.on('response', (_client: unknown, status: number) => {
          if (status === 201) {
            accepted++;
            refusedInARow = 0;
            lastAcceptedAt = performance.now();
          } else if (++refusedInARow >= SOLD_OUT_AFTER && !soldOut) {
            soldOut = true;
            instance?.stop();
          }
        });
      },
    },
  );
  const soldOutS = ((lastAcceptedAt || performance.now()) - started) / 1000;
  const perS = Math.round((accepted / soldOutS) * 10) / 10;

  const check = await stockInvariants(b.scratch.db, hot);
  const levels = await b.scratch.db
    .selectFrom('stock_levels')
    .select(['product_id', 'on_hand', 'reserved'])
    .where('product_id', 'in', hot)
    .execute();
  const reservedUnits = levels.reduce((sum, l) => sum + l.reserved, 0);
  const unexpected = Object.entries(r.statuses).filter(([code]) => code !== '201' && code !== '409');
  const failures: string[] = [];
  if (!stockIsConsistent(check)) failures.push(`hot order: OVERSELL or ledger mismatch ${JSON.stringify(check)}`);
  const placed = await b.scratch.db
    .selectFrom('order_lines')
    .select((eb) => eb.fn.count<number>('order_id').distinct().as('n'))
    .where('product_id', 'in', hot)
    .executeTakeFirstOrThrow();
  const orders = Number(placed.n);
  if (reservedUnits !== orders * 3)
    failures.push(`hot order: ${orders} orders hold ${reservedUnits} units, not ${orders * 3}`);
  // Sold out, every answer was in; stopped by the time limit, orders still in flight may have gone through.
  if (soldOut ? orders !== accepted : orders < accepted || orders > accepted + ORDER_CONNECTIONS)
    failures.push(`hot order: the API accepted ${accepted} orders, the database has ${orders}`);
  if (levels.some((l) => l.on_hand !== sizes.hotStock))
    failures.push(`hot order: on-hand changed ${JSON.stringify(levels)}`);
  if (r.errors || unexpected.length)
    failures.push(`hot order: ${r.errors} errors, statuses ${JSON.stringify(r.statuses)}`);
  const target = TARGETS[b.kind].hotPerS;
  const available = levels.map((l) => l.on_hand - l.reserved);
  return {
    rows: [
      {
        scenario: 'hot order (5 products, until sold out)',
        throughput: perS,
        unit: 'orders/s',
        p50: r.p50,
        p99: r.p99,
        errors: r.errors,
        non2xx: r.statuses['409'] ?? 0,
        rssMb: r.server?.peakMb ?? null,
        cpuMs: r.server?.cpuMsPerResponse ?? null,
        target: `≥ ${target} orders/s, no deadlock, no oversell`,
        met: perS >= target && failures.length === 0,
        note: `${accepted} accepted in ${soldOutS.toFixed(1)} s; left ${available.join('/')}; books ${failures.length ? 'WRONG' : 'balance'}`,
      },
    ],
    failures,
    details: { accepted, soldOut, soldOutS, statuses: r.statuses, check, available, stockPerProduct: sizes.hotStock },
  };
}
