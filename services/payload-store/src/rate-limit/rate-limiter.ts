/** The verdict of one hit on a fixed-window counter. */
export interface RateLimitVerdict {
  readonly allowed: boolean;
  /** Seconds until the window resets (at least 1). */
  readonly retryAfterSeconds: number;
}

/** Port: counts hits on `key` in fixed windows of `windowSeconds`, allowing `limit` per window. */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitVerdict>;
}

export const RATE_LIMITER = Symbol('RATE_LIMITER');
