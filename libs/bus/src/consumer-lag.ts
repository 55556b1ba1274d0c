/** Lag of one partition of one topic a consumer group reads. */
export interface PartitionLag {
  /** The event topic's key (`sendRequested`) or `retry-<tier>`: prefix-free and bounded. */
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
}

/** One sample of a group's lag: every partition it reads, and the sum over its event topics. */
export interface ConsumerLagSample {
  readonly group: string;
  readonly partitions: readonly PartitionLag[];
  /**
   * Messages behind on the event topics. Retry tiers are left out: their messages wait there on
   * purpose until due, and more pods would not drain them sooner (what an HPA needs to know).
   */
  readonly eventTopicsTotal: number;
}

export interface PartitionOffsets {
  readonly partition: number;
  /** Next offset to be written (high watermark). */
  readonly high: string;
  /** Earliest offset still on the broker. */
  readonly low: string;
}

/**
 * Messages between a group's position and the end of a partition. No committed offset (-1)
 * counts from the earliest message, as the consumers (fromBeginning) would start there; a
 * committed offset below the earliest one (deleted by retention) starts there too.
 */
export function partitionLag(offsets: PartitionOffsets, committed: string | undefined): number {
  const high = Number(offsets.high);
  const low = Number(offsets.low);
  const position = committed === undefined || Number(committed) < 0 ? low : Math.max(Number(committed), low);
  return Math.max(0, high - position);
}

/** Lag of every partition of one topic, from the broker's watermarks and the group's commits. */
export function topicLag(topic: string, offsets: readonly PartitionOffsets[], committed: readonly { partition: number; offset: string }[]): PartitionLag[] {
  const byPartition = new Map(committed.map((entry) => [entry.partition, entry.offset]));
  return offsets.map((partition) => ({ topic, partition: partition.partition, lag: partitionLag(partition, byPartition.get(partition.partition)) }));
}
