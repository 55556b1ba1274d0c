import { Inject, Injectable } from '@nestjs/common';
import { KeyedHasher } from '@switchback/crypto';
import { CONFIG, REDIS } from '@switchback/runtime';
import type Redis from 'ioredis';
import type { CapabilityDiscoveryConfig } from '../config/capability-discovery.config';
import type { ResolvedCapability } from './resolved-capability';

type Cached = Omit<ResolvedCapability, 'source'>;

/** Redis cache of lookups, keyed by the recipient's keyed hash (no phone numbers in Redis). */
@Injectable()
export class CapabilityCache {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: CapabilityDiscoveryConfig,
    private readonly hasher: KeyedHasher,
  ) {}

  async get(e164: string): Promise<Cached | undefined> {
    const raw = await this.redis.get(this.key(e164));
    return raw ? (JSON.parse(raw) as Cached) : undefined;
  }

  async set(e164: string, value: Cached): Promise<void> {
    await this.redis.set(this.key(e164), JSON.stringify(value), 'EX', this.config.CAPABILITY_CACHE_TTL_S);
  }

  private key(e164: string): string {
    return `${this.config.REDIS_KEY_PREFIX}cap:${this.hasher.hash(e164)}`;
  }
}
