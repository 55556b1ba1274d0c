import type { SleepingClock } from '@switchback/runtime';
import { retryWithinBudget } from './retry-within-budget';

/** A clock that only moves when someone sleeps or an attempt "takes" time. */
function fakeClock(): SleepingClock & { slept: number[]; advance(ms: number): void } {
  let now = 1_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
    advance: (ms) => (now += ms),
  };
}

const always = () => true;

describe('retryWithinBudget', () => {
  it('retries with doubling backoff until an attempt succeeds', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await retryWithinBudget(() => (++calls < 3 ? Promise.reject(new Error('503')) : Promise.resolve('ok')), { attempts: 3, budgetMs: 1_500, backoffMs: 100 }, clock, always);
    expect(result).toBe('ok');
    expect(clock.slept).toEqual([100, 200]);
  });

  it('gives each attempt the time left in the budget as its timeout', async () => {
    const clock = fakeClock();
    const timeouts: number[] = [];
    await expect(
      retryWithinBudget((timeoutMs) => {
        timeouts.push(timeoutMs);
        clock.advance(timeoutMs / 2);
        return Promise.reject(new Error('timeout'));
      }, { attempts: 3, budgetMs: 1_000, backoffMs: 50 }, clock, always),
    ).rejects.toThrow('timeout');
    expect(timeouts).toEqual([1_000, 450, 125]);
  });

  it('stops when the budget would run out during the backoff', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      retryWithinBudget(() => {
        calls += 1;
        clock.advance(900);
        return Promise.reject(new Error('slow'));
      }, { attempts: 5, budgetMs: 1_000, backoffMs: 200 }, clock, always),
    ).rejects.toThrow('slow');
    expect(calls).toBe(1);
  });

  it('does not retry an error that is not retriable', async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(retryWithinBudget(() => (calls++, Promise.reject(new Error('bad'))), { attempts: 3, budgetMs: 1_000, backoffMs: 10 }, clock, () => false)).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });
});
