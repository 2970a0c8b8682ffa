import { randomUUID } from 'node:crypto';
import { buildApp } from '../../apps/api/src/app';
import { loadConfig } from '../../apps/api/src/config';
import { placeOrder } from '../../apps/api/src/modules/orders/place-order';
import type { Actor } from '../../apps/api/src/platform/context';
import { watchProcess } from '../lib/http-load';
import { JWT_SECRET } from '../lib/processes';
import { pickFrom, type Bench, type Outcome } from './bench';
import { ORDER_CONNECTIONS, randomOrder } from './order';
import { TARGETS } from './targets';

/**
 * The same use-case without HTTP: `placeOrder` called in this process (an app built by
 * `buildApp` on the same database, same pool size), 64 calls in flight, for as long as the
 * order scenario ran. What is left out: HTTP parsing, the body schema, the access token and
 * the session lookup of the guard, the rate limiter, serialising the response. The API
 * server stays up but idle.
 */
export async function raw(b: Bench): Promise<Outcome> {
  const { rnd, sizes } = b;
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: b.scratch.url,
    DATA_DIR: b.scratch.dir,
    JWT_SECRET,
    LOG_LEVEL: 'silent',
  });
  const { app, ctx } = await buildApp(config, { logger: false });
  const actors: Actor[] = b.customers.map((c) => ({
    userId: c.userId,
    role: 'customer',
    customerId: c.customerId,
    sessionId: 0,
  }));
  const meta = { requestId: randomUUID(), ip: '127.0.0.1', userAgent: 'bench' };
  const one = () =>
    placeOrder(
      ctx,
      pickFrom(rnd, actors),
      randomOrder(rnd, b.stocked, 3, () => rnd.int(1, 3)),
      undefined,
      meta,
    );

  const run = async (seconds: number) => {
    const latencies: number[] = [];
    let failed = 0;
    let firstError: unknown;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: ORDER_CONNECTIONS }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          try {
            await one();
            latencies.push(performance.now() - t);
          } catch (err) {
            failed++;
            firstError ??= err;
          }
        }
      }),
    );
    return { latencies, failed, firstError, seconds: (performance.now() - started) / 1000 };
  };

  try {
    await run(sizes.warmupS);
    const watcher = watchProcess(process.pid);
    const r = await run(sizes.durationS * 2);
    const use = watcher.stop();
    const sorted = r.latencies.sort((x, y) => x - y);
    const pct = (p: number) =>
      Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN) * 10) / 10;
    const perS = Math.round((sorted.length / r.seconds) * 10) / 10;
    b.shared.rawPerS = perS;
    const ratio = b.shared.orderPerS === undefined ? null : Math.round((b.shared.orderPerS / perS) * 100) / 100;
    const target = TARGETS[b.kind].ratio;
    return {
      rows: [
        {
          scenario: 'raw placeOrder (in-process, no HTTP)',
          throughput: perS,
          unit: 'orders/s',
          p50: pct(0.5),
          p99: pct(0.99),
          errors: r.failed,
          non2xx: 0,
          rssMb: use?.peakMb ?? null,
          cpuMs: use ? Math.round((use.cpuS * 1e5) / Math.max(1, sorted.length)) / 100 : null,
          target: `order/raw ≥ ${target}`,
          met: ratio === null ? null : ratio >= target,
          note: `${ORDER_CONNECTIONS} in flight; order/raw = ${ratio ?? 'n/a'}; RSS is the bench process`,
        },
      ],
      failures: r.failed ? [`raw: ${r.failed} failed, first: ${String(r.firstError)}`] : [],
      details: { ratio },
    };
  } finally {
    await app.close();
  }
}
