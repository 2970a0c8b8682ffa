import { encodeCursor } from '../../apps/api/src/platform/pagination';
import { nameFragment } from '../../apps/api/src/tools/bulk/catalog';
import { measure } from '../lib/http-load';
import { pickFrom, type Bench, type Outcome, type Row } from './bench';
import { TARGETS } from './targets';

const CONNECTIONS = 50;
/** Distinct requests per scenario: popular pages and searches, which the server keeps (decision 0011). */
const VARIANTS = 200;
/** For the rows where (nearly) every request is new: far more than the 500 pages kept. */
const FRESH_VARIANTS = 50_000;

/** The first catalog page as a customer sees it: the bytes the ceiling scenario answers with. */
export async function catalogPage(b: Bench): Promise<{ body: Buffer; contentType: string }> {
  const res = await fetch(`${b.api.url}/api/v1/products?limit=50`, {
    headers: { authorization: `Bearer ${b.customers[0]!.token}` },
  });
  if (res.status !== 200) throw new Error(`GET /products: ${res.status}`);
  return {
    body: Buffer.from(await res.arrayBuffer()),
    contentType: res.headers.get('content-type') ?? 'application/json',
  };
}

/**
 * Customers (rotating tokens) list 50 products: the first page, deep pages (cursors to random
 * places in the second half of the catalog), a search by a fragment of a name, and by SKU.
 */
export async function catalog(b: Bench): Promise<Outcome> {
  const { rnd, sizes } = b;
  const entries = b.business.catalog;
  const half = Math.floor(entries.length / 2);
  const paths: [string, string[]][] = [
    ['catalog page 1', ['/api/v1/products?limit=50']],
    [
      'catalog deep page (cursor)',
      Array.from(
        { length: VARIANTS },
        () => `/api/v1/products?limit=50&cursor=${encodeCursor(half + rnd.int(0, half - 100))}`,
      ),
    ],
    [
      'search name fragment',
      Array.from(
        { length: VARIANTS },
        () => `/api/v1/products?limit=50&q=${encodeURIComponent(nameFragment(entries, rnd))}`,
      ),
    ],
    [
      'search SKU',
      Array.from(
        { length: VARIANTS },
        () => `/api/v1/products?limit=50&q=${encodeURIComponent(pickFrom(rnd, entries).sku)}`,
      ),
    ],
    [
      'search name fragment, each new',
      Array.from(
        { length: FRESH_VARIANTS },
        () => `/api/v1/products?limit=50&q=${encodeURIComponent(nameFragment(entries, rnd))}`,
      ),
    ],
    [
      'catalog deep page, each new',
      Array.from(
        { length: FRESH_VARIANTS },
        () => `/api/v1/products?limit=50&cursor=${encodeCursor(half + rnd.int(0, half - 100))}`,
      ),
    ],
  ];
  b.shared.catalogPage = await catalogPage(b);

  const rows: Row[] = [];
  const failures: string[] = [];
  for (const [scenario, list] of paths) {
    const target = scenario.startsWith('search') ? TARGETS[b.kind].search : TARGETS[b.kind].catalog;
    const tokens = b.customers.map((c) => `Bearer ${c.token}`);
    const r = await measure(
      {
        url: b.api.url,
        connections: CONNECTIONS,
        duration: sizes.durationS,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => ({
              ...request,
              path: pickFrom(rnd, list),
              headers: { authorization: pickFrom(rnd, tokens) },
            }),
          },
        ],
      },
      { warmupS: sizes.warmupS, watch: b.api.pid },
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
      target: `≥ ${target.perS} req/s, p99 ≤ ${target.p99} ms`,
      met: r.okPerS >= target.perS && r.p99 <= target.p99 && !r.errors && !r.non2xx,
      note: `${CONNECTIONS} connections, ${list.length.toLocaleString('en')} distinct requests`,
    });
    if (r.errors || r.non2xx) failures.push(`${scenario}: ${r.errors} errors, statuses ${JSON.stringify(r.statuses)}`);
  }
  return { rows, failures };
}
