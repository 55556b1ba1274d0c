import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import type { BusLogger } from './bus-options';

/** The part of a kafkajs consumer the committer uses. */
export interface OffsetCommitTarget {
  commitOffsets(offsets: TopicPartitionOffsetAndMetadata[]): Promise<void>;
}

const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/**
 * Commits a consumer's processed offsets every `intervalMs`, and once more when asked (on
 * stop), instead of once per fetched batch. At a few messages per batch, a commit per batch
 * was one broker write per message or two for every service; on restart or rebalance at most
 * one interval of processed messages is read again (at least once; handlers are idempotent).
 *
 * Only offsets the caller reports as processed are committed: the unbroken-prefix rule stays
 * with the caller (processByKey). Offsets of partitions the consumer no longer owns are
 * dropped on reassignment, so a late commit never rewinds the new owner.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, TopicPartitionOffsetAndMetadata>();
  /** The partitions this consumer owns since its last join; undefined before the first one. */
  private owned?: Set<string>;
  private timer?: NodeJS.Timeout;
  private committing: Promise<void> = Promise.resolve();

  constructor(
    private readonly target: OffsetCommitTarget,
    private readonly intervalMs: number,
    private readonly logger: BusLogger,
    private readonly group: string,
  ) {}

  /** `lastOffset` and everything before it on the partition are processed. */
  processed(topic: string, partition: number, lastOffset: string): void {
    const key = partitionKey(topic, partition);
    if (!this.owns(key)) return;
    // Kafka's committed offset is the next one to read.
    this.pending.set(key, { topic, partition, offset: (BigInt(lastOffset) + 1n).toString() });
  }

  /** The group gave this consumer `assignment` (topic → partitions): forget the others. */
  assigned(assignment: Readonly<Record<string, readonly number[]>>): void {
    this.owned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((partition) => partitionKey(topic, partition))));
    for (const key of this.pending.keys()) {
      if (!this.owns(key)) this.pending.delete(key);
    }
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and commits what is pending (call while the consumer is still in the group). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Commits what is pending; one commit at a time, in order. Failures are retried at the next tick. */
  flush(): Promise<void> {
    this.committing = this.committing.then(() => this.commitPending());
    return this.committing;
  }

  private async commitPending(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    try {
      await this.target.commitOffsets(batch);
    } catch (error) {
      // A rebalance or a broker hiccup: keep what no newer offset has replaced, for the next tick.
      for (const offset of batch) {
        const key = partitionKey(offset.topic, offset.partition);
        if (!this.pending.has(key) && this.owns(key)) this.pending.set(key, offset);
      }
      this.logger.warn({ group: this.group, partitions: batch.length, error: error instanceof Error ? error.message : String(error) }, 'offset commit failed; retried at the next interval');
    }
  }

  private owns(key: string): boolean {
    return this.owned === undefined || this.owned.has(key);
  }
}
