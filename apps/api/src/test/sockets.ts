import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { buildApp, type BuildOptions } from '../app';
import type { Config } from '../config';
import { createDatabase } from '../db/database';
import type { AppContext } from '../platform/context';
import { TEST_DB, type TestApp } from './harness';

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * Whether the local Redis answers. Like PostgreSQL in vitest.config.ts: on a developer's machine
 * without it the Redis tests skip with a printed reason; with CI=true its absence fails the run.
 */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let cause: Error | undefined;
  client.on('error', (err: Error) => (cause ??= err));
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (err) {
    const why = `Redis is not reachable at ${TEST_REDIS_URL} (${(cause ?? (err as Error)).message})`;
    if (process.env['CI'] === 'true') throw new Error(`${why}; CI=true requires it`);
    console.warn(`\n  Skipping the Redis tests: ${why}.\n  Start Redis or set TEST_REDIS_URL to run them.\n`);
    return false;
  } finally {
    client.disconnect();
  }
}

/** A key prefix of its own for one test file, so that parallel files never share Redis state. */
export const uniqueRedisPrefix = (name: string) => `bodega-test-${name}-${randomBytes(4).toString('hex')}`;

/** Starts listening on a free local port and returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

export type Peer = {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  request(opts: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
};

/**
 * Another API server on the same database as `t` (same schema on PostgreSQL, same file on
 * SQLite), listening on its own port: what a second machine behind the load balancer is.
 * Close it before `t`, whose close drops the database.
 */
export async function startPeer(
  t: TestApp,
  options: { config?: Partial<Config> } & Pick<BuildOptions, 'realtime'> = {},
): Promise<Peer> {
  const config = { ...t.ctx.config, ...options.config } as Config;
  let schema: string | undefined;
  if (TEST_DB === 'postgres') {
    const row = await sql<{ schema: string }>`select current_schema() as schema`.execute(t.ctx.db);
    schema = row.rows[0]?.schema;
  }
  const db = createDatabase(config.database, schema ? { schema } : {});
  const { app, ctx } = await buildApp(config, { db, now: t.ctx.now, logger: false, realtime: options.realtime });
  await app.ready();
  const url = await listen(app);
  return {
    app,
    ctx,
    url,
    request: ({ token, headers, ...opts }) =>
      app.inject({ ...opts, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } }),
    close: () => app.close(),
  };
}

export type Received = { name: string; payload: any };

/** A real Socket.IO client that records every event it receives. */
export type Client = {
  socket: Socket;
  received: Received[];
  /** Resolves with the first recorded event (already received or yet to come) that matches. */
  next(name: string, match?: (payload: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Resolves when the server disconnects this socket, with the reason. */
  disconnected(timeoutMs?: number): Promise<string>;
  close(): void;
};

type ConnectOptions = Partial<ManagerOptions & SocketOptions>;

/** Connects with an access token (or none); rejects with the connect_error. */
export function connect(url: string, token: string | null, options: ConnectOptions = {}): Promise<Client> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 5_000,
    ...(token ? { auth: { token } } : {}),
    ...options,
  });
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  socket.onAny((name: string, payload: unknown) => {
    received.push({ name, payload });
    for (const wake of waiters) wake();
  });
  let disconnectReason: string | null = null;
  socket.on('disconnect', (reason) => {
    disconnectReason = reason;
    for (const wake of waiters) wake();
  });

  const waitUntil = <T>(found: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const value = found();
        if (value === undefined) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      const wake = () => void check();
      waiters.add(wake);
      check();
    });

  const client: Client = {
    socket,
    received,
    next: (name, match = () => true, timeoutMs = 5_000) =>
      waitUntil(
        () => received.find((r) => r.name === name && match(r.payload))?.payload,
        timeoutMs,
        `the event ${name}`,
      ),
    disconnected: (timeoutMs = 5_000) => waitUntil(() => disconnectReason ?? undefined, timeoutMs, 'a disconnect'),
    close: () => void socket.disconnect(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

/** The connect_error of a refused handshake, with its `data.code`. */
export async function refused(url: string, token: string | null, options: ConnectOptions = {}) {
  try {
    const client = await connect(url, token, options);
    client.close();
  } catch (err) {
    return err as Error & { data?: { code?: string } };
  }
  throw new Error('the handshake was accepted');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
