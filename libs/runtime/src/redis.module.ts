import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { RedisCheck } from '@switchback/health';
import Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

/**
 * The services' Redis client (benchmarks use it too, to measure what runs). Commands fail fast
 * while Redis is down instead of queueing without bound. Auto-pipelining: the commands of
 * concurrent handlers issued in one tick share one write (a gateway issues several per
 * message; each write is a syscall on the hot path).
 */
export const createRedisClient = (url: string): Redis => new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true });

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit();
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS, useFactory: () => createRedisClient(url) },
        { provide: RedisCheck, inject: [REDIS], useFactory: (redis: Redis) => new RedisCheck(redis) },
        RedisLifecycle,
      ],
      exports: [REDIS, RedisCheck],
    };
  }
}
