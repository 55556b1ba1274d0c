import { EventConsumer, EventPublisher, registerHandler, silentBusLogger, TopicNames, createKafka, type BusOptions, type EventSigner, type HandlerRegistration, type KafkaSasl } from '@switchback/bus';
import type { BusEnvelopeConfig } from '@switchback/config';
import { openBusEnvelope, type BusEnvelopeHandle } from '@switchback/runtime';
import type { DeliveryOutcome, MessageTerminal, RoutingDecision } from '@switchback/contracts';

export interface WatchOptions {
  /** Also record routing decisions and message terminals (tests that follow failovers). */
  readonly decisionsAndTerminals?: boolean;
  /** Its consumer group: two watchers of one stack need two names, or they split the partitions. */
  readonly name?: string;
  /** The stack's bus envelope: the watcher's publisher then seals like a producer holding the tenant's key. */
  readonly envelope?: Partial<BusEnvelopeConfig>;
  /** The stack's producer keys: the watcher's send requests are signed like a tenant's producer's. */
  readonly signer?: EventSigner;
  /** Its broker login: the stack's admin (it reads outcomes and publishes send requests, like a tool). */
  readonly sasl?: KafkaSasl | undefined;
}

/** Follows sb.delivery.outcome of a stack, as an operator's tool would, with its own group. */
export class OutcomeWatcher {
  readonly outcomes: DeliveryOutcome[] = [];
  readonly decisions: RoutingDecision[] = [];
  readonly terminals: MessageTerminal[] = [];
  readonly publisher: EventPublisher;
  private readonly consumer: EventConsumer;
  private readonly listeners = new Set<() => void>();
  private readonly envelope: BusEnvelopeHandle;

  constructor(brokers: string[], topicPrefix: string, watch: WatchOptions = {}) {
    const options: BusOptions = { serviceName: watch.name ?? 'outcome-watcher', brokers, sasl: watch.sasl, topicPrefix, retryDelaysMs: [1_000], partitionsConcurrently: 6, logger: silentBusLogger };
    const kafka = createKafka(options);
    const names = new TopicNames(topicPrefix);
    this.envelope = openBusEnvelope(watch.envelope ?? {});
    this.publisher = new EventPublisher(kafka, names, this.envelope.envelope, watch.signer);
    const handlers: HandlerRegistration[] = [registerHandler('deliveryOutcome', async (outcome) => this.record(this.outcomes, outcome))];
    if (watch.decisionsAndTerminals) {
      handlers.push(
        registerHandler('routingDecision', async (decision) => this.record(this.decisions, decision)),
        registerHandler('messageTerminal', async (terminal) => this.record(this.terminals, terminal)),
      );
    }
    this.consumer = new EventConsumer(kafka, this.publisher, names, options, handlers);
  }

  async start(): Promise<void> {
    await this.publisher.connect();
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.publisher.disconnect();
    await this.envelope.onApplicationShutdown();
  }

  /** Resolves when the predicate holds for the outcomes seen so far, or rejects at the bound. */
  waitFor(predicate: (outcomes: DeliveryOutcome[]) => boolean, timeoutMs: number): Promise<void> {
    return this.until(() => predicate(this.outcomes), timeoutMs, () => `outcomes not reached in ${timeoutMs} ms (${this.outcomes.length} seen)`);
  }

  terminalsOf(messageId: string): MessageTerminal[] {
    return this.terminals.filter((terminal) => terminal.messageId === messageId);
  }

  decisionsOf(messageId: string): RoutingDecision[] {
    return this.decisions.filter((decision) => decision.messageId === messageId).sort((a, b) => a.leg - b.leg);
  }

  /** Resolves with the message's first terminal, or rejects at the bound. */
  async terminal(messageId: string, timeoutMs: number): Promise<MessageTerminal> {
    await this.until(() => this.terminalsOf(messageId).length > 0, timeoutMs, () => `terminal of ${messageId} not seen in ${timeoutMs} ms`);
    const [first] = this.terminalsOf(messageId);
    if (!first) throw new Error(`terminal of ${messageId} not recorded`);
    return first;
  }

  private record<T>(into: T[], event: T): void {
    into.push(event);
    this.listeners.forEach((listener) => listener());
  }

  private until(holds: () => boolean, timeoutMs: number, failure: () => string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!holds()) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(failure()));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }
}
