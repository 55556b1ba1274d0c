import { Channel } from '@switchback/contracts';
import { RedisChannelCircuits } from './redis-channel-circuits';

describe('RedisChannelCircuits (cache)', () => {
  it('asks Redis at most once per channel per cache period and shares a pending answer', async () => {
    const clock = { t: 0 };
    let calls = 0;
    let open = 1;
    const redis = { exists: async () => ((calls += 1), open) };
    const circuits = new RedisChannelCircuits(redis as never, { cacheMs: 1_000, now: () => clock.t });
    expect(await Promise.all([circuits.isOpen(Channel.RCS), circuits.isOpen(Channel.RCS)])).toEqual([true, true]);
    expect(calls).toBe(1);
    open = 0;
    clock.t = 999;
    expect(await circuits.isOpen(Channel.RCS)).toBe(true);
    clock.t = 1_000;
    expect(await circuits.isOpen(Channel.RCS)).toBe(false);
    expect(await circuits.isOpen(Channel.SMS)).toBe(false);
    expect(calls).toBe(3);
  });

  it('does not cache a Redis error', async () => {
    let fail = true;
    const redis = { exists: async () => { if (fail) throw new Error('down'); return 1; } };
    const circuits = new RedisChannelCircuits(redis as never, { now: () => 0 });
    await expect(circuits.isOpen(Channel.SMS)).rejects.toThrow('down');
    fail = false;
    expect(await circuits.isOpen(Channel.SMS)).toBe(true);
  });
});
