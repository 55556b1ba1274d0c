import type Redis from 'ioredis';
import type { DependencyCheck } from './dependency-check';

export class RedisCheck implements DependencyCheck {
  readonly name = 'redis';
  /** `optional`: the service works on without Redis (degraded), see DependencyCheck. */
  constructor(
    private readonly redis: Redis,
    readonly optional = false,
  ) {}
  async check(): Promise<void> {
    await this.redis.ping();
  }
}
