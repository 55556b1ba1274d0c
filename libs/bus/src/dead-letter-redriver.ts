import type { Kafka } from 'kafkajs';
import { BusHeaders, headersAsText } from './bus-headers';
import type { EventPublisher } from './event-publisher';
import type { TopicNames } from './topic-names';

export interface RedriveResult {
  readonly redriven: number;
}

/**
 * Moves a group's dead letters back onto its first retry tier, due at once and with a fresh
 * attempt count, so only that group's handler sees them again. Reads what the dead-letter
 * topic holds when the call starts, then stops; its own consumer group remembers where it
 * stopped, so a second call moves only newer dead letters.
 */
export async function redriveDeadLetters(kafka: Kafka, publisher: EventPublisher, names: TopicNames, group: string, timeoutMs = 30_000): Promise<RedriveResult> {
  const topic = names.deadLetter(group);
  const groupId = `${names.consumerGroup(group)}.redrive`;
  const pending = await partitionsWithBacklog(kafka, topic, groupId);
  if (pending.size === 0) return { redriven: 0 };

  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let redriven = 0;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redrive of ${topic} did not finish in ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const lastOffset = pending.get(partition);
            if (lastOffset === undefined || BigInt(message.offset) > lastOffset) return;
            const headers = headersAsText(message.headers);
            delete headers[BusHeaders.reason];
            await publisher.publishRaw(names.retry(group, 1), {
              key: message.key,
              value: message.value,
              headers: { ...headers, [BusHeaders.attempts]: '0', [BusHeaders.retryAt]: String(Date.now()), [BusHeaders.redrivenAt]: new Date().toISOString() },
            });
            redriven += 1;
            if (BigInt(message.offset) === lastOffset) pending.delete(partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return { redriven };
}

/** How many dead letters of a group wait for a redrive (those not yet moved back). */
export async function pendingDeadLetters(kafka: Kafka, names: TopicNames, group: string): Promise<number> {
  const topic = names.deadLetter(group);
  const groupId = `${names.consumerGroup(group)}.redrive`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedByPartition = new Map(committed?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? []);
    return ends.reduce((sum, { partition, high, low }) => {
      const from = Math.max(committedByPartition.get(partition) ?? -1, Number(low));
      return sum + Math.max(0, Number(high) - from);
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

/** Partition → last offset to redrive, for partitions with messages this group has not read. */
async function partitionsWithBacklog(kafka: Kafka, topic: string, groupId: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committedByPartition = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
    const backlog = new Map<number, bigint>();
    for (const { partition, high, low } of ends) {
      const start = committedByPartition.get(partition) ?? -1n;
      const next = start >= 0n ? start : BigInt(low);
      if (next < BigInt(high)) backlog.set(partition, BigInt(high) - 1n);
    }
    return backlog;
  } finally {
    await admin.disconnect();
  }
}
