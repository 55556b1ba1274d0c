import { ThrottleWindow } from './throttle.window';

describe('ThrottleWindow', () => {
  it('allows N per sliding second', () => {
    const window = new ThrottleWindow(2);
    expect([window.tryAcquire(1_000), window.tryAcquire(1_400), window.tryAcquire(1_900)]).toEqual([true, true, false]);
    expect(window.tryAcquire(2_000)).toBe(true); // the 1_000 slot left the window
    expect(window.tryAcquire(2_300)).toBe(false);
  });
});
