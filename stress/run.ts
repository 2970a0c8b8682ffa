/**
 * `npm run test:stress`: the long reliability checks, each against the real server as a child
 * process on its own fresh database, loopback only, bounded in count and time.
 *
 *   1. Crash safety on SQLite and PostgreSQL (stress/crash.ts): --rounds SIGKILLs per database.
 *   2. Soak (stress/soak.ts): --soak-minutes of mixed traffic on SQLite, then
 *      --pg-soak-minutes on PostgreSQL, with memory and handles sampled.
 *
 * Options: --only crash|soak, --db sqlite,postgres (both scenarios), --rounds 5, --clients 8,
 * --soak-minutes 10, --pg-soak-minutes 4 (0 skips it), --soak-clients 4.
 * PostgreSQL: STRESS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), where a
 * database is created per scenario and dropped after. Without PostgreSQL its parts are skipped
 * with a warning, unless CI=true. Exits non-zero on any failure.
 */
import { crashSafety, type CrashResult } from './crash';
import { fmt, soak, type SoakResult } from './soak';
import { postgresAvailable, type DbKind } from './lib/targets';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const num = (name: string, fallback: number) => {
  const v = Number(arg(name, String(fallback)));
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return v;
};

const only = arg('only', 'all');
const rounds = num('rounds', 5);
const clients = num('clients', 8);
const soakMinutes = num('soak-minutes', 10);
const pgSoakMinutes = num('pg-soak-minutes', 4);
const soakClients = num('soak-clients', 4);
let dbs = arg('db', 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean) as DbKind[];
for (const d of dbs) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`--db: unknown database ${d}`);

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// Nothing runs unbounded: a watchdog ends the run if it overshoots its own plan by far.
const budgetMs = (dbs.length * rounds * 40 + (soakMinutes + pgSoakMinutes) * 60 + 600) * 1000;
setTimeout(() => {
  console.error(`test:stress: still running after ${Math.round(budgetMs / 60_000)} min: giving up`);
  process.exit(2);
}, budgetMs).unref();

if (dbs.includes('postgres')) {
  const why = await postgresAvailable();
  if (why) {
    if (process.env['CI'] === 'true') {
      console.error(`${why}; CI=true requires it`);
      process.exit(1);
    }
    console.warn(`Skipping PostgreSQL: ${why}`);
    dbs = dbs.filter((d) => d !== 'postgres');
  }
}

const crashes: CrashResult[] = [];
const soaks: SoakResult[] = [];
if (only === 'all' || only === 'crash') {
  for (const kind of dbs) {
    log(`crash safety on ${kind}: ${rounds} rounds of SIGKILL under ${clients} clients`);
    crashes.push(await crashSafety(kind, { rounds, clients, minRunMs: 1_500, maxRunMs: 6_000 }, log));
  }
}
if (only === 'all' || only === 'soak') {
  for (const kind of dbs) {
    const minutes = kind === 'sqlite' ? soakMinutes : pgSoakMinutes;
    if (minutes <= 0) continue;
    log(`soak on ${kind}: ${minutes} min of mixed traffic from ${soakClients} clients`);
    soaks.push(await soak(kind, { minutes, clients: soakClients }, log));
  }
}

console.log('\n== test:stress summary');
let failed = 0;
for (const c of crashes) {
  const survived = c.rounds.filter((r) => r.failures.length === 0).length;
  const sum = (f: (r: CrashResult['rounds'][number]) => number) => c.rounds.reduce((a, r) => a + f(r), 0);
  console.log(
    `crash ${c.kind}: ${survived}/${c.rounds.length} SIGKILL rounds survived; ${sum((r) => r.requests)} requests, ` +
      `${sum((r) => r.ordersCreated)} orders and ${sum((r) => r.paymentsCreated)} payments seen created, ` +
      `${sum((r) => r.ordersUnknown + r.paymentsUnknown)} unanswered at the kill (${sum((r) => r.unansweredCommitted)} of them committed), ` +
      `${sum((r) => r.retried)} idempotent retries` +
      (c.totals
        ? `; database: ${c.totals.orders} orders, ${c.totals.payments} payments, ${c.totals.movements} movements`
        : ''),
  );
  failed += c.failures.length;
  for (const f of c.failures) console.log(`  ✗ ${f}`);
}
for (const s of soaks) {
  const rate = s.requests / (s.minutes * 60);
  console.log(
    `soak ${s.kind}: ${s.minutes} min, ${s.requests} requests (${rate.toFixed(0)}/s), statuses ${JSON.stringify(s.byStatus)}`,
  );
  if (s.rss) console.log(`  RSS MB: ${fmt(s.rss)}`);
  if (s.heapUsed) console.log(`  heap used MB (after GC): ${fmt(s.heapUsed)}`);
  if (s.handles) console.log(`  active handles: ${fmt(s.handles, 1)}`);
  failed += s.failures.length;
  for (const f of s.failures) console.log(`  ✗ ${f}`);
}
const ran = crashes.length + soaks.length;
if (ran === 0) {
  console.log('nothing ran');
  failed++;
}
console.log(
  `\ntest:stress: ${failed ? `FAILED (${failed} failures)` : 'passed'} in ${((Date.now() - started) / 60_000).toFixed(1)} min`,
);
process.exit(failed ? 1 : 0);
