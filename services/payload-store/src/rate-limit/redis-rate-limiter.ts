import { RedisScript } from '@switchback/runtime';
import type Redis from 'ioredis';
import type { RateLimiter, RateLimitVerdict } from './rate-limiter';

// INCR and the window's expiry in one round trip and atomically: a crash between them can
// never leave a counter without a TTL (which would block its key for good).
const HIT = new RedisScript(`
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`);

/** Fixed-window counters in Redis, shared by every instance of the service. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitVerdict> {
    const [count, ttlMs] = (await HIT.run(this.redis, [`${this.keyPrefix}${key}`], [String(windowSeconds * 1000)])) as [number, number];
    return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }
}
