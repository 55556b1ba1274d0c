import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  it('runs what is submitted in the same tick as one batch, and answers each caller with its own output', async () => {
    const batches: number[][] = [];
    const squares = new Coalescer<number, number>(async (inputs) => {
      batches.push([...inputs]);
      return inputs.map((input) => input * input);
    });
    await expect(Promise.all([1, 2, 3].map((input) => squares.submit(input)))).resolves.toEqual([1, 4, 9]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('collects what arrives while a batch is in flight into the next batch', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writes = new Coalescer<number>(async (inputs) => {
      batches.push([...inputs]);
      if (batches.length === 1) await gate;
    });
    const first = writes.submit(1);
    await new Promise((resolve) => setImmediate(resolve)); // the first batch is in flight
    const later = [writes.submit(2), writes.submit(3)];
    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('rejects every caller of a failed batch, and goes on with the next one', async () => {
    let calls = 0;
    const writes = new Coalescer<string>(async () => {
      calls += 1;
      if (calls === 1) throw new Error('deadlock detected');
    });
    const failed = Promise.allSettled([writes.submit('a'), writes.submit('b')]);
    expect((await failed).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(writes.submit('c')).resolves.toBeUndefined();
  });

  it('splits a burst into batches of at most maxBatch', async () => {
    const sizes: number[] = [];
    const writes = new Coalescer<number>(async (inputs) => void sizes.push(inputs.length), 2);
    await Promise.all([1, 2, 3, 4, 5].map((input) => writes.submit(input)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
