import { EventConsumer, EventPublisher, registerHandler, silentBusLogger, TopicNames, createKafka, type BusOptions } from '@switchback/bus';
import type { DeliveryOutcome } from '@switchback/contracts';

/** Follows sb.delivery.outcome of a stack, as an operator's tool would, with its own group. */
export class OutcomeWatcher {
  readonly outcomes: DeliveryOutcome[] = [];
  readonly publisher: EventPublisher;
  private readonly consumer: EventConsumer;
  private readonly listeners = new Set<() => void>();

  constructor(brokers: string[], topicPrefix: string) {
    const options: BusOptions = { serviceName: 'outcome-watcher', brokers, topicPrefix, retryDelaysMs: [1_000], partitionsConcurrently: 6, logger: silentBusLogger };
    const kafka = createKafka(options);
    const names = new TopicNames(topicPrefix);
    this.publisher = new EventPublisher(kafka, names);
    this.consumer = new EventConsumer(kafka, this.publisher, names, options, [
      registerHandler('deliveryOutcome', async (outcome) => {
        this.outcomes.push(outcome);
        this.listeners.forEach((listener) => listener());
      }),
    ]);
  }

  async start(): Promise<void> {
    await this.publisher.connect();
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.publisher.disconnect();
  }

  /** Resolves when the predicate holds for the outcomes seen so far, or rejects at the bound. */
  waitFor(predicate: (outcomes: DeliveryOutcome[]) => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.outcomes)) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`outcomes not reached in ${timeoutMs} ms (${this.outcomes.length} seen)`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }
}
