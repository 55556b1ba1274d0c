import { createKafka, EventConsumer, EventPublisher, registerHandler, silentBusLogger, TopicNames, type BusOptions } from '@switchback/bus';
import type { MessageTerminal, RoutingDecision } from '@switchback/contracts';

/** Records a stack's routing decisions and message terminals, with its own consumer group. */
export class BusRecorder {
  readonly decisions: RoutingDecision[] = [];
  readonly terminals: MessageTerminal[] = [];
  private readonly publisher: EventPublisher;
  private readonly consumer: EventConsumer;
  private readonly listeners = new Set<() => void>();

  constructor(brokers: string[], topicPrefix: string) {
    const options: BusOptions = { serviceName: 'e2e-bus-recorder', brokers, topicPrefix, retryDelaysMs: [1_000], partitionsConcurrently: 6, logger: silentBusLogger };
    const kafka = createKafka(options);
    const names = new TopicNames(topicPrefix);
    this.publisher = new EventPublisher(kafka, names);
    this.consumer = new EventConsumer(kafka, this.publisher, names, options, [
      registerHandler('routingDecision', async (decision) => this.record(this.decisions, decision)),
      registerHandler('messageTerminal', async (terminal) => this.record(this.terminals, terminal)),
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

  terminalsOf(messageId: string): MessageTerminal[] {
    return this.terminals.filter((terminal) => terminal.messageId === messageId);
  }

  decisionsOf(messageId: string): RoutingDecision[] {
    return this.decisions.filter((decision) => decision.messageId === messageId).sort((a, b) => a.leg - b.leg);
  }

  /** Resolves with the message's first terminal, or rejects at the bound. */
  async terminal(messageId: string, timeoutMs: number): Promise<MessageTerminal> {
    await this.waitFor(() => this.terminalsOf(messageId).length > 0, timeoutMs, `terminal of ${messageId}`);
    return this.terminalsOf(messageId)[0]!;
  }

  private record<T>(into: T[], event: T): void {
    into.push(event);
    this.listeners.forEach((listener) => listener());
  }

  private waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`${what} not seen in ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }
}
