/** One finished call as the window remembers it. */
interface Sample {
  readonly at: number;
  readonly failed: boolean;
}

/**
 * The last `maxCalls` calls that also fall within the last `maxAgeMs`: a burst is judged by
 * count, a trickle by time, so an old failure never keeps a quiet path tripped.
 */
export class SlidingWindow {
  private samples: Sample[] = [];

  constructor(
    private readonly maxCalls: number,
    private readonly maxAgeMs: number,
  ) {
    if (!Number.isInteger(maxCalls) || maxCalls < 1) throw new RangeError('maxCalls must be a positive integer');
    if (!(maxAgeMs > 0)) throw new RangeError('maxAgeMs must be positive');
  }

  record(at: number, failed: boolean): void {
    this.samples.push({ at, failed });
    if (this.samples.length > this.maxCalls) this.samples.shift();
  }

  /** Calls and failures still inside the window at `now`. */
  counts(now: number): { readonly calls: number; readonly failures: number } {
    const oldest = now - this.maxAgeMs;
    if ((this.samples[0]?.at ?? Infinity) <= oldest) this.samples = this.samples.filter((s) => s.at > oldest);
    return { calls: this.samples.length, failures: this.samples.filter((s) => s.failed).length };
  }

  clear(): void {
    this.samples = [];
  }
}
