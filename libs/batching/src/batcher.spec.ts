import { Batcher } from './batcher';

describe('Batcher', () => {
  it('hands items gathered within the delay to one flush and settles each with its own result', async () => {
    const flushes: number[][] = [];
    const batcher = new Batcher<number, string>(async (items) => {
      flushes.push(items);
      return items.map((i) => `r${i}`);
    }, { maxItems: 10, maxDelayMs: 5 });
    await expect(Promise.all([1, 2, 3].map((i) => batcher.add(i)))).resolves.toEqual(['r1', 'r2', 'r3']);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('flushes at maxItems without waiting, one flush at a time, and picks up what arrived meanwhile', async () => {
    const flushes: number[][] = [];
    let running = 0;
    let overlap = false;
    const batcher = new Batcher<number, number>(async (items) => {
      overlap ||= running > 0;
      running += 1;
      flushes.push(items);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return items;
    }, { maxItems: 2, maxDelayMs: 60_000 });
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => batcher.add(i)));
    expect(results).toEqual([1, 2, 3, 4, 5, 6]);
    expect(flushes).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(overlap).toBe(false);
  });

  it('rejects every caller of a failed batch (each event is then retried by the bus), and goes on', async () => {
    let fail = true;
    const batcher = new Batcher<number, number>(async (items) => {
      if (fail) throw new Error('db down');
      return items;
    }, { maxItems: 5, maxDelayMs: 1 });
    const failed = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.add(3)).resolves.toBe(3);
  });

  it('drain flushes what waits', async () => {
    const batcher = new Batcher<number, number>(async (items) => items, { maxItems: 5, maxDelayMs: 60_000 });
    const pending = batcher.add(7);
    await batcher.drain();
    await expect(pending).resolves.toBe(7);
  });
});
