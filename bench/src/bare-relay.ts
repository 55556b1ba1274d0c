// The baseline: a bare kafkajs relay chain with as many hops as the pipeline (three topics:
// send request, dispatch, outcome; two relays, one observer), each relay re-publishing the
// bytes it read. Benchmarks are not
// a Nx project, so this is the one place outside the bus lib that imports kafkajs directly.
import { kafkajsSasl, type KafkaSasl } from '@switchback/bus';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { summarize, type RunStats } from './stats';

const HOPS = 3;

export class BareRelay {
  private readonly kafka: Kafka;
  private readonly topics: string[];
  private readonly parts: Array<Consumer | Producer> = [];
  private onObserved?: (sentAt: number) => void;
  private producer!: Producer;

  /** `sasl`: the same login as the pipeline's clients (SASL costs a handshake per connection, not per message). */
  constructor(brokers: string[], prefix: string, sasl?: KafkaSasl) {
    this.kafka = new Kafka({ clientId: 'bare-relay', brokers, logLevel: logLevel.NOTHING, ...(sasl ? { sasl: kafkajsSasl(sasl) } : {}) });
    this.topics = Array.from({ length: HOPS }, (_, i) => `${prefix}bare.${i}`);
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: this.topics.map((topic) => ({ topic, numPartitions: 6 })), waitForLeaders: true });
    await admin.disconnect();
    this.producer = this.kafka.producer();
    await this.producer.connect();
    this.parts.push(this.producer);
    for (let hop = 0; hop < HOPS; hop += 1) {
      const consumer = this.kafka.consumer({ groupId: `${this.topics[hop]}.g` });
      await consumer.connect();
      await consumer.subscribe({ topics: [this.topics[hop]!], fromBeginning: true });
      const next = this.topics[hop + 1];
      await consumer.run({
        partitionsConsumedConcurrently: 6,
        eachMessage: async ({ message }) => {
          if (next) await this.producer.send({ topic: next, messages: [{ key: message.key, value: message.value }] });
          else this.onObserved?.(Number(message.value?.toString()));
        },
      });
      this.parts.push(consumer);
    }
  }

  async run(count: number, ratePerS: number | null): Promise<RunStats> {
    const latencies: number[] = [];
    let last = 0;
    const done = new Promise<void>((resolve) => {
      this.onObserved = (sentAt) => {
        last = Date.now();
        latencies.push(last - sentAt);
        if (latencies.length === count) resolve();
      };
    });
    const first = Date.now();
    await paced(count, ratePerS, (i) => this.producer.send({ topic: this.topics[0]!, messages: [{ key: `r${i % 64}`, value: String(Date.now()) }] }));
    await done;
    return summarize(latencies, first, last);
  }

  async stop(): Promise<void> {
    await Promise.all(this.parts.map((part) => part.disconnect()));
  }
}

/** Sends `count` items at a fixed rate (or as fast as they are accepted when rate is null). */
export async function paced(count: number, ratePerS: number | null, send: (i: number) => Promise<unknown>): Promise<void> {
  const pending: Promise<unknown>[] = [];
  const start = Date.now();
  for (let i = 0; i < count; i += 1) {
    if (ratePerS) {
      const due = start + (i * 1000) / ratePerS;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
    pending.push(send(i));
  }
  await Promise.all(pending);
}
