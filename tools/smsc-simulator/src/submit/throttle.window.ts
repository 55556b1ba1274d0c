const WINDOW_MS = 1_000;

/** At most `limit` acquisitions in any sliding one-second window. */
export class ThrottleWindow {
  private readonly accepted: number[] = [];

  constructor(private readonly limit: number) {}

  tryAcquire(now = Date.now()): boolean {
    while ((this.accepted[0] ?? Infinity) <= now - WINDOW_MS) this.accepted.shift();
    if (this.accepted.length >= this.limit) return false;
    this.accepted.push(now);
    return true;
  }
}
