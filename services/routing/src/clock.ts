/** Port for time, so cache expiry and hold deadlines are testable without waiting. */
export interface Clock {
  now(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };
