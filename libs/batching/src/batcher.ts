interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers items for up to `maxDelayMs` or `maxItems`, then hands them to `flush` as one batch;
 * one flush runs at a time, and what arrives meanwhile is the next batch. Each caller's promise
 * settles with its own item's result, only after the batch is done: a Kafka handler resolves
 * once its row is committed. `maxDelayMs: 0` batches what arrives in one turn of the event loop
 * (the bus's produce requests); a positive delay trades latency for bigger batches (audit rows).
 */
export class Batcher<T, R> {
  private pending: Pending<T, R>[] = [];
  private timer: { cancel(): void } | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly options: { readonly maxItems: number; readonly maxDelayMs: number },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxItems) this.kick();
      else this.timer ??= this.schedule();
    });
  }

  /** Flushes whatever is waiting (shutdown). */
  async drain(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  private schedule(): { cancel(): void } {
    if (this.options.maxDelayMs === 0) {
      const immediate = setImmediate(() => this.kick());
      return { cancel: () => clearImmediate(immediate) };
    }
    const timeout = setTimeout(() => this.kick(), this.options.maxDelayMs);
    return { cancel: () => clearTimeout(timeout) };
  }

  private kick(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.running ??= this.run().finally(() => {
      this.running = undefined;
      // Items that came in after the loop's last look: batch them without waiting for a timer.
      if (this.pending.length > 0 && !this.timer) this.kick();
    });
  }

  private async run(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.maxItems);
      try {
        const results = await this.flush(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve(results[i] as R));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
  }
}
