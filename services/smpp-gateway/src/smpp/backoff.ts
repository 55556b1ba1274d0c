/**
 * Reconnect delays: exponential from `minMs`, capped at `maxMs`, with "equal jitter" (half the
 * delay fixed, half random) so that binds dropped together do not reconnect in lockstep.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {
    if (!(minMs > 0) || maxMs < minMs) throw new RangeError('need 0 < minMs <= maxMs');
  }

  next(): number {
    const ceiling = Math.min(this.maxMs, this.minMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  reset(): void {
    this.attempt = 0;
  }
}
