import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

type Arg = string | number;

/**
 * A Lua script called by its SHA-1 (EVALSHA): the body crosses the wire once per Redis script
 * cache, not once per call (an EVAL sends it, and Redis hashes it, every time; on a gateway
 * that is several hundred bytes per message). A cache that lost it (restart, SCRIPT FLUSH,
 * failover) answers NOSCRIPT, and that call falls back to EVAL, which caches it again.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly body: string) {
    this.sha = createHash('sha1').update(body).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly Arg[] = []): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.body, keys.length, ...keys, ...args);
    }
  }
}
