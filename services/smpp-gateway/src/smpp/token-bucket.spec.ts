import { TokenBucket } from './token-bucket';

/** A fake clock whose sleep advances time, so rates can be checked without waiting. */
function fakeTime() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) };
}

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces callers at the rate', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(100, 5, time.now, time.sleep);
    const waits: number[] = [];
    for (let i = 0; i < 5; i += 1) waits.push(await bucket.take());
    expect(waits).toEqual([0, 0, 0, 0, 0]);
    expect(await bucket.take()).toBe(10);
  });

  it('holds the rate over many takes', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(500, 1, time.now, time.sleep);
    for (let i = 0; i < 1_000; i += 1) await bucket.take();
    // 1 free token, then 999 at 2 ms each.
    expect(time.now()).toBeGreaterThanOrEqual(1_998);
    expect(time.now()).toBeLessThanOrEqual(2_000);
  });

  it('serves concurrent callers in order with increasing waits', async () => {
    const time = fakeTime();
    const waits: number[] = [];
    const bucket = new TokenBucket(10, 1, time.now, async (ms) => void waits.push(ms));
    await Promise.all([bucket.take(), bucket.take(), bucket.take()]);
    expect(waits).toEqual([100, 200]);
  });

  it('refills while idle but never above the burst', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket(10, 2, time.now, time.sleep);
    await bucket.take();
    await bucket.take();
    time.advance(60_000);
    expect([await bucket.take(), await bucket.take(), await bucket.take()]).toEqual([0, 0, 100]);
  });
});
