import type { PlaceOrderBody } from '@bodega/contract';
import { measure } from '../lib/http-load';
import type { Random } from '../../apps/api/src/tools/random';
import { pickFrom, type Bench, type Outcome } from './bench';
import { TARGETS } from './targets';

export const ORDER_CONNECTIONS = 64;

/** A customer's order on credit: `lines` distinct products from `pool`, each `quantity()` units. */
export function randomOrder(
  rnd: Random,
  pool: readonly number[],
  lines: number,
  quantity: () => number,
): PlaceOrderBody {
  const chosen = new Set<number>();
  while (chosen.size < lines) chosen.add(pickFrom(rnd, pool));
  return { lines: [...chosen].map((productId) => ({ productId, quantity: quantity() })), paymentTerms: 'credit' };
}

/** Signed-in customers (random tokens) place 3-line orders over random stocked products, 64 connections. */
export async function order(b: Bench): Promise<Outcome> {
  const { rnd, sizes } = b;
  const target = TARGETS[b.kind];
  const r = await measure(
    {
      url: b.api.url,
      connections: ORDER_CONNECTIONS,
      duration: sizes.durationS * 2,
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
            body: JSON.stringify(randomOrder(rnd, b.stocked, 3, () => rnd.int(1, 3))),
          }),
        },
      ],
    },
    { warmupS: sizes.warmupS, watch: b.api.pid },
  );
  b.shared.orderPerS = r.okPerS;
  const rssOk = r.server ? r.server.peakMb <= target.rssMb : null;
  return {
    rows: [
      {
        scenario: 'order (3 lines, random products)',
        throughput: r.okPerS,
        unit: 'orders/s',
        p50: r.p50,
        p99: r.p99,
        errors: r.errors,
        non2xx: r.non2xx,
        rssMb: r.server?.peakMb ?? null,
        cpuMs: r.server?.cpuMsPerResponse ?? null,
        target: `≥ ${target.order.perS} orders/s, p99 ≤ ${target.order.p99} ms, RSS ≤ ${target.rssMb} MB`,
        met: r.okPerS >= target.order.perS && r.p99 <= target.order.p99 && rssOk !== false && !r.errors && !r.non2xx,
        note: `${ORDER_CONNECTIONS} connections, ${b.customers.length} customers`,
      },
    ],
    failures: r.errors || r.non2xx ? [`order: ${r.errors} errors, statuses ${JSON.stringify(r.statuses)}`] : [],
    details: { statuses: r.statuses, server: r.server },
  };
}
