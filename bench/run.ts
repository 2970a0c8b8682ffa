/**
 * `npm run bench`: Bodega against its own ceiling, on SQLite and PostgreSQL (issue 9).
 *
 *   npm run bench -- [--db sqlite|postgres|both] [--quick] [--scenario <name>[,<name>…]] [--profile] [--keep]
 *
 * For each database: a fresh database of benchmark size from the bulk loader (bench/lib), the
 * API started as its own process (apps/api/src/server.ts, NODE_ENV=production), driven with
 * autocannon from this process over loopback; then a table, and bench/results/<date>-<db>.json.
 * Scenarios: ceiling, catalog, order, hot-order, raw, reports, fan-out (docs/performance.md).
 * `--quick` is a one-minute smoke run (small data, short runs) for CI. `--profile` runs the
 * server under `node --cpu-prof` and prints its top frames. PostgreSQL: BENCH_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test); a fresh database is created and dropped.
 *
 * The exit code is 1 on an error, a crash, a non-2xx answer where none is expected, or any
 * oversell / ledger mismatch; never on a missed target (the machines are noisy).
 */
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hashPassword } from '../apps/api/src/platform/auth/passwords';
import {
  business,
  CUSTOMER_EMAIL,
  CUSTOMER_USER_BASE,
  STAFF_EMAIL,
  type Business,
} from '../apps/api/src/tools/bulk/business';
import { stockInvariants, stockIsConsistent } from '../apps/api/src/tools/bulk/invariants';
import { loadBusiness } from '../apps/api/src/tools/bulk/load';
import { scratchDatabase, type Kind } from './lib/load';
import { monotonicUs, newestProfile, summariseWindows, type ProfileSummary } from './lib/profile';
import { ROOT, startApi } from './lib/processes';
import { seededRandom } from '../apps/api/src/tools/random';
import { machine, table, writeResults } from './lib/report';
import { call, FULL, QUICK, type Bench, type Outcome, type Row, type SignedIn, type Sizes } from './scenarios/bench';
import { catalog } from './scenarios/catalog';
import { ceiling } from './scenarios/ceiling';
import { fanOut } from './scenarios/fan-out';
import { hotOrder } from './scenarios/hot-order';
import { order } from './scenarios/order';
import { raw } from './scenarios/raw';
import { reports } from './scenarios/reports';

/** In the order they run: the ceiling answers with the catalog's bytes; raw is compared with order. */
const SCENARIOS: Record<string, (b: Bench) => Promise<Outcome>> = {
  catalog,
  ceiling,
  order,
  raw,
  'hot-order': hotOrder,
  reports,
  'fan-out': fanOut,
};
/** In the order the table shows them. */
const SHOWN = ['ceiling', 'catalog', 'order', 'hot-order', 'raw', 'reports', 'fan-out'];
const PASSWORD = 'bench-password-1';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    quick: { type: 'boolean', default: false },
    scenario: { type: 'string', multiple: true },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const kinds: Kind[] =
  args.db === 'both' ? ['sqlite', 'postgres'] : args.db === 'sqlite' || args.db === 'postgres' ? [args.db] : [];
const selected = (args.scenario ?? []).flatMap((s) => s.split(',')).filter(Boolean);
const unknown = selected.filter((s) => !(s in SCENARIOS));
if (!kinds.length || unknown.length) {
  console.error(
    `Usage: npm run bench -- [--db sqlite|postgres|both] [--quick] [--scenario ${Object.keys(SCENARIOS).join('|')}] [--profile] [--keep]`,
  );
  process.exit(2);
}
const sizes: Sizes = args.quick ? QUICK : FULL;
const runOrder = Object.keys(SCENARIOS).filter((s) => !selected.length || selected.includes(s));

