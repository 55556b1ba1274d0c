import { Channel } from '@switchback/contracts';
import { eventually, testEnv, uniqueName } from '@switchback/testing';
import Redis from 'ioredis';
import { channelCircuitKey } from './channel-circuits';
import { RedisChannelCircuits } from './redis-channel-circuits';
import { RedisChannelFlag } from './redis-channel-flag';

// The gateway's flag and routing's reader against the real Redis, on a key of this test's own.
describe('Redis channel circuit flag (real Redis)', () => {
  const redis = new Redis(testEnv.redisUrl);
  const key = `${uniqueName('circuit')}:${channelCircuitKey(Channel.SMS)}`;
  const flag = new RedisChannelFlag(redis, 'pod-1', () => key);
  const circuits = (cacheMs = 0) => new RedisChannelCircuits(redis, { cacheMs, keyFor: () => key });

  afterAll(async () => {
    await redis.del(key);
    redis.disconnect();
  });

  it('names the key routing reads after the channel', () => {
    expect(channelCircuitKey(Channel.RCS)).toBe('sb:circuit:channel:RCS');
    expect(channelCircuitKey(Channel.SMS)).toBe('sb:circuit:channel:SMS');
  });

  it('reads open while the gateway flag is raised, closed once it is lowered', async () => {
    const reader = circuits();
    expect(await reader.isOpen(Channel.SMS)).toBe(false);
    await flag.raise(Channel.SMS, 30_000);
    expect(await reader.isOpen(Channel.SMS)).toBe(true);
    const pttl = await redis.pttl(key);
    expect(pttl).toBeGreaterThan(20_000);
    expect(pttl).toBeLessThanOrEqual(30_000);
    await flag.lower(Channel.SMS);
    expect(await reader.isOpen(Channel.SMS)).toBe(false);
  });

  it('expires by itself at the end of the cool-down (a dead gateway cannot keep a channel shut)', async () => {
    const reader = circuits();
    await flag.raise(Channel.SMS, 300);
    expect(await reader.isOpen(Channel.SMS)).toBe(true);
    await eventually(async () => expect(await reader.isOpen(Channel.SMS)).toBe(false), 5_000);
  });

  it('serves a cached answer for about a second', async () => {
    const reader = circuits(1_000);
    await flag.raise(Channel.SMS, 30_000);
    expect(await reader.isOpen(Channel.SMS)).toBe(true);
    await flag.lower(Channel.SMS);
    expect(await reader.isOpen(Channel.SMS)).toBe(true); // cached
    await eventually(async () => expect(await reader.isOpen(Channel.SMS)).toBe(false), 5_000);
  });
});
