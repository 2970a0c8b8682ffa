import { buildApp } from '../../app';
import { migrateToLatest } from '../../db/migrate';
import { CliError, runCli } from '../cli';
import { openDemoDatabase } from './connection';
import { DemoRefusedError, loadDemoData, stderrProgress, type DemoSize, type DemoSummary } from './demo-data';

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

// A date-time with an explicit offset: a bare date or a local time would depend on the
// machine's time zone, and the point of --now is a load that does not depend on the machine.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

await runCli({
  usage: USAGE,
  options: {
    seed: { type: 'string', default: '42' },
    small: { type: 'boolean', default: false },
    large: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    now: { type: 'string' },
  },
  args: (values) => {
    const seed = Number(values.seed);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new CliError(`--seed must be a whole number, got ${JSON.stringify(values.seed)}`, 2);
    }
    const now = values.now === undefined ? undefined : parseNow(values.now);
    if (now === null) {
      throw new CliError(
        `--now must be an ISO 8601 date-time with its offset, such as 2026-03-29T12:00:00+02:00 or 2026-01-31T18:00Z; got ${JSON.stringify(values.now)}`,
        2,
      );
    }
    if (values.small && values.large) throw new CliError('Choose one of --small and --large', 2);
    const size: DemoSize['name'] = values.large ? 'large' : values.small ? 'small' : 'default';
    return { seed, now, size, force: values.force };
  },
  database: (config) => openDemoDatabase(config.database),
  run: async ({ args: { seed, now, size, force }, config, db }) => {
    // The demo's clock: the generator moves it through six months of history.
    let current = now?.getTime() ?? Date.now();
    const clock = { set: (ms: number) => void (current = ms) };
    await migrateToLatest(db);
    // History is not news: no Redis, so nothing is broadcast to live servers while it loads.
    const { app, ctx } = await buildApp(
      { ...config, redis: undefined },
      { db, now: () => new Date(current), logger: { level: config.logLevel === 'silent' ? 'silent' : 'warn' } },
    );

    const where =
      config.database.kind === 'sqlite' ? config.database.file : config.database.url.replace(/\/\/[^@]*@/, '//…@');
    console.error(`Loading the ${size} demo (seed ${seed}${now ? `, as at ${now.toISOString()}` : ''}) into ${where}`);
    let summary: DemoSummary;
    try {
      summary = await loadDemoData(ctx, clock, {
        size,
        seed,
        force,
        ...(now ? { now } : {}),
        progress: stderrProgress(),
      });
    } catch (err) {
      await app.close();
      if (err instanceof DemoRefusedError) throw new CliError(`\nNothing loaded. ${err.message}`, 1);
      throw err;
    }
    await app.close();
    print(summary);
    if (summary.checks.some((c) => !c.ok)) return 1;
  },
});

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
