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
 * The sockets live in a child process (bench/lib/socket-clients.ts, shared with `npm run bench`),
 * so the server's event loop is not the clients'. Both processes read the same clock
 * (performance.timeOrigin + performance.now()).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../apps/api/src/app';
import { loadConfig } from '../apps/api/src/config';
import { createDatabase } from '../apps/api/src/db/database';
import { migrateToLatest } from '../apps/api/src/db/migrate';
import { bootstrapAdmin } from '../apps/api/src/modules/users/bootstrap-admin';
import { clock, SocketClients } from './lib/socket-clients';

const PG_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const ADMIN = { email: 'bench@bodega.local', password: 'bench-password-1' };

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
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

  const { clients, connectMs } = await SocketClients.connect({
    urls,
    tokens: [token],
    sockets: socketCount,
    changes,
    productId,
  });

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
  const allArrived = await clients.allReceived(60_000);
  const deliveredMs = clock() - started;
  const l = await clients.latencies(commits);
  await close();
  if (!l) throw new Error('the socket clients sent no latencies');

  const f = (ms: number) => ms.toFixed(1);
  console.log(
    `\n## ${cluster ? 'Two servers, PostgreSQL + Redis adapter (changes on A, sockets split A/B)' : 'One server, SQLite'}\n`,
  );
  console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; clients in a child process.`);
  console.log(
    `${socketCount} staff sockets connected in ${f(connectMs)} ms; ${changes} adjustments ` +
      `${rate > 0 ? `paced at ${rate}/s` : 'back to back'} committed in ${f(committedMs)} ms ` +
      `(${f((changes * 1000) / committedMs)}/s); every event at every socket by ${f(deliveredMs)} ms` +
      `${allArrived ? '' : ' (NOT all arrived)'}.\n`,
  );
  console.log('| deliveries | missing | p50 ms | p90 ms | p99 ms | max ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(`| ${l.count} | ${l.missing} | ${f(l.p50)} | ${f(l.p90)} | ${f(l.p99)} | ${f(l.max)} |`);
}

await main();
