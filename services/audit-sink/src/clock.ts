/** Port for time, so partitions, retention and checkpoints are testable without waiting. */
export interface Clock {
  now(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };
