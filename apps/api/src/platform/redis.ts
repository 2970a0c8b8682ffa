import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config';

/**
 * The two Redis connections of one API server when REDIS_URL is set: `commands` serves the
 * rate limiter, the login throttle and the Socket.IO adapter's publishing; `subscriber` is the
 * adapter's subscription (a subscribed connection can run nothing else). Every key and
 * channel starts with `keyPrefix`, so installations sharing one Redis never see each other's
 * events or counters (pub/sub channels ignore the database number in the URL).
 */
export type RedisConnections = Readonly<{
  commands: Redis;
  subscriber: Redis;
  /** `commands` for the Socket.IO adapter: its publishes never reject (see `safePublisher`). */
  publisher: Redis;
  keyPrefix: string;
  close(): Promise<void>;
}>;

export class RedisUnavailableError extends Error {}

/** Connects and checks that Redis answers; a server that cannot reach it does not start. */
export async function connectRedis(
  redis: NonNullable<Config['redis']>,
  log: FastifyBaseLogger,
): Promise<RedisConnections> {
  const where = describe(redis.url);
  const commands = new Redis(redis.url, {
    connectionName: 'bodega',
    // A command fails after a few reconnection attempts instead of waiting for Redis forever.
    maxRetriesPerRequest: 3,
    connectTimeout: 5_000,
    lazyConnect: true,
  });
  const subscriber = commands.duplicate({ connectionName: 'bodega-sub' });
  let started = false;
  let startError: Error | undefined;
  for (const [name, client] of [
    ['commands', commands],
    ['subscriber', subscriber],
  ] as const) {
    let healthy = true;
    client.on('error', (err: Error) => {
      if (!started) return void (startError ??= err);
      // ioredis reports every failed reconnection: log the first of a run, then the recovery.
      if (!healthy) return;
      healthy = false;
      log.error({ err: { message: err.message }, redis: where, connection: name }, 'Redis connection lost');
    });
    client.on('ready', () => {
      if (healthy) return;
      healthy = true;
      log.info({ redis: where, connection: name }, 'Redis connection restored');
    });
  }

  const close = async () => {
    await Promise.all(
      [commands, subscriber].map(async (client) => {
        if (client.status === 'end') return;
        const quit = client.quit().catch(() => undefined);
        const timeout = new Promise((resolve) => setTimeout(resolve, 1_000).unref());
        await Promise.race([quit, timeout]);
        client.disconnect();
      }),
    );
  };

  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
    await commands.ping();
  } catch (err) {
    await close();
    const why = (startError ?? (err as Error)).message;
    throw new RedisUnavailableError(`REDIS_URL: Redis at ${where} does not answer (${why})`);
  }
  started = true;
  let lastWarning = 0;
  const publisher = safePublisher(commands, (err) => {
    if (Date.now() - lastWarning < 10_000) return;
    lastWarning = Date.now();
    log.warn({ err: { message: err.message }, redis: where }, 'real-time events not sent to the other servers');
  });
  return Object.freeze({ commands, subscriber, publisher, keyPrefix: redis.keyPrefix, close });
}

/**
 * The Redis adapter publishes without catching: during an outage each emit would be an
 * unhandled rejection, which ends a Node process. This view of the client reports the failure
 * instead; local sockets still get their events, the other servers' miss them (at most once).
 */
function safePublisher(client: Redis, onError: (err: Error) => void): Redis {
  const publish = (...args: Parameters<Redis['publish']>) =>
    (client.publish as (...a: unknown[]) => Promise<number>)(...args).catch((err: Error) => {
      onError(err);
      return 0;
    });
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'publish') return publish;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** host:port/db of a Redis URL, without its credentials, for messages and logs. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'the configured address';
  }
}
