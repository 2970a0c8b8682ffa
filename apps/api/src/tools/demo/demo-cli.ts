import { parseArgs } from 'node:util';
import { buildApp } from '../../app';
import { ConfigError, loadConfig, type Config } from '../../config';
import { loadDotEnv } from '../../env-file';
import { openDemoDatabase } from './connection';
import { DemoRefusedError, loadDemoData, stderrProgress, type DemoSummary } from './demo-data';
import { migrateToLatest } from '../../db/migrate';

/* `npm run demo [-- --seed N] [--small | --large] [--now TIME] [--force]`: a realistic business in the configured database. */

const USAGE = `Usage: npm run demo -- [--seed N] [--small | --large] [--now TIME] [--force]

Loads a demo business (catalog with images, staff, customers, six months of orders,
payments, returns and stock history) into the database configured as for npm start
(DATA_DIR or DATABASE_URL), through the same use-cases as the API.

  --seed N   another business, deterministically (default 42)
  --small    20 products, 10 customers, two weeks (quick look, tests)
  --large    the benchmark size: 100,000 products, 10,000 customers, 1,000,000 order
             lines, bulk-loaded (a few minutes) rather than through the use-cases, then
             checked against the invariants; needs an empty database
  --now TIME load as if it were that moment, an ISO 8601 date-time with its offset
             (2026-03-29T12:00:00+02:00, 2026-01-31T18:00Z): the history ends just
             before it (default: the current time). The same seed and moment always
             make the same business
  --force    load even though the database already has orders (not with --large)`;

let args;
try {
  args = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      small: { type: 'boolean', default: false },
      large: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (err) {
  console.error(`${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const seed = Number(args.seed);
if (!Number.isSafeInteger(seed) || seed < 0) {
  console.error(`--seed must be a whole number, got ${JSON.stringify(args.seed)}`);
  process.exit(2);
}
// A date-time with an explicit offset: a bare date or a local time would depend on the
// machine's time zone, and the point of --now is a load that does not depend on the machine.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const now = args.now === undefined ? undefined : parseNow(args.now);
if (now === null) {
  console.error(
    `--now must be an ISO 8601 date-time with its offset, such as 2026-03-29T12:00:00+02:00 or 2026-01-31T18:00Z; got ${JSON.stringify(args.now)}`,
  );
  process.exit(2);
}
if (args.small && args.large) {
  console.error('Choose one of --small and --large');
  process.exit(2);
}

let config: Config;
try {
  loadDotEnv();
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Invalid configuration: ${err.message.replaceAll('\n', '; ')}`);
  process.exit(1);
}

// The demo's clock: the generator moves it through six months of history.
let current = now?.getTime() ?? Date.now();
const clock = { set: (ms: number) => void (current = ms) };
const db = await openDemoDatabase(config.database);
await migrateToLatest(db);
// History is not news: no Redis, so nothing is broadcast to live servers while it loads.
const { app, ctx } = await buildApp(
  { ...config, redis: undefined },
  { db, now: () => new Date(current), logger: { level: config.logLevel === 'silent' ? 'silent' : 'warn' } },
);

const where =
  config.database.kind === 'sqlite' ? config.database.file : config.database.url.replace(/\/\/[^@]*@/, '//…@');
console.error(
  `Loading the ${args.large ? 'large' : args.small ? 'small' : 'default'} demo (seed ${seed}${now ? `, as at ${now.toISOString()}` : ''}) into ${where}`,
);
let summary: DemoSummary;
try {
  summary = await loadDemoData(ctx, clock, {
    size: args.large ? 'large' : args.small ? 'small' : 'default',
    seed,
    force: args.force,
    ...(now ? { now } : {}),
    progress: stderrProgress(),
  });
} catch (err) {
  await app.close();
  if (err instanceof DemoRefusedError) {
    console.error(`\nNothing loaded. ${err.message}`);
    process.exit(1);
  }
  throw err;
}
await app.close();
print(summary);
if (summary.checks.some((c) => !c.ok)) process.exit(1);

/** The moment of --now, or null when it is not a valid date-time with an offset (2026-02-30 is not). */
function parseNow(text: string): Date | null {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2026-02-30 over to March: the calendar date must survive the round trip.
  const offset =
    match[3] === 'Z'
      ? 0
      : (match[3]!.startsWith('-') ? -1 : 1) * (Number(match[3]!.slice(1, 3)) * 60 + Number(match[3]!.slice(4)));
  const local = new Date(ms + offset * 60_000).toISOString();
  if (local.slice(0, 16) !== text.slice(0, 16)) return null;
  return new Date(ms);
}

function print(s: DemoSummary): void {
  const n = (v: number) => v.toLocaleString('en');
  const group = (v: number | Record<string, number>) =>
    typeof v === 'number' || Object.keys(v).length === 0
      ? n(typeof v === 'number' ? v : 0)
      : `${n(Object.values(v).reduce((a, b) => a + b, 0))}  (${Object.entries(v)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, c]) => `${k} ${n(c)}`)
          .join(', ')})`;
  const lines = [
    '',
    `Demo business loaded: ${s.size} size, seed ${s.seed}, history ${s.from} → ${s.to}`,
    '',
    ...Object.entries(s.counts).map(([k, v]) => `  ${k.padEnd(14)} ${group(v)}`),
  ];
  const refused = Object.entries(s.refused);
  if (refused.length) {
    lines.push(
      '',
      `  Refused along the way, as the API would: ${refused.map(([k, c]) => `${k} ${n(c)}`).join(', ')}`,
      '  (short of stock, the customer took what there was; over the credit limit, they paid cash)',
    );
  }
  if (s.checks.length) {
    lines.push('', 'Checked from the tables:');
    for (const c of s.checks) lines.push(`  ${c.ok ? 'ok    ' : 'FAILED'} ${c.name.padEnd(16)} ${c.detail}`);
  }
  lines.push('', 'Sign in with:');
  for (const c of s.credentials) lines.push(`  ${c.who.padEnd(34)} ${c.email.padEnd(30)} ${c.password}`);
  lines.push('', 'Time taken:');
  for (const t of s.timings) lines.push(`  ${t.phase.padEnd(48)} ${(t.ms / 1000).toFixed(1)} s`);
  const cpu = process.cpuUsage();
  lines.push(
    `  ${'total'.padEnd(48)} ${(s.totalMs / 1000).toFixed(1)} s (this process used ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU)`,
    '',
  );
  console.log(lines.join('\n'));
}
