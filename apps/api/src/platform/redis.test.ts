import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, sleep, TEST_REDIS_URL, uniqueRedisPrefix } from '../test/sockets';
import { connectRedis, RedisUnavailableError } from './redis';
import { RedisCounterStore } from './redis-counter-store';

const silent = { error: () => undefined, info: () => undefined } as unknown as Parameters<typeof connectRedis>[1];

describe('connecting to Redis', () => {
  it('refuses to start, naming REDIS_URL without its password, when Redis does not answer', async () => {
    const started = Date.now();
    const err = await connectRedis({ url: 'redis://:hunter2-secret@127.0.0.1:1/0', keyPrefix: 'x' }, silent).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect((err as Error).message).toMatch(/^REDIS_URL: Redis at 127\.0\.0\.1:1\/0 does not answer/);
    expect((err as Error).message).not.toContain('hunter2');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

const run = await redisAvailable();

describe.runIf(run)('RedisCounterStore', () => {
  const prefix = `${uniqueRedisPrefix('counters')}:`;
  let one: Redis;
  let two: Redis;
  beforeAll(() => {
    one = new Redis(TEST_REDIS_URL);
    two = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    const keys = await one.keys(`${prefix}*`);
    if (keys.length) await one.del(...keys);
    await Promise.all([one.quit(), two.quit()]);
  });

  it('counts hits in a fixed window shared by every connection, and peeks without counting', async () => {
    const a = new RedisCounterStore(one, prefix);
    const b = new RedisCounterStore(two, prefix);
    expect(await a.peek('k')).toEqual({ count: 0, resetInSeconds: 0 });
    expect(await a.hit('k', 60)).toEqual({ count: 1, resetInSeconds: 60 });
    expect(await b.hit('k', 60)).toMatchObject({ count: 2 });
    expect(await a.peek('k')).toMatchObject({ count: 2 });
    expect((await b.peek('k')).resetInSeconds).toBeGreaterThan(58);
    // Later hits do not extend the window.
    expect(await one.pttl(`${prefix}k`)).toBeLessThanOrEqual(60_000);
    await b.reset('k');
    expect(await a.peek('k')).toEqual({ count: 0, resetInSeconds: 0 });
  });

  it('starts afresh when the window has passed', async () => {
    const store = new RedisCounterStore(one, prefix);
    await store.hit('short', 1);
    await store.hit('short', 1);
    await sleep(1_100);
    expect(await store.peek('short')).toEqual({ count: 0, resetInSeconds: 0 });
    expect(await store.hit('short', 1)).toEqual({ count: 1, resetInSeconds: 1 });
  });

  it('agrees under concurrent hits from several connections', async () => {
    const stores = [new RedisCounterStore(one, prefix), new RedisCounterStore(two, prefix)];
    const counts = await Promise.all(Array.from({ length: 50 }, (_, i) => stores[i % 2]!.hit('many', 60)));
    expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
