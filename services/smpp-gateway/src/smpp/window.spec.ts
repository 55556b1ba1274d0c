import { Window } from './window';

describe('Window', () => {
  it('grants up to its size, queues the rest first-come first-served', async () => {
    const window = new Window(2);
    await window.acquire();
    await window.acquire();
    const order: number[] = [];
    const third = window.acquire().then(() => order.push(3));
    const fourth = window.acquire().then(() => order.push(4));
    expect(window.waiting).toBe(2);
    window.release();
    await third;
    expect(window.inUse).toBe(2);
    window.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(window.peak).toBe(2);
  });

  it('tells when the last slot is free again', async () => {
    const window = new Window(3);
    await window.acquire();
    await window.acquire();
    let drained = false;
    const waiting = window.drained().then(() => (drained = true));
    window.release();
    await Promise.resolve();
    expect(drained).toBe(false);
    window.release();
    await waiting;
    expect(drained).toBe(true);
  });

  it('refuses everyone waiting when the bind goes away', async () => {
    const window = new Window(1);
    await window.acquire();
    const waiting = window.acquire();
    window.refuseWaiting(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(window.inUse).toBe(1);
  });

  it('rejects a bad size and an extra release', () => {
    expect(() => new Window(0)).toThrow(RangeError);
    expect(() => new Window(1).release()).toThrow();
  });
});
