import { fromBinary } from '@bufbuild/protobuf';
import { Topics, type EventOf, type TopicKey } from '@switchback/contracts';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { TopicNames } from './topic-names';

export interface TailedEvent<K extends TopicKey> {
  readonly event: EventOf<K>;
  readonly partition: number;
  readonly offset: string;
}

export interface TailOptions<K extends TopicKey> {
  /** Stops the tail: the consumer leaves and its throwaway group is deleted. */
  readonly signal: AbortSignal;
  /** Called once the start offsets are fixed: every event published after this is seen. */
  readonly onReady?: () => void;
  readonly onEvent: (tailed: TailedEvent<K>) => void;
  /** A message that is not a valid event of the topic; it is skipped. */
  readonly onUndecodable?: (partition: number, offset: string) => void;
}

/**
 * Follows one event topic live, as an operator watches it: a consumer group of its own that
 * starts at the end of every partition (as of the call), commits nothing and is deleted when
 * the signal aborts, so it never disturbs the services' groups or leaves offsets behind.
 */
export async function tailEvents<K extends TopicKey>(kafka: Kafka, names: TopicNames, topic: K, options: TailOptions<K>): Promise<void> {
  const topicName = names.event(topic);
  const groupId = names.consumerGroup(`tail-${randomUUID()}`);
  const admin = kafka.admin();
  await admin.connect();
  // Short fetch waits: lines show up at once and Ctrl-C does not wait out a 5 s long poll.
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 250 });
  try {
    // The end of each partition now: "latest" fixed before the group joins, so nothing published
    // after onReady can slip between the join and the first fetch.
    const ends = await admin.fetchTopicOffsets(topicName);
    await consumer.connect();
    await consumer.subscribe({ topics: [topicName], fromBeginning: false });
    const stopped = new Promise<void>((resolve) => {
      if (options.signal.aborted) resolve();
      options.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    // Read up to, per partition: the seek below may re-deliver what the first fetch already did.
    const seen = new Map<number, bigint>();
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = BigInt(message.offset);
        if (options.signal.aborted || offset <= (seen.get(partition) ?? -1n)) return;
        seen.set(partition, offset);
        let event: EventOf<K>;
        try {
          if (!message.value) throw new Error('empty');
          event = fromBinary(Topics[topic].schema, message.value) as EventOf<K>;
        } catch {
          options.onUndecodable?.(partition, message.offset);
          return;
        }
        options.onEvent({ event, partition, offset: message.offset });
      },
    });
    for (const end of ends) consumer.seek({ topic: topicName, partition: end.partition, offset: end.high });
    options.onReady?.();
    await stopped;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
