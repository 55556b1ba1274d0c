/**
 * Measures how a client drives agentMessages: the most POSTs in flight at once and the most
 * POSTs that arrived within any one-second window (a sliding window, not calendar seconds).
 */
export class SendMeter {
  private inFlight = 0;
  private maxInFlight = 0;
  private readonly window: number[] = [];
  private peakPerSecond = 0;

  constructor(private readonly windowMs = 1_000) {}

  /** A POST arrived at `atMs`; call the returned function when it has been answered. */
  started(atMs: number): () => void {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.window.push(atMs);
    while ((this.window[0] ?? Infinity) <= atMs - this.windowMs) this.window.shift();
    this.peakPerSecond = Math.max(this.peakPerSecond, this.window.length);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
    };
  }

  snapshot(): { maxConcurrentSends: number; peakSendsPerSecond: number } {
    return { maxConcurrentSends: this.maxInFlight, peakSendsPerSecond: this.peakPerSecond };
  }

  reset(): void {
    this.maxInFlight = this.inFlight;
    this.window.length = 0;
    this.peakPerSecond = 0;
  }
}
