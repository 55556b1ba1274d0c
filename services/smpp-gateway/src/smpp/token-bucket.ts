export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Throughput limit of one bind: `ratePerSecond` tokens a second, at most `burst` saved up.
 * A caller that finds no token reserves the next one (the balance goes negative) and sleeps
 * until it is due, so concurrent callers are served in order and the rate holds on average.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError('rate must be > 0 and burst >= 1');
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Takes one token, waiting if needed; resolves with the ms waited (0 = no throttle wait). */
  async take(): Promise<number> {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.ratePerSecond) / 1000);
    this.refilledAt = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    const waitMs = Math.ceil((-this.tokens * 1000) / this.ratePerSecond);
    await this.sleep(waitMs);
    return waitMs;
  }
}
