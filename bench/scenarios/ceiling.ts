import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from '../lib/http-load';
import { startCeiling } from '../lib/processes';
import type { Bench, Outcome } from './bench';
import { catalogPage } from './catalog';

/** The machine's HTTP limit: a bare Fastify route answering the catalog page's bytes, same connections and duration. */
export async function ceiling(b: Bench): Promise<Outcome> {
  const page = (b.shared.catalogPage ??= await catalogPage(b));
  const file = join(b.scratch.dir, 'catalog-page.json');
  writeFileSync(file, page.body);
  const server = await startCeiling(file, page.contentType);
  try {
    const r = await measure(
      { url: `${server.url}/`, connections: 50, duration: b.sizes.durationS, method: 'GET' },
      { warmupS: b.sizes.warmupS, watch: server.pid },
    );
    return {
      rows: [
        {
          scenario: 'ceiling (bare Fastify, same bytes)',
          throughput: r.okPerS,
          unit: 'req/s',
          p50: r.p50,
          p99: r.p99,
          errors: r.errors,
          non2xx: r.non2xx,
          rssMb: r.server?.peakMb ?? null,
          cpuMs: r.server?.cpuMsPerResponse ?? null,
          target: '—',
          met: null,
          note: `50 connections, ${page.body.length} bytes`,
        },
      ],
      failures: r.errors || r.non2xx ? [`ceiling: ${r.errors} errors, statuses ${JSON.stringify(r.statuses)}`] : [],
    };
  } finally {
    await server.stop();
  }
}
