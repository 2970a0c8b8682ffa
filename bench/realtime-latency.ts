/**
 * Time from commit to arrival of real-time events: N staff sockets, M stock changes, the time
 * from the moment a change's transaction commits (taken where `inTransaction` publishes, right
 * after the commit) to the moment each socket receives its `stock.changed`.
 *
 *   npx tsx bench/realtime-latency.ts              one server on SQLite
 *   npx tsx bench/realtime-latency.ts --cluster    two servers on PostgreSQL + Redis, sockets
 *                                                  split across both, changes committed on one
 * Options: --sockets 500 --changes 1000 --rate 0 (changes per second; 0 = back to back).
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), a fresh
 * schema created and dropped; Redis: BENCH_REDIS_URL (default redis://127.0.0.1:6379).
 *
 * The sockets live in a child process, so the server's event loop is not the clients'. Both
 * processes read the same clock (performance.timeOrigin + performance.now()).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { buildApp } from '../apps/api/src/app';
import { loadConfig } from '../apps/api/src/config';
import { createDatabase } from '../apps/api/src/db/database';
import { migrateToLatest } from '../apps/api/src/db/migrate';
import { bootstrapAdmin } from '../apps/api/src/modules/users/bootstrap-admin';

const PG_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const ADMIN = { email: 'bench@bodega.local', password: 'bench-password-1' };

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const clock = () => performance.timeOrigin + performance.now();

type ToClients = { urls: string[]; token: string; sockets: number; changes: number } | { commits: number[] };
type FromClients =
  | { ready: true; connectMs: number }
  | { received: true }
  | { latencies: { count: number; missing: number; p50: number; p90: number; p99: number; max: number } };

// ---------------------------------------------------------------------------- clients (child)

async function clients() {
  const send = (m: FromClients) => process.send!(m);
  let sockets: Socket[] = [];
  // arrivals[event][socket]: when each socket got the event with onHand = event + 1.
  let arrivals: Float64Array[] = [];
  let expected = 0;
  let got = 0;
  process.on('message', async (m: ToClients) => {
    if ('urls' in m) {
      const started = clock();
      arrivals = Array.from({ length: m.changes }, () => new Float64Array(m.sockets));
      expected = m.changes * m.sockets;
      sockets = Array.from({ length: m.sockets }, (_, i) =>
        io(m.urls[i % m.urls.length]!, {
          transports: ['websocket'],
          auth: { token: m.token },
          reconnection: false,
          forceNew: true,
        }),
      );
      sockets.forEach((socket, i) =>
        socket.on('stock.changed', (e: { onHand: number }) => {
          const slot = arrivals[e.onHand - 1];
          if (!slot || slot[i]) return;
          slot[i] = clock();
          if (++got === expected) send({ received: true });
        }),
      );
      await Promise.all(
        sockets.map(
          (s) =>
            new Promise<void>((resolve, reject) => {
              s.once('connect', () => resolve());
              s.once('connect_error', reject);
            }),
        ),
      );
      send({ ready: true, connectMs: clock() - started });
    } else {
      const all: number[] = [];
      let missing = 0;
      m.commits.forEach((committed, event) => {
        for (const at of arrivals[event]!) {
          if (at) all.push(at - committed);
          else missing++;
        }
      });
      all.sort((x, y) => x - y);
      const pct = (p: number) => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))] ?? NaN;
      send({
        latencies: { count: all.length, missing, p50: pct(50), p90: pct(90), p99: pct(99), max: all.at(-1) ?? NaN },
      });
      for (const s of sockets) s.disconnect();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------------------- servers (parent)

async function servers(cluster: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'bodega-bench-'));
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const env = {
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: cluster ? PG_URL : `sqlite:${join(dir, 'bodega.db')}`,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    ...(cluster ? { REDIS_URL, REDIS_KEY_PREFIX: `bodega-bench-${schema}` } : {}),
  };
  const config = loadConfig(env);
  if (cluster) {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  const dbOptions = cluster ? { schema } : {};
  const built: Awaited<ReturnType<typeof buildApp>>[] = [];
  for (let i = 0; i < (cluster ? 2 : 1); i++) {
    const db = createDatabase(config.database, dbOptions);
    if (i === 0) await migrateToLatest(db, cluster ? schema : undefined);
    built.push(await buildApp(config, { db, logger: false }));
  }
  await bootstrapAdmin(built[0]!.ctx);
  const urls = [];
  for (const b of built) urls.push(await b.app.listen({ port: 0, host: '127.0.0.1' }));
  return {
    built,
    urls,
    async close() {
      for (const b of built) await b.app.close();
      if (cluster) {
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const cluster = process.argv.includes('--cluster');
  const socketCount = arg('sockets', 500);
  const changes = arg('changes', 1000);
  const rate = arg('rate', 0);
  const { built, urls, close } = await servers(cluster);
  const { app, ctx } = built[0]!;

  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: ADMIN });
  const token = login.json<{ accessToken: string }>().accessToken;
  const now = new Date().toISOString();
  const { id: productId } = await ctx.db
    .insertInto('products')
    .values({
      sku: 'BENCH-1',
      name: 'Bench product',
      price_cents: 100,
      cost_cents: 50,
      reorder_point: 0,
      active: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  // The commit instant of each change: inTransaction publishes right after its commit.
  const commits: number[] = new Array(changes);
  const publish = ctx.events.publish.bind(ctx.events);
  ctx.events.publish = (event) => {
    if (event.name === 'stock.changed' && event.payload.productId === productId)
      commits[event.payload.onHand - 1] = clock();
    publish(event);
  };

  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--clients'], { stdio: 'inherit' });
  const messages: FromClients[] = [];
  const waiters: (() => void)[] = [];
  child.on('message', (m: FromClients) => {
    messages.push(m);
    for (const w of waiters.splice(0)) w();
  });
  const next = async <K extends string>(key: K, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find((m) => key in m);
      if (found) return found as Extract<FromClients, Record<K, unknown>>;
      if (Date.now() > deadline) return null;
      await Promise.race([new Promise<void>((r) => waiters.push(r)), new Promise((r) => setTimeout(r, 250))]);
    }
  };

  child.send({ urls, token, sockets: socketCount, changes } satisfies ToClients);
  const ready = await next('ready', 120_000);
  if (!ready) throw new Error('the sockets did not connect');

  const started = clock();
  for (let i = 0; i < changes; i++) {
    if (rate > 0) {
      const due = started + (i * 1000) / rate;
      if (due > clock()) await new Promise((r) => setTimeout(r, due - clock()));
    }
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/stock/adjustments',
      headers: { authorization: `Bearer ${token}` },
      payload: { productId, quantity: 1, reason: 'found' },
    });
    if (res.statusCode !== 201) throw new Error(`adjustment: ${res.statusCode} ${res.body}`);
  }
  const committedMs = clock() - started;
  const allArrived = await next('received', 60_000);
  const deliveredMs = clock() - started;
  child.send({ commits } satisfies ToClients);
  const result = await next('latencies', 60_000);
  await once(child, 'exit');
  await close();

  const l = result!.latencies;
  const f = (ms: number) => ms.toFixed(1);
  console.log(
    `\n## ${cluster ? 'Two servers, PostgreSQL + Redis adapter (changes on A, sockets split A/B)' : 'One server, SQLite'}\n`,
  );
  console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; clients in a child process.`);
  console.log(
    `${socketCount} staff sockets connected in ${f(ready.connectMs)} ms; ${changes} adjustments ` +
      `${rate > 0 ? `paced at ${rate}/s` : 'back to back'} committed in ${f(committedMs)} ms ` +
      `(${f((changes * 1000) / committedMs)}/s); every event at every socket by ${f(deliveredMs)} ms` +
      `${allArrived ? '' : ' (NOT all arrived)'}.\n`,
  );
  console.log('| deliveries | missing | p50 ms | p90 ms | p99 ms | max ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(`| ${l.count} | ${l.missing} | ${f(l.p50)} | ${f(l.p90)} | ${f(l.p99)} | ${f(l.max)} |`);
}

if (process.argv.includes('--clients')) await clients();
else await main();
