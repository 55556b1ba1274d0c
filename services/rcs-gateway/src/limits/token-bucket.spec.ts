import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through at once, then spaces reservations at the rate', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.reserve(0, 10_000), bucket.reserve(0, 10_000), bucket.reserve(0, 10_000)]).toEqual([0, 0, 0]);
    // Empty: the next ones wait 100, 200, 300 ms, in order.
    expect([bucket.reserve(0, 10_000), bucket.reserve(0, 10_000), bucket.reserve(0, 10_000)]).toEqual([100, 200, 300]);
  });

  it('refills with time, never beyond the burst', () => {
    const bucket = new TokenBucket(10, 2, 0);
    bucket.reserve(0, 0);
    bucket.reserve(0, 0);
    expect(bucket.reserve(50, 0)).toBeUndefined(); // half a token
    expect(bucket.reserve(100, 0)).toBe(0);
    expect(bucket.reserve(60_000, 0)).toBe(0);
    expect(bucket.reserve(60_000, 0)).toBe(0);
    expect(bucket.reserve(60_000, 0)).toBeUndefined();
  });

  it('reserves nothing when the wait would exceed the bound', () => {
    const bucket = new TokenBucket(1, 1, 0);
    expect(bucket.reserve(0, 0)).toBe(0);
    expect(bucket.reserve(0, 500)).toBeUndefined();
    expect(bucket.reserve(0, 1_000)).toBe(1_000); // the refused call did not take a token
  });

  it('never exceeds the rate over a long run', () => {
    const bucket = new TokenBucket(100, 10, 0);
    let granted = 0;
    for (let t = 0; t <= 10_000; t += 1) if (bucket.reserve(t, 0) === 0) granted += 1;
    expect(granted).toBeLessThanOrEqual(100 * 10 + 10);
    expect(granted).toBeGreaterThanOrEqual(100 * 10);
  });
});
