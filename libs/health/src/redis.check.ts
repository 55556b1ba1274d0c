import type Redis from 'ioredis';
import type { DependencyCheck } from './dependency-check';

export class RedisCheck implements DependencyCheck {
  readonly name = 'redis';
  constructor(private readonly redis: Redis) {}
  async check(): Promise<void> {
    await this.redis.ping();
  }
}
