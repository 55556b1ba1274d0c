/** One fetched batch's messages as the runner sees them. */
export interface BatchItem {
  readonly offset: string;
  readonly key: Buffer | null;
}

export interface BatchControl {
  /** False once the consumer is stopping or the batch is stale (a rebalance took the partition). */
  shouldContinue(): boolean;
  /** Keeps the group membership alive during long batches (kafkajs throttles the real calls). */
  heartbeat(): Promise<void>;
}

export interface BatchResult {
  /** The last offset of the unbroken run of processed messages from the batch start, if any. */
  readonly lastContiguousOffset: string | undefined;
  readonly error?: unknown;
}

/**
 * Processes one partition's batch with messages of different keys in parallel and messages of
 * the same key strictly in order (keys are recipients: their events must stay ordered). At
 * most `keyConcurrency` keys run at once. Messages without a key share one lane.
 *
 * Offsets: only the unbroken prefix of processed messages may be committed, so a failure (or a
 * stop) mid-batch re-reads everything after the first unprocessed message — at least once,
 * never skipped. Messages of other keys beyond that point may run twice; handlers are
 * idempotent by contract.
 */
export async function processByKey<T extends BatchItem>(
  messages: readonly T[],
  keyConcurrency: number,
  control: BatchControl,
  run: (message: T) => Promise<void>,
): Promise<BatchResult> {
  const lanes = new Map<string, T[]>();
  for (const message of messages) {
    const lane = message.key ? message.key.toString('latin1') : '';
    const queue = lanes.get(lane);
    if (queue) queue.push(message);
    else lanes.set(lane, [message]);
  }
  const pending = [...lanes.values()];
  const done = new Set<T>();
  let failure: { error: unknown } | undefined;

  const worker = async (): Promise<void> => {
    for (let lane = pending.shift(); lane; lane = pending.shift()) {
      for (const message of lane) {
        if (failure || !control.shouldContinue()) return;
        try {
          await run(message);
        } catch (error) {
          failure ??= { error };
          return;
        }
        done.add(message);
        await control.heartbeat();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(keyConcurrency, lanes.size)) }, worker));

  let lastContiguousOffset: string | undefined;
  for (const message of messages) {
    if (!done.has(message)) break;
    lastContiguousOffset = message.offset;
  }
  return failure ? { lastContiguousOffset, error: failure.error } : { lastContiguousOffset };
}
