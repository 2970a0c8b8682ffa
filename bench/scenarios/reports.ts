import { measure } from '../lib/http-load';
import type { Bench, Outcome, Row } from './bench';
import { TARGETS } from './targets';

/** The admin's dashboard and the receivables aging report over the full history, one request at a time. */
export async function reports(b: Bench): Promise<Outcome> {
  const rows: Row[] = [];
  const failures: string[] = [];
  const target = TARGETS[b.kind].reportP50;
  for (const [scenario, path] of [
    ['dashboard (admin)', '/api/v1/reports/dashboard'],
    ['receivables aging', '/api/v1/reports/receivables-aging'],
  ] as const) {
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
      scenario,
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
  return { rows, failures };
}
