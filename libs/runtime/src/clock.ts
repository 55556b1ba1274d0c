/** Port for time, so deadlines, expiry, windows and backoff are testable without waiting. */
export interface Clock {
  now(): number;
}

/** A clock that can also wait: backoff and rate limits sleep through it, tests skip ahead. */
export interface SleepingClock extends Clock {
  sleep(ms: number): Promise<void>;
}

/** The injection token every service provides its clock under. */
export const CLOCK = Symbol('CLOCK');

export const systemClock: SleepingClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