const startedAt = performance.now();
const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(0)} s`;
const log = (message: string) => console.log(`[${elapsed()}] ${message}`);

async function signIn(b: Pick<Bench, 'api'>, email: string): Promise<string> {
  const r = await call<{ accessToken: string }>(
    b,
    'POST',
    '/api/v1/auth/login',
    null,
    { email, password: PASSWORD },
    200,
  );
  return r.accessToken;
}

/** Signs in in parallel, a few at a time (each is an Argon2 check on the server). */
async function signInAll<T>(items: T[], fn: (item: T) => Promise<string>): Promise<string[]> {
  const tokens: string[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) {
        const i = next++;
        tokens[i] = await fn(items[i]!);
      }
    }),
  );
  return tokens;
}

async function runDatabase(kind: Kind, data: Business) {
  const failures: string[] = [];
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  log(
    `${kind}: loading ${sizes.products.toLocaleString('en')} products, ${sizes.customers.toLocaleString('en')} customers, ${sizes.lines.toLocaleString('en')} order lines`,
  );
  const scratch = await scratchDatabase(kind, { keep: args.keep });
  let profile: Record<string, ProfileSummary> | undefined;
  const windows: Record<string, [number, number]> = {};
  let load: Awaited<ReturnType<typeof loadBusiness>> | undefined;
  let version = '';
  try {
    load = await loadBusiness(scratch, data);
    version = (
      await sql<{ v: string }>`select ${sql.raw(kind === 'postgres' ? 'version()' : 'sqlite_version()')} as v`.execute(
        scratch.db,
      )
    ).rows[0]!.v.split(' on ')[0]!;
    const loaded = await stockInvariants(scratch.db);
    if (!stockIsConsistent(loaded))
      failures.push(`the loaded data break the stock invariants: ${JSON.stringify(loaded)}`);
    log(
      `${kind}: loaded in ${(load.loadMs / 1000).toFixed(1)} s, summaries ${(load.rebuildMs / 1000).toFixed(1)} s, ` +
        `analyze ${(load.analyzeMs / 1000).toFixed(1)} s; ${loaded.levels.toLocaleString('en')} levels consistent: ${stockIsConsistent(loaded)}`,
    );

    const profileDir = args.profile ? mkdtempSync(join(tmpdir(), 'bodega-prof-')) : undefined;
    const api = await startApi({
      databaseUrl: scratch.url,
      dataDir: scratch.dir,
      adminEmail: STAFF_EMAIL(1),
      adminPassword: PASSWORD,
      profileDir,
    });
    try {
      const admin = await signIn({ api }, STAFF_EMAIL(1));
      // Its customers place thousands of orders and never confirm one: the pending-order limit
      // (a business rule with its own tests, orders/order-expiry.test.ts) would refuse all but
      // the first few, so the benchmark runs at the largest limit the settings accept.
      await call({ api }, 'PATCH', '/api/v1/settings', admin, { maxPendingOrdersPerCustomer: 1000 }, 200);
      const staff = await signInAll([2, 3, 4, 5], (id) => signIn({ api }, STAFF_EMAIL(id)));
      const numbers = Array.from({ length: Math.min(sizes.signedIn, sizes.customers) }, (_, i) => i + 1);
      const tokens = await signInAll(numbers, (n) => signIn({ api }, CUSTOMER_EMAIL(n)));
      const customers: SignedIn[] = numbers.map((n, i) => ({
        token: tokens[i]!,
        userId: CUSTOMER_USER_BASE + n,
        customerId: n,
      }));
      const stocked: number[] = [];
      data.available.forEach((units, i) => units >= 50 && stocked.push(i + 1));
      log(`${kind}: API up (pid ${api.pid}), ${customers.length} customers and 5 staff signed in`);
      const bench: Bench = {
        kind,
        sizes,
        scratch,
        business: data,
        api,
        admin,
        staff,
        customers,
        stocked,
        rnd: seededRandom(),
        password: PASSWORD,
        shared: {},
      };
      const outcomes = new Map<string, Outcome>();
      for (const name of runOrder) {
        const from = monotonicUs();
        try {
          const outcome = await SCENARIOS[name]!(bench);
          windows[name] = [from, monotonicUs()];
          outcomes.set(name, outcome);
          failures.push(...outcome.failures);
          if (outcome.details) details[name] = outcome.details;
          for (const r of outcome.rows)
            log(`${kind}: ${r.scenario}: ${r.throughput} ${r.unit}, p50 ${r.p50} ms, p99 ${r.p99} ms`);
        } catch (err) {
          failures.push(`${name} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          log(`${kind}: ${name} CRASHED`);
        }
      }
      for (const name of SHOWN) rows.push(...(outcomes.get(name)?.rows ?? []));
    } catch (err) {
      failures.push(`${kind}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n${api.output()}`);
    } finally {
      await api.stop();
    }
    if (profileDir) {
      const file = newestProfile(profileDir);
      if (file) profile = summariseWindows(file, ROOT, windows);
      rmSync(profileDir, { recursive: true, force: true });
    }
    const final = await stockInvariants(scratch.db);
    if (!stockIsConsistent(final))
      failures.push(`after the run the stock invariants are broken: ${JSON.stringify(final)}`);
    details['finalCheck'] = final;
  } catch (err) {
    failures.push(`${kind}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    await scratch.close();
  }
  return { kind, version, load, rows, failures, details, profile };
}

const info = machine();
console.log(
  `# npm run bench${args.quick ? ' -- --quick' : ''}: ${info.cores} cores ${info.cpu}, ${info.memoryGb} GB, Node ${info.node}, load average ${info.loadAverage.join(' ')}`,
);
const generated = performance.now();
const data = business({
  lines: sizes.lines,
  products: sizes.products,
  customers: sizes.customers,
  customerUsers: sizes.customers,
  now: new Date(),
  passwordHash: await hashPassword(PASSWORD),
});
log(`generated the data in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

const allFailures: string[] = [];
const date = new Date().toISOString().slice(0, 10);
for (const kind of kinds) {
  const dbStarted = performance.now();
  const r = await runDatabase(kind, data);
  const seconds = Math.round((performance.now() - dbStarted) / 1000);
  allFailures.push(...r.failures.map((f) => `${kind}: ${f}`));
  console.log(`\n## ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (${r.version}), ${seconds} s\n`);
  console.log(table(r.rows));
  for (const [name, p] of Object.entries(r.profile ?? {})) {
    console.log(`\nServer CPU profile during ${name} (${p.sampledMs} ms sampled), top frames by self time:\n`);
    for (const f of p.top) console.log(`  ${String(f.selfPct).padStart(5)} %  (total ${f.totalPct} %)  ${f.frame}`);
    console.log(`  by package: ${p.byPackage.map((x) => `${x.name} ${x.selfPct} %`).join(', ')}`);
  }
  const suffix = [...(selected.length ? [selected.join('+')] : []), ...(args.quick ? ['quick'] : [])];
  const file = writeResults(join(ROOT, 'bench', 'results'), [date, kind, ...suffix].join('-'), {
    date,
    database: { kind, version: r.version },
    machine: { ...info, loadAverageAfter: machine().loadAverage },
    quick: args.quick,
    sizes,
    seconds,
    load: r.load && {
      loadS: Math.round(r.load.loadMs / 100) / 10,
      summariesS: Math.round(r.load.rebuildMs / 100) / 10,
      analyzeS: Math.round(r.load.analyzeMs / 100) / 10,
    },
    rows: r.rows,
    details: r.details,
    profile:
      r.profile &&
      Object.fromEntries(
        Object.entries(r.profile).map(([name, p]) => [
          name,
          { sampledMs: p.sampledMs, top: p.top.slice(0, 10), byPackage: p.byPackage.slice(0, 8) },
        ]),
      ),
    failures: r.failures,
  });
  console.log(`\nResults: ${file}`);
}
console.log(`\nTotal ${elapsed()}.`);
if (allFailures.length) {
  console.error(`\nFAILED:\n${allFailures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
process.exit(0);
