/**
 * A token bucket (rate tokens/s, at most `burst` saved up) that hands out reservations: a
 * caller learns how long to wait for its token, and the token is its own from then on, so
 * waiters are served in order and the long-run rate never exceeds `rate`.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAtMs: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    nowMs: number,
  ) {
    if (rate <= 0 || burst < 1) throw new Error('rate must be > 0 and burst >= 1');
    this.tokens = burst;
    this.updatedAtMs = nowMs;
  }

  /**
   * Reserves one token: the ms to wait before using it (0 = now), or undefined, reserving
   * nothing, when that wait would exceed `maxWaitMs`.
   */
  reserve(nowMs: number, maxWaitMs: number): number | undefined {
    this.refill(nowMs);
    const waitMs = this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000);
    if (waitMs > maxWaitMs) return undefined;
    this.tokens -= 1; // may go negative: later callers queue behind this reservation
    return waitMs;
  }

  private refill(nowMs: number): void {
    const elapsedMs = Math.max(0, nowMs - this.updatedAtMs);
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs / 1000) * this.rate);
    this.updatedAtMs = nowMs;
  }
}
