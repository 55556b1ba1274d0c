import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never overlaps a slow run, and stop waits for the run in progress', async () => {
    let runs = 0;
    let finish!: () => void;
    const task = new PeriodicTask('test-sweep', 100, () => {
      runs += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    task.start();
    jest.advanceTimersByTime(350);
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    jest.advanceTimersByTime(500);
    expect(runs).toBe(1);
  });

  it('keeps going after a failed run', async () => {
    let runs = 0;
    const task = new PeriodicTask('test-sweep', 100, async () => {
      runs += 1;
      throw new Error('database down');
    });
    task.start();
    jest.advanceTimersByTime(100);
    await jest.runOnlyPendingTimersAsync();
    jest.advanceTimersByTime(100);
    expect(runs).toBeGreaterThanOrEqual(2);
    await task.stop();
  });

  it('never keeps the process alive', async () => {
    jest.useRealTimers();
    const task = new PeriodicTask('test-sweep', 60_000, async () => undefined);
    task.start();
    expect((task as unknown as { timer: NodeJS.Timeout }).timer.hasRef()).toBe(false);
    await task.stop();
  });
});
