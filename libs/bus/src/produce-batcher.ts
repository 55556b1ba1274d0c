import type { Message, Producer, TopicMessages } from 'kafkajs';

interface PendingSend {
  readonly topic: string;
  readonly message: Message;
  resolve(): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 500;

/**
 * Collects the sends made while the previous request is in flight and writes them as one
 * produce request: the idempotent producer allows one request in flight per broker, so
 * sending message by message would cap throughput at one round trip per message.
 */
export class ProduceBatcher {
  private pending: PendingSend[] = [];
  private flushing = false;
  private idle: (() => void)[] = [];

  constructor(private readonly producer: Producer) {}

  send(topic: string, message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ topic, message, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        await this.producer.sendBatch({ topicMessages: groupByTopic(batch), acks: -1 });
        batch.forEach((send) => send.resolve());
      } catch (error) {
        batch.forEach((send) => send.reject(error));
      }
    }
    this.flushing = false;
    this.idle.splice(0).forEach((resolve) => resolve());
  }

  /** Resolves once every send made so far has been written or has failed (before a disconnect). */
  drain(): Promise<void> {
    if (!this.flushing && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}

function groupByTopic(batch: PendingSend[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, message } of batch) {
    const messages = byTopic.get(topic) ?? [];
    messages.push(message);
    byTopic.set(topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
