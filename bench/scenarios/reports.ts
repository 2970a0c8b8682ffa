import { performance } from 'node:perf_hooks';
import { measure, watchProcess } from '../lib/http-load';
import { call, type Bench, type Outcome, type Row } from './bench';
import { TARGETS } from './targets';

const REPORTS = [
  ['dashboard (admin)', '/api/v1/reports/dashboard'],
  ['receivables aging', '/api/v1/reports/receivables-aging'],
] as const;

/**
 * The admin's dashboard and the receivables aging report over the full history, one request at
 * a time, twice: as people opening them between two changes see them (answers served again
 * while the database is unchanged, decision 0011), and right after a change (a stock
 * adjustment before every request, not timed), when the figures are computed afresh.
 */
export async function reports(b: Bench): Promise<Outcome> {
  const rows: Row[] = [];
  const failures: string[] = [];
  const target = TARGETS[b.kind].reportP50;
  for (const [scenario, path] of REPORTS) {
    const r = await measure(
      {
        url: b.api.url + path,
        connections: 1,
        duration: b.sizes.reportsDurationS,
        method: 'GET',
        headers: { authorization: `Bearer ${b.admin}` },
      },
      { warmupS: b.sizes.warmupS, watch: b.api.pid },
    );
    rows.push({
      scenario: `${scenario}, unchanged data`,
      throughput: r.okPerS,
      unit: 'req/s',
      p50: r.p50,
      p99: r.p99,
      errors: r.errors,
      non2xx: r.non2xx,
      rssMb: r.server?.peakMb ?? null,
      cpuMs: r.server?.cpuMsPerResponse ?? null,
      target: `p50 ≤ ${target} ms`,
      met: r.p50 <= target && !r.errors && !r.non2xx,
      note: '1 connection',
    });
    if (r.errors || r.non2xx) failures.push(`${scenario}: ${r.errors} errors, statuses ${JSON.stringify(r.statuses)}`);
  }
  for (const [scenario, path] of REPORTS) rows.push(await afterChange(b, scenario, path, target));
  return { rows, failures };
}

/** Each request follows a stock adjustment; only the report is timed. */
async function afterChange(b: Bench, scenario: string, path: string, target: number): Promise<Row> {
  const productId = b.stocked[0]!;
  const adjust = () =>
    call(b, 'POST', '/api/v1/stock/adjustments', b.admin, { productId, quantity: 1, reason: 'found' }, 201);
  const get = async () => {
    const res = await fetch(b.api.url + path, { headers: { authorization: `Bearer ${b.admin}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  };
  await adjust();
  await get(); // warm-up
  const watcher = watchProcess(b.api.pid);
  const times: number[] = [];
  const until = performance.now() + b.sizes.reportsDurationS * 1000;
  while (performance.now() < until || times.length < 3) {
    await adjust();
    const started = performance.now();
    await get();
    times.push(performance.now() - started);
  }
  const use = watcher.stop();
  times.sort((x, y) => x - y);
  const q = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 10) / 10;
  return {
    scenario: `${scenario}, after a change`,
    throughput: Math.round((times.length / (b.sizes.reportsDurationS || 1)) * 10) / 10,
    unit: 'req/s',
    p50: q(0.5),
    p99: q(0.99),
    errors: 0,
    non2xx: 0,
    rssMb: use?.peakMb ?? null,
    // Server CPU over the run covers the adjustments too; per report it is an upper bound.
    cpuMs: use ? Math.round((use.cpuS * 1000) / times.length) : null,
    target: `p50 ≤ ${target} ms`,
    met: q(0.5) <= target,
    note: `${times.length} requests, each after a stock adjustment`,
  };
}
