import { Batcher } from '@switchback/batching';
import type { Message, Producer, TopicMessages } from 'kafkajs';

interface Send {
  readonly topic: string;
  readonly message: Message;
}

const MAX_BATCH = 500;

/**
 * Collects the sends made while the previous request is in flight and writes them as one
 * produce request: the idempotent producer allows one request in flight per broker, so
 * sending message by message would cap throughput at one round trip per message.
 */
export class ProduceBatcher {
  private readonly batcher: Batcher<Send, void>;

  constructor(producer: Producer) {
    this.batcher = new Batcher<Send, void>(
      async (sends) => {
        await producer.sendBatch({ topicMessages: groupByTopic(sends), acks: -1 });
        return sends.map(() => undefined);
      },
      { maxItems: MAX_BATCH, maxDelayMs: 0 },
    );
  }

  send(topic: string, message: Message): Promise<void> {
    return this.batcher.add({ topic, message });
  }

  /** Resolves once every send made so far has been written or has failed (before a disconnect). */
  drain(): Promise<void> {
    return this.batcher.drain();
  }
}

function groupByTopic(batch: readonly Send[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, message } of batch) {
    const messages = byTopic.get(topic) ?? [];
    messages.push(message);
    byTopic.set(topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
