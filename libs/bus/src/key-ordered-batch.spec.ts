import { processByKey, type BatchItem } from './key-ordered-batch';

interface Item extends BatchItem {
  readonly id: number;
}

const item = (id: number, key: string | null): Item => ({ id, offset: String(100 + id), key: key === null ? null : Buffer.from(key) });
const control = { shouldContinue: () => true, heartbeat: () => Promise.resolve() };
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('processByKey', () => {
  it('keeps each key in order while different keys run in parallel', async () => {
    const batch = [item(0, 'a'), item(1, 'b'), item(2, 'a'), item(3, 'c'), item(4, 'b'), item(5, 'a')];
    const order: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const result = await processByKey(batch, 8, control, async (message) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      // Later keys finish first: only the per-key order may hold.
      await new Promise((resolve) => setTimeout(resolve, message.key?.toString() === 'a' ? 5 : 1));
      order.push(message.id);
      inFlight -= 1;
    });
    const of = (key: string) => order.filter((id) => batch[id]!.key?.toString() === key);
    expect(of('a')).toEqual([0, 2, 5]);
    expect(of('b')).toEqual([1, 4]);
    expect(maxInFlight).toBe(3);
    expect(result).toEqual({ lastContiguousOffset: '105' });
  });

  it('runs at most keyConcurrency keys at once', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => item(i, `k${i}`));
    let inFlight = 0;
    let maxInFlight = 0;
    await processByKey(batch, 4, control, async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await tick();
      inFlight -= 1;
    });
    expect(maxInFlight).toBe(4);
  });

  it('with concurrency 1 is the plain sequential order', async () => {
    const batch = [item(0, 'a'), item(1, 'b'), item(2, null), item(3, 'a'), item(4, null)];
    const order: number[] = [];
    await processByKey(batch, 1, control, async (message) => void order.push(message.id));
    expect(order).toEqual([0, 3, 1, 2, 4]); // lane by lane; each key (and the key-less lane) in order
  });

  it('after a failure commits only the unbroken prefix and stops taking new messages', async () => {
    const batch = [item(0, 'a'), item(1, 'b'), item(2, 'a'), item(3, 'c'), item(4, 'd')];
    const ran: number[] = [];
    const result = await processByKey(batch, 1, control, async (message) => {
      if (message.id === 2) throw new Error('park failed');
      ran.push(message.id);
    });
    expect(result.error).toEqual(new Error('park failed'));
    // 0 done, 2 failed: offset 100 is the last one that may be committed.
    expect(result.lastContiguousOffset).toBe('100');
    expect(ran).toEqual([0]);
  });

  it('stops at a rebalance and reports what is safe to commit', async () => {
    const batch = [item(0, 'a'), item(1, 'a'), item(2, 'a')];
    let running = true;
    const result = await processByKey(batch, 2, { shouldContinue: () => running, heartbeat: () => Promise.resolve() }, async (message) => {
      if (message.id === 1) running = false;
    });
    expect(result).toEqual({ lastContiguousOffset: '101' });
  });

  it('reports nothing to commit when the first message fails', async () => {
    const result = await processByKey([item(0, 'a'), item(1, 'b')], 2, control, async (message) => {
      if (message.id === 0) throw new Error('x');
    });
    expect(result.lastContiguousOffset).toBeUndefined();
  });
});
