import type { Channel } from '@switchback/contracts';
import type Redis from 'ioredis';
import type { ChannelFlag } from './channel-breakers';
import { channelCircuitKey } from './channel-circuits';

/** The gateway side of the ChannelCircuits contract: SET key PX ttl / DEL key. */
export class RedisChannelFlag implements ChannelFlag {
  constructor(
    private readonly redis: Pick<Redis, 'set' | 'del'>,
    private readonly instanceId: string,
    private readonly keyFor: (channel: Channel) => string = channelCircuitKey,
  ) {}

  async raise(channel: Channel, ttlMs: number): Promise<void> {
    // The value is for people reading Redis; routing only asks whether the key exists.
    await this.redis.set(this.keyFor(channel), JSON.stringify({ instanceId: this.instanceId, openUntilMs: Date.now() + ttlMs }), 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async lower(channel: Channel): Promise<void> {
    await this.redis.del(this.keyFor(channel));
  }
}
