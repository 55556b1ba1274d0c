import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles from the minimum up to the cap, with half of each delay random', () => {
    const low = new Backoff(100, 1_000, () => 0);
    expect([1, 2, 3, 4, 5, 6].map(() => low.next())).toEqual([50, 100, 200, 400, 500, 500]);
    const high = new Backoff(100, 1_000, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(() => high.next())).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('spreads binds that fail together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => new Backoff(1_000, 30_000).next()));
    expect(delays.size).toBeGreaterThan(1);
  });

  it('starts over after reset', () => {
    const backoff = new Backoff(100, 1_000, () => 1);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
