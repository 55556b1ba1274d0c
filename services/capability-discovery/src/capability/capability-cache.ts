import { Inject, Injectable } from '@nestjs/common';
import { KeyedHasher } from '@switchback/crypto';
import { CLOCK, CONFIG, REDIS, type SleepingClock } from '@switchback/runtime';
import type Redis from 'ioredis';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import type { ResolvedCapability } from './resolved-capability';

export type CachedCapability = Omit<ResolvedCapability, 'source' | 'guess'>;

export interface CacheEntry {
  readonly value: CachedCapability;
  /** Past its TTL the entry is only a fallback for when the hub cannot answer. */
  readonly fresh: boolean;
  /** How long ago it stopped being fresh (0 while fresh): bounds stale-while-revalidate. */
  readonly staleForMs: number;
}

interface Stored {
  readonly value: CachedCapability;
  readonly freshUntilMs: number;
}

/**
 * Redis cache of lookups, keyed by the recipient's keyed hash (no phone numbers in Redis). An
 * entry stays fresh for its TTL and is kept longer as the stale fallback of a failing hub.
 */
@Injectable()
export class CapabilityCache {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
    @Inject(CLOCK) private readonly clock: SleepingClock,
    private readonly hasher: KeyedHasher,
  ) {}

  async get(e164: string): Promise<CacheEntry | undefined> {
    const raw = await this.redis.get(this.key(e164));
    if (!raw) return undefined;
    const stored = JSON.parse(raw) as Partial<Stored>;
    // Entries written by an older version have another shape: treat them as a miss.
    if (!stored.value || typeof stored.freshUntilMs !== 'number') return undefined;
    const now = this.clock.now();
    return { value: stored.value, fresh: now < stored.freshUntilMs, staleForMs: Math.max(0, now - stored.freshUntilMs) };
  }

  /** Negative answers ("not RCS") get their own, shorter TTL. */
  async set(e164: string, value: CachedCapability): Promise<void> {
    const ttlS = value.rcs ? this.config.CAPABILITY_CACHE_TTL_S : this.config.CAPABILITY_NEGATIVE_TTL_S;
    const stored: Stored = { value, freshUntilMs: this.clock.now() + ttlS * 1000 };
    const keepS = Math.max(ttlS, this.config.CAPABILITY_STALE_TTL_S);
    await this.redis.set(this.key(e164), JSON.stringify(stored), 'EX', keepS);
  }

  /** Drops the entry (fresh and stale), e.g. after the number's device keys changed. */
  async invalidate(e164: string): Promise<void> {
    await this.redis.del(this.key(e164));
  }

  private key(e164: string): string {
    return `${this.config.REDIS_KEY_PREFIX}cap:${this.hasher.hash(e164)}`;
  }
}
