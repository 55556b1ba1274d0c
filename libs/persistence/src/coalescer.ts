interface Pending<In, Out> {
  readonly input: In;
  resolve(output: Out): void;
  reject(error: unknown): void;
}

const DEFAULT_MAX_BATCH = 500;

/**
 * Group commit (and group read) for one statement: what callers submit while the previous
 * statement is in flight goes to the database together, as one multi-row statement (`run`), so
 * a hundred concurrent handlers cost a few round trips and commits instead of a hundred.
 *
 * `run` gets at most `maxBatch` inputs in the order they were submitted and returns one output
 * per input, in the same order (or nothing, for writes). Each caller's promise settles with its
 * batch: a failed statement rejects every caller in it, and each caller's retry submits again,
 * so writes must be idempotent. Several inputs may name the same row: `run` decides which one
 * wins (an upsert cannot touch one row twice in a statement).
 */
export class Coalescer<In, Out = void> {
  private pending: Pending<In, Out>[] = [];
  private flushing = false;

  constructor(
    private readonly run: (inputs: readonly In[]) => Promise<readonly Out[] | void>,
    private readonly maxBatch: number = DEFAULT_MAX_BATCH,
  ) {}

  submit(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the handlers running in this tick submit theirs first.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const outputs = await this.run(batch.map((call) => call.input));
        batch.forEach((call, index) => call.resolve(outputs?.[index] as Out));
      } catch (error) {
        batch.forEach((call) => call.reject(error));
      }
    }
    this.flushing = false;
  }
}
