/**
 * The SMPP window: at most `size` requests outstanding (sent, no response yet) on one bind.
 * Waiters get slots first-come first-served; `drained()` lets shutdown wait for the last one.
 */
export class Window {
  private used = 0;
  private highWater = 0;
  private readonly waiters: { grant: () => void; refuse: (error: Error) => void }[] = [];
  private readonly idle: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('window size must be a positive integer');
  }

  get inUse(): number {
    return this.used;
  }

  /** Most slots ever in use at once. */
  get peak(): number {
    return this.highWater;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(): Promise<void> {
    if (this.used < this.size && this.waiters.length === 0) {
      this.take();
      return Promise.resolve();
    }
    return new Promise<void>((grant, refuse) => this.waiters.push({ grant, refuse }));
  }

  release(): void {
    if (this.used === 0) throw new Error('window released more often than acquired');
    this.used -= 1;
    const next = this.waiters.shift();
    if (next) {
      this.take();
      next.grant();
    } else if (this.used === 0) {
      this.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Fails everyone still waiting for a slot (the bind is gone). */
  refuseWaiting(error: Error): void {
    this.waiters.splice(0).forEach((waiter) => waiter.refuse(error));
  }

  /** Resolves once no slot is in use. */
  drained(): Promise<void> {
    if (this.used === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private take(): void {
    this.used += 1;
    this.highWater = Math.max(this.highWater, this.used);
  }
}
