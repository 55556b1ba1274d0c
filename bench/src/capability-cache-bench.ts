// Capability cache hits per second against a bare Redis GET loop, in the same run on the same
// Redis: the hit path (keyed hash of the number, GET, JSON decode, freshness check) is what
// every send pays when the recipient was seen within the TTL. Both loops await one lookup at a
// time, like a consumer handling one message.
import { KeyedHasher } from '@switchback/crypto';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { CapabilityCache } from '../../services/capability-discovery/src/capability/capability-cache';
import { systemClock } from '@switchback/runtime';
import type { CapabilityDiscoveryConfig } from '../../services/capability-discovery/src/config/capability-discovery.config';
import type { BenchMetrics } from './classifier-bench';

const RUN_MS = 2_000;
const NUMBERS = 1_000;

async function rate(ms: number, lookup: (i: number) => Promise<unknown>): Promise<number> {
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < ms) await lookup(done++);
  return done / ((performance.now() - started) / 1000);
}

export async function capabilityCacheBench(redisUrl: string): Promise<BenchMetrics> {
  const prefix = `bench${randomBytes(3).toString('hex')}:`;
  const redis = new Redis(redisUrl);
  const config = { REDIS_KEY_PREFIX: prefix, CAPABILITY_CACHE_TTL_S: 60, CAPABILITY_NEGATIVE_TTL_S: 30, CAPABILITY_STALE_TTL_S: 600 } as CapabilityDiscoveryConfig;
  const cache = new CapabilityCache(redis, config, systemClock, new KeyedHasher({ key: 'bench-key-0123456789abcdef', keyId: 'k1' }));
  const numbers = Array.from({ length: NUMBERS }, (_, i) => `+4477009${String(10000 + i)}`);
  try {
    for (const e164 of numbers) {
      await cache.set(e164, { rcs: true, rcsE2ee: false, inappE2ee: false, features: ['REVOCATION', 'RICHCARD_STANDALONE'], checkedAtMs: Date.now(), carrier: '', region: 'GB', status: 'amber', statusReason: 'RCS without end-to-end encryption', downgradeSuspected: false, level: 'rcs', pinnedLevel: 'rcs', pinnedAtMs: Date.now() });
    }
    const bareKey = `${prefix}bare`;
    await redis.set(bareKey, 'x'.repeat(200), 'EX', 600);
    await rate(200, (i) => cache.get(numbers[i % NUMBERS]!)); // warm-up
    const bare = await rate(RUN_MS, () => redis.get(bareKey));
    const hits = await rate(RUN_MS, async (i) => {
      const entry = await cache.get(numbers[i % NUMBERS]!);
      if (!entry?.fresh) throw new Error('bench: expected a fresh cache hit');
    });
    return {
      capability_cache_hits_per_s: { value: Math.round(hits), unit: 'lookups/s' },
      bare_redis_get_per_s: { value: Math.round(bare), unit: 'gets/s' },
      capability_hit_vs_bare_redis: { value: Number((hits / bare).toFixed(3)), unit: 'ratio' },
    };
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}
