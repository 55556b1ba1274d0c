import { ConcurrencyLimiter, SlotTimeoutError } from './concurrency-limiter';

describe('ConcurrencyLimiter', () => {
  it('holds at most `limit` slots and hands them on in arrival order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const a = await limiter.acquire(1_000);
    const b = await limiter.acquire(1_000);
    const order: string[] = [];
    const c = limiter.acquire(1_000).then((release) => (order.push('c'), release));
    const d = limiter.acquire(1_000).then((release) => (order.push('d'), release));
    expect(limiter.inUse).toBe(2);
    expect(limiter.queued).toBe(2);
    a();
    a(); // releasing twice frees one slot only
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(limiter.inUse).toBe(0);
  });

  it('gives up after the wait bound and leaves the queue clean', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const held = await limiter.acquire(0);
    await expect(limiter.acquire(10)).rejects.toBeInstanceOf(SlotTimeoutError);
    expect(limiter.queued).toBe(0);
    held();
    expect(limiter.inUse).toBe(0);
  });
});
