import type { Redis } from 'ioredis';
import type { CounterStore } from './throttle';

// INCR and the window's expiry in one step: the first hit opens the window, later hits read
// what is left of it. A key without expiry (never expected) gets one rather than living forever.
const HIT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

type WithHit = Redis & {
  bodegaCounterHit(key: string, windowMs: number): Promise<[number, number]>;
};

/**
 * Fixed-window counters in Redis, shared by every API server: a login failure on one server
 * counts on all of them. Same semantics as `MemoryCounterStore`, with Redis's clock.
 */
export class RedisCounterStore implements CounterStore {
  private readonly redis: WithHit;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    if (!('bodegaCounterHit' in redis)) redis.defineCommand('bodegaCounterHit', { numberOfKeys: 1, lua: HIT });
    this.redis = redis as WithHit;
  }

  async hit(key: string, windowSeconds: number) {
    const [count, ttlMs] = await this.redis.bodegaCounterHit(this.prefix + key, windowSeconds * 1000);
    return { count, resetInSeconds: Math.ceil(ttlMs / 1000) };
  }

  async peek(key: string) {
    const results = await this.redis
      .multi()
      .get(this.prefix + key)
      .pttl(this.prefix + key)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttlMs = Number(results?.[1]?.[1] ?? -2);
    if (!count || ttlMs <= 0) return { count: 0, resetInSeconds: 0 };
    return { count, resetInSeconds: Math.ceil(ttlMs / 1000) };
  }

  async reset(key: string) {
    await this.redis.del(this.prefix + key);
  }
}
