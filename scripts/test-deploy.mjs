#!/usr/bin/env node
/* global fetch, setTimeout, clearTimeout, AbortSignal, URL */
// `npm run test:deploy`: the production layout of docs/deployment.md on this machine. nginx
// (Debian's package, with deploy/nginx/bodega.conf) in front of two API servers on PostgreSQL
// and Redis, all on loopback; checks readiness, login, an order and a socket event crossing
// servers, all through nginx; then stops the servers with SIGTERM and removes what it made.
//
// Needs the local PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test;
// a database of its own is created next to it) and Redis (TEST_REDIS_URL, default
// redis://127.0.0.1:6379, a key prefix of its own). nginx is installed when missing and running
// as root; otherwise the command to install it is printed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { io } from 'socket.io-client';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN = { email: 'admin@deploy.test', password: 'deploy-admin-password-1' };
const id = randomBytes(4).toString('hex');
const DB_NAME = `bodega_deploy_${id}`;
const REDIS_PREFIX = `bodega-deploy-${id}`;

const step = (text) => console.log(`\n== ${text}`);
const ok = (text) => console.log(`   ok  ${text}`);
class Failure extends Error {}
const check = (condition, message) => {
  if (!condition) throw new Failure(message);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// nginx from Debian's packages

function findNginx() {
  for (const path of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx']) if (existsSync(path)) return path;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

function ensureNginx() {
  const found = findNginx();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    console.error('The deploy test needs nginx. Install it with:\n\n  sudo apt-get install -y nginx-light\n');
    process.exit(1);
  }
  console.log('nginx is missing: installing Debian\'s "nginx-light" package (or "nginx")…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  const install = (pkg) => apt('install', '-y', '--no-install-recommends', pkg);
  if (!(
    install('nginx-light') ||
    install('nginx') ||
    (apt('update') && (install('nginx-light') || install('nginx')))
  )) {
    console.error('Installing nginx failed. Install it yourself with:\n\n  apt-get install -y nginx-light\n');
    process.exit(1);
  }
  const installed = findNginx();
  if (!installed) {
    console.error('nginx was installed but is not on the PATH');
    process.exit(1);
  }
  return installed;
}

// ---------------------------------------------------------------------------------------------
// Processes and ports

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const children = [];

function start(name, command, args, options) {
  const log = [];
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk) => {
    log.push(chunk.toString());
    if (log.length > 400) log.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const proc = { name, child, log, exited, running: true };
  exited.then(() => (proc.running = false));
  children.push(proc);
  return proc;
}

/** Sends a signal and waits up to `ms` for the exit; SIGKILL after that. */
async function stop(proc, signal = 'SIGTERM', ms = 12_000) {
  if (!proc.running) return proc.exited;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.running && proc.child.kill('SIGKILL'), ms);
  const result = await proc.exited;
  clearTimeout(timer);
  return result;
}

async function waitFor(what, probe, { timeoutMs = 60_000, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (proc && !proc.running) throw new Failure(`${proc.name} exited while waiting for ${what}`);
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await sleep(250);
  }
  throw new Failure(`timed out waiting for ${what}${last ? ` (${last.message})` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP

async function http(base, method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

async function expectStatus(what, promise, status) {
  const res = await promise;
  check(res.status === status, `${what}: expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

// ---------------------------------------------------------------------------------------------
// nginx configuration: deploy/nginx/bodega.conf with this run's upstreams and listen address

function templateSite(upstreams, listenPort) {
  const site = readFileSync(join(REPO, 'deploy/nginx/bodega.conf'), 'utf8');
  const upstream = /upstream\s+bodega\s*\{[\s\S]*?\n\}/.exec(site);
  check(upstream, 'deploy/nginx/bodega.conf has no "upstream bodega { … }" block');
  const servers = upstream[0].match(/^\s*server\s+[^;]+;/gm) ?? [];
  check(servers.length >= 1, 'the upstream block of deploy/nginx/bodega.conf lists no server');
  let block = upstream[0];
  // Every example server line goes; this run's servers take the place of the first.
  servers.forEach((line, i) => {
    block = block.replace(
      line,
      i === 0 ? upstreams.map((u) => `\n    server ${u} max_fails=3 fail_timeout=10s;`).join('') : '',
    );
  });
  let out = site.replace(upstream[0], block);
  const listens = out.match(/^\s*listen\s+[^;]+;/gm) ?? [];
  check(listens.length >= 1, 'deploy/nginx/bodega.conf has no listen line');
  listens.forEach((line, i) => {
    out = out.replace(line, i === 0 ? `\n    listen 127.0.0.1:${listenPort};` : '');
  });
  // For the test only: which upstream served each response.
  out = out.replace(/(\n\s*server_name[^;]*;)/, '$1\n    add_header X-Bodega-Upstream $upstream_addr always;');
  check(out.includes('X-Bodega-Upstream'), 'deploy/nginx/bodega.conf has no server_name line');
  return out;
}

function nginxConf(dir, sitePath) {
  return `# Generated by scripts/test-deploy.mjs: a private nginx, not the system service.
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;

events {
    worker_connections 256;
}

http {
    log_format upstreams '$request_method $request_uri $status upstream=$upstream_addr';
    access_log ${dir}/access.log upstreams;
    client_body_temp_path ${dir}/tmp/client_body;
    proxy_temp_path ${dir}/tmp/proxy;

    include ${sitePath};
}
`;
}

// ---------------------------------------------------------------------------------------------
// Socket.IO

function connectSocket(base, token, transports) {
  const socket = io(base, {
    path: '/socket.io',
    transports,
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    auth: { token },
  });
  const received = [];
  socket.onAny((name, payload) => received.push({ name, payload }));
  const connected = new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(new Failure(`socket through nginx refused: ${err.message}`)));
  });
  const next = async (name, match, timeoutMs = 10_000) =>
    waitFor(`the socket event ${name}`, () => received.find((r) => r.name === name && match(r.payload))?.payload, {
      timeoutMs,
    });
  return { socket, received, connected, next };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const nginx = ensureNginx();
  const version = spawnSync(nginx, ['-v'], { encoding: 'utf8' });
  console.log(`nginx: ${(version.stderr || version.stdout).trim()}`);

  const dir = mkdtempSync(join(tmpdir(), 'bodega-deploy-'));
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const cleanups = [() => rmSync(dir, { recursive: true, force: true })];
  let failed = false;

  const pgAdmin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    step('PostgreSQL and Redis');
    try {
      await pgAdmin.connect();
    } catch (err) {
      throw new Failure(`PostgreSQL is not reachable at ${PG_URL} (${err.message})`);
    }
    await pgAdmin.query(`create database ${DB_NAME}`);
    cleanups.unshift(() => pgAdmin.query(`drop database if exists ${DB_NAME} with (force)`));
    const dbUrl = new URL(PG_URL);
    dbUrl.pathname = `/${DB_NAME}`;
    ok(`database ${DB_NAME}`);
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      throw new Failure(`Redis is not reachable at ${REDIS_URL} (${err.message})`);
    }
    cleanups.unshift(async () => {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_PREFIX}*`, 'COUNT', 500);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    });
    ok(`Redis, key prefix ${REDIS_PREFIX}`);

    step('two API servers');
    const [portA, portB, portNginx] = [await freePort(), await freePort(), await freePort()];
    // As docs/deployment.md says: build, then run the bundle.
    execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { cwd: REPO, stdio: 'inherit' });
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATA_DIR: join(dir, 'data'),
      DATABASE_URL: dbUrl.toString(),
      DATABASE_POOL_SIZE: '5',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      REDIS_URL,
      REDIS_KEY_PREFIX: REDIS_PREFIX,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      TRUST_PROXY: 'true',
      PUBLIC_URL: `http://127.0.0.1:${portNginx}`,
      LOG_LEVEL: 'info',
    };
    // One after the other, as docs/deployment.md says: the first runs the migrations and
    // creates the first admin, the second finds both done.
    const direct = [portA, portB].map((port) => `http://127.0.0.1:${port}`);
    const servers = [];
    for (const [i, port] of [portA, portB].entries()) {
      const server = start(
        `api-${'ab'[i]}`,
        process.execPath,
        ['--enable-source-maps', join(REPO, 'apps/api/dist/server.js')],
        {
          cwd: dir, // no .env from the repository
          env: { ...env, PORT: String(port) },
        },
      );
      servers.push(server);
      await waitFor(`${server.name} /ready`, async () => (await http(direct[i], 'GET', '/ready')).status === 200, {
        proc: server,
      });
      ok(`${server.name} ready on ${direct[i]}`);
    }

    step('nginx in front (deploy/nginx/bodega.conf)');
    const upstreams = [`127.0.0.1:${portA}`, `127.0.0.1:${portB}`];
    const sitePath = join(dir, 'bodega.conf');
    writeFileSync(sitePath, templateSite(upstreams, portNginx));
    const confPath = join(dir, 'nginx.conf');
    writeFileSync(confPath, nginxConf(dir, sitePath));
    const nginxArgs = ['-p', `${dir}/`, '-c', confPath, '-e', join(dir, 'error.log')];
    const test = spawnSync(nginx, ['-t', ...nginxArgs], { encoding: 'utf8' });
    check(test.status === 0, `nginx -t refused the configuration:\n${test.stderr}`);
    const proxy = start('nginx', nginx, nginxArgs, { cwd: dir });
    const base = `http://127.0.0.1:${portNginx}`;
    await waitFor('nginx', async () => (await http(base, 'GET', '/health')).status === 200, { proc: proxy });
    ok(`nginx on ${base} (pid file, logs and temp files in ${dir})`);

    step('through nginx: readiness, login, a product, a receipt, a customer order');
    const ready = await expectStatus('GET /ready', http(base, 'GET', '/ready'), 200);
    check(ready.json?.database === 'postgres', `GET /ready: expected database postgres, got ${ready.text}`);
    ok('/ready answers 200 on PostgreSQL');
    const login = await expectStatus(
      'admin login',
      http(base, 'POST', '/api/v1/auth/login', { body: ADMIN, headers: { 'x-refresh-token-transport': 'body' } }),
      200,
    );
    const admin = login.json.accessToken;
    ok('the admin signs in');
    const product = (
      await expectStatus(
        'POST /products',
        http(base, 'POST', '/api/v1/products', {
          token: admin,
          body: { sku: `DEPLOY-${id}`, name: 'Tornillo de despliegue', priceCents: 250 },
        }),
        201,
      )
    ).json;
    await expectStatus(
      'POST /stock/receipts',
      http(base, 'POST', '/api/v1/stock/receipts', {
        token: admin,
        body: { lines: [{ productId: product.id, quantity: 40, unitCostCents: 100 }] },
      }),
      201,
    );
    ok(`product ${product.sku} received, 40 on hand`);
    const customer = (
      await expectStatus(
        'POST /auth/register',
        http(base, 'POST', '/api/v1/auth/register', {
          body: { email: `cliente-${id}@deploy.test`, name: 'Cliente Despliegue', password: 'customer-password-1' },
          headers: { 'x-refresh-token-transport': 'body' },
        }),
        201,
      )
    ).json;
    const order = (
      await expectStatus(
        'POST /orders (customer)',
        http(base, 'POST', '/api/v1/orders', {
          token: customer.accessToken,
          body: { paymentTerms: 'cash', lines: [{ productId: product.id, quantity: 3 }] },
        }),
        201,
      )
    ).json;
    check(/^ORD-\d{8}-\d{4,}$/.test(order.number), `unexpected order number ${order.number}`);
    check(order.totalCents === 750, `order total: expected 750, got ${order.totalCents}`);
    ok(`the customer placed ${order.number}`);
    const seen = await expectStatus(
      'GET /orders/:id',
      http(base, 'GET', `/api/v1/orders/${order.id}`, { token: admin }),
      200,
    );
    check(seen.json.status === 'pending', `order status: ${seen.json.status}`);

    // ip_hash: every request from this address goes to the same server.
    const served = new Set();
    for (let i = 0; i < 6; i++) served.add((await http(base, 'GET', '/health')).headers.get('x-bodega-upstream'));
    check(served.size === 1 && !served.has(null), `ip_hash: expected one upstream, saw ${[...served].join(', ')}`);
    const pinned = [...served][0];
    const other = upstreams.find((u) => u !== pinned);
    check(other, `nginx reported an unknown upstream ${pinned}`);
    ok(`ip_hash keeps this client on ${pinned}`);

    step('a socket event crossing servers');
    // One socket starting with HTTP long-polling (needs the stickiness) then upgrading to a
    // WebSocket, one WebSocket only: both through nginx, so both on the pinned server.
    const polling = connectSocket(base, admin, ['polling', 'websocket']);
    const websocket = connectSocket(base, admin, ['websocket']);
    await polling.connected;
    await websocket.connected;
    await waitFor('the upgrade to WebSocket', () => polling.socket.io.engine.transport.name === 'websocket', {
      timeoutMs: 10_000,
    });
    ok('two staff sockets connected through nginx (polling upgraded to WebSocket, and WebSocket only)');
    // The adjustment goes straight to the other server: only Redis can carry its event here.
    const otherBase = `http://${other}`;
    await expectStatus(
      `POST /stock/adjustments on ${other}`,
      http(otherBase, 'POST', '/api/v1/stock/adjustments', {
        token: admin,
        body: { productId: product.id, quantity: -5, reason: 'damage' },
      }),
      201,
    );
    for (const [name, s] of [
      ['polling→WebSocket', polling],
      ['WebSocket', websocket],
    ]) {
      const event = await s.next('stock.changed', (e) => e.productId === product.id && e.onHand === 35);
      check(event.reserved === 3 && event.available === 32, `stock.changed payload: ${JSON.stringify(event)}`);
      ok(`the ${name} socket on ${pinned} received stock.changed from ${other} (onHand 35, available 32)`);
    }
    polling.socket.disconnect();
    websocket.socket.disconnect();
    // nginx logs a WebSocket when it closes: now every /socket.io/ request is in the log.
    const socketLines = await waitFor('the WebSocket lines in the access log', () => {
      const lines = readFileSync(join(dir, 'access.log'), 'utf8')
        .split('\n')
        .filter((l) => l.includes(' /socket.io/'));
      return lines.filter((l) => l.includes('transport=websocket') && l.includes(' 101 ')).length >= 2 && lines;
    });
    check(
      socketLines.every((l) => l.endsWith(`upstream=${pinned}`)),
      `a /socket.io/ request went elsewhere than ${pinned}:\n${socketLines.join('\n')}`,
    );
    ok(`nginx logged ${socketLines.length} /socket.io/ requests, all to ${pinned}, both WebSocket upgrades 101`);

    step('graceful shutdown');
    for (const server of servers) {
      const { code, signal } = await stop(server, 'SIGTERM');
      check(code === 0, `${server.name} ended with ${signal ?? `exit code ${code}`} on SIGTERM`);
      ok(`${server.name} stopped cleanly on SIGTERM`);
    }
    const down = await http(base, 'GET', '/ready');
    check(down.status === 502, `with both servers stopped nginx should answer 502, got ${down.status}`);
    ok('nginx answers 502 with no server left');
  } catch (err) {
    failed = true;
    console.error(`\nFAILED: ${err instanceof Failure ? err.message : (err?.stack ?? err)}`);
    for (const proc of children) {
      console.error(`\n--- last output of ${proc.name} ---\n${proc.log.join('').split('\n').slice(-40).join('\n')}`);
    }
    const errorLog = join(dir, 'error.log');
    if (existsSync(errorLog)) {
      console.error(`\n--- nginx error.log ---\n${readFileSync(errorLog, 'utf8').split('\n').slice(-30).join('\n')}`);
    }
  } finally {
    step('clean up');
    for (const proc of children.reverse()) await stop(proc, proc.name === 'nginx' ? 'SIGQUIT' : 'SIGTERM', 8_000);
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (err) {
        console.error(`cleanup: ${err.message}`);
      }
    }
    await pgAdmin.end().catch(() => undefined);
    redis.disconnect();
    ok('processes stopped, database dropped, Redis keys and temporary files removed');
  }
  console.log(failed ? '\ntest:deploy FAILED' : '\ntest:deploy passed');
  process.exit(failed ? 1 : 0);
}

await main();
