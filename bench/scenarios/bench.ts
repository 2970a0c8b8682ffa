import type { Business } from '../../apps/api/src/tools/bulk/business';
import type { Kind, Scratch } from '../lib/load';
import type { ServerProcess } from '../lib/processes';
import type { Random } from '../../apps/api/src/tools/random';

export type Sizes = {
  products: number;
  customers: number;
  lines: number;
  /** Customers signed in for the catalog and order scenarios. */
  signedIn: number;
  /** Seconds of each measured HTTP run, and of its warm-up. */
  durationS: number;
  warmupS: number;
  /** Units of each of the 5 hot products; the hot scenario ends when they are sold out (or after hotMaxS). */
  hotStock: number;
  hotMaxS: number;
  reportsDurationS: number;
  sockets: number;
  changes: number;
  /** Stock changes a second during fan-out. */
  changeRate: number;
};

export const FULL: Sizes = {
  products: 100_000,
  customers: 10_000,
  lines: 1_000_000,
  signedIn: 300,
  durationS: 10,
  warmupS: 2,
  hotStock: 3_000,
  hotMaxS: 90,
  reportsDurationS: 10,
  sockets: 1_000,
  changes: 200,
  changeRate: 20,
};

export const QUICK: Sizes = {
  products: 5_000,
  customers: 500,
  lines: 20_000,
  signedIn: 100,
  durationS: 2,
  warmupS: 0.5,
  hotStock: 150,
  hotMaxS: 15,
  reportsDurationS: 2,
  sockets: 100,
  changes: 20,
  changeRate: 20,
};

export type SignedIn = { token: string; userId: number; customerId: number };

/** What every scenario gets: the database, the server, who is signed in, and what the others measured. */
export type Bench = {
  kind: Kind;
  sizes: Sizes;
  scratch: Scratch;
  business: Business;
  api: ServerProcess;
  admin: string;
  staff: string[];
  customers: SignedIn[];
  /** Products with at least 50 units available after the load: what the order scenarios buy. */
  stocked: number[];
  rnd: Random;
  password: string;
  shared: {
    catalogPage?: { body: Buffer; contentType: string };
    orderPerS?: number;
    rawPerS?: number;
  };
};

/** One line of the results table. */
export type Row = {
  scenario: string;
  throughput: number | null;
  unit: string;
  p50: number | null;
  p99: number | null;
  errors: number;
  non2xx: number;
  rssMb: number | null;
  /** CPU time of the server process per response (raw: of this process per order). */
  cpuMs: number | null;
  target: string;
  met: boolean | null;
  note?: string;
};

export type Outcome = { rows: Row[]; failures: string[]; details?: Record<string, unknown> };

export const pickFrom = <T>(rnd: Random, list: readonly T[]) => list[Math.floor(rnd.next() * list.length)]!;

/** A JSON request to the API; throws unless the status is the expected one. */
export async function call<T>(
  b: Pick<Bench, 'api'>,
  method: string,
  path: string,
  token: string | null,
  body: unknown,
  expected: number,
): Promise<T> {
  const res = await fetch(b.api.url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
