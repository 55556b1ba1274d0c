import type { Channel } from '@switchback/contracts';
import type Redis from 'ioredis';
import { channelCircuitKey, type ChannelCircuits } from './channel-circuits';

export interface RedisChannelCircuitsOptions {
  /** How long an answer is reused (default 1 s): routing asks on every decision. */
  readonly cacheMs?: number;
  readonly now?: () => number;
  readonly keyFor?: (channel: Channel) => string;
}

/**
 * Routing's side: is the channel's flag set? One EXISTS per channel per cacheMs; concurrent
 * callers share the pending answer. A Redis error propagates (the caller decides whether
 * "unknown" means closed).
 */
export class RedisChannelCircuits implements ChannelCircuits {
  private readonly cache = new Map<Channel, { readonly at: number; readonly open: Promise<boolean> }>();
  private readonly cacheMs: number;
  private readonly now: () => number;
  private readonly keyFor: (channel: Channel) => string;

  constructor(
    private readonly redis: Pick<Redis, 'exists'>,
    options: RedisChannelCircuitsOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.keyFor = options.keyFor ?? channelCircuitKey;
  }

  isOpen(channel: Channel): Promise<boolean> {
    const now = this.now();
    const cached = this.cache.get(channel);
    if (cached && now - cached.at < this.cacheMs) return cached.open;
    const open = this.redis.exists(this.keyFor(channel)).then((n) => n > 0);
    this.cache.set(channel, { at: now, open });
    open.catch(() => {
      if (this.cache.get(channel)?.open === open) this.cache.delete(channel); // never cache a failure
    });
    return open;
  }
}
