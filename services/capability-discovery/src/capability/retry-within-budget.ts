import type { SleepingClock } from '@switchback/runtime';

export interface RetryPolicy {
  readonly attempts: number;
  /** Total time for every attempt and backoff; each attempt gets what is left as its timeout. */
  readonly budgetMs: number;
  /** First backoff; doubles after each failure. */
  readonly backoffMs: number;
}

/**
 * Calls `attempt` until it succeeds, the error is not retriable, the attempts run out or the
 * budget does; then throws the last error. The budget bounds how long a send waits on the hub.
 */
export async function retryWithinBudget<T>(attempt: (timeoutMs: number) => Promise<T>, policy: RetryPolicy, clock: SleepingClock, retriable: (error: unknown) => boolean): Promise<T> {
  const deadline = clock.now() + policy.budgetMs;
  let lastError: unknown;
  for (let n = 1; n <= policy.attempts; n += 1) {
    try {
      return await attempt(Math.max(1, deadline - clock.now()));
    } catch (error) {
      lastError = error;
      if (!retriable(error)) throw error;
    }
    const backoff = policy.backoffMs * 2 ** (n - 1);
    // No point sleeping into a retry that would have no time left to run.
    if (n === policy.attempts || clock.now() + backoff >= deadline) break;
    await clock.sleep(backoff);
  }
  throw lastError;
}
