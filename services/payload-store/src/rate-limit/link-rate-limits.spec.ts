import { Logger } from '@nestjs/common';
import { KeyedHasher } from '@switchback/crypto';
import { Registry } from 'prom-client';
import { LinkMetrics } from '../links/link-metrics';
import { ProblemException } from '@switchback/runtime';
import { LinkRateLimits } from './link-rate-limits';
import type { RateLimiter } from './rate-limiter';

const config = { LINK_RATE_WINDOW_SECONDS: 60, LINK_CREATE_RATE_LIMIT: 2, LINK_CLAIM_RATE_LIMIT_PER_IP: 5, LINK_CLAIM_RATE_LIMIT_PER_LINK: 3 };

function setup(limiter: RateLimiter) {
  return new LinkRateLimits(limiter, new KeyedHasher({ key: 'a-unit-test-key-0123456789', keyId: 'k1' }), new LinkMetrics(new Registry()), config);
}

/** An in-memory fixed window: enough to check which keys and limits are asked for. */
function memoryLimiter() {
  const counts = new Map<string, number>();
  const keys: string[] = [];
  const limiter: RateLimiter = {
    hit: async (key, limit) => {
      keys.push(key);
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { allowed: count <= limit, retryAfterSeconds: 42 };
    },
  };
  return { limiter, keys };
}

// The warnings these tests provoke are expected; keep the output readable.
beforeAll(() => Logger.overrideLogger(false));

describe('link rate limits', () => {
  it('limits creates per tenant with a 429 problem and Retry-After', async () => {
    const limits = setup(memoryLimiter().limiter);
    await limits.create('acme');
    await limits.create('acme');
    await limits.create('globex');
    const refusal = await limits.create('acme').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).problem.status).toBe(429);
    expect((refusal as ProblemException).headers).toEqual({ 'retry-after': '42' });
  });

  it('limits claims per link and per address, and never keys Redis by the raw address', async () => {
    const { limiter, keys } = memoryLimiter();
    const limits = setup(limiter);
    for (let i = 0; i < 3; i++) await limits.claim('203.0.113.9', 'link-1');
    await expect(limits.claim('203.0.113.9', 'link-1')).rejects.toBeInstanceOf(ProblemException);
    await limits.claim('203.0.113.9', 'link-2');
    await expect(limits.claim('203.0.113.9', 'link-3')).rejects.toBeInstanceOf(ProblemException);
    expect(keys.join()).not.toContain('203.0.113.9');
  });

  it('lets requests through when the limiter is down', async () => {
    const limits = setup({ hit: async () => Promise.reject(new Error('ECONNREFUSED')) });
    await expect(limits.create('acme')).resolves.toBeUndefined();
    await expect(limits.claim('203.0.113.9', 'link-1')).resolves.toBeUndefined();
  });
});
