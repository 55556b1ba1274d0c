import type { BusEnvelope } from './bus-envelope';
import type { ConsumerLagSample } from './consumer-lag';
import type { EventSigner } from './event-signature';
import type { KafkaSasl } from './kafka-sasl';

/** The minimal logger the bus writes to (pino-compatible). */
export interface BusLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** What happened to one consumed message: handled, parked for a retry, or dead-lettered. */
export type MessageOutcome = 'handled' | 'retry' | 'dead_letter';

/** Hooks for metrics; the bus stays free of any metrics library. */
export interface BusObserver {
  messageProcessed(event: { readonly group: string; readonly topic: string; readonly outcome: MessageOutcome; readonly reason?: string; readonly durationMs: number }): void;
  /** A fresh sample of the service's consumer lag (every `lagIntervalMs`). */
  consumerLag?(sample: ConsumerLagSample): void;
  /** A lag sample failed (broker unreachable, group being rebalanced...); already logged. */
  consumerLagFailed?(group: string): void;
}

export interface BusOptions {
  /** Consumer group and client id: one per service. */
  readonly serviceName: string;
  readonly brokers: readonly string[];
  /** The service's own broker login; the broker's ACLs allow it only its topics and groups. */
  readonly sasl?: KafkaSasl | undefined;
  /** Prepended to every topic and group name, so tests and environments can share a broker. */
  readonly topicPrefix: string;
  /** Delay of each retry tier in ms; after the last one a failure goes to the dead-letter topic. */
  readonly retryDelaysMs: readonly number[];
  /** Partitions one consumer works on at once; order holds within each partition. */
  readonly partitionsConcurrently: number;
  /**
   * Keys (recipients) one partition works on at once; order holds per key. 1 (the default)
   * is one message at a time per partition. Handlers must be idempotent either way.
   */
  readonly keyConcurrency?: number;
  readonly logger: BusLogger;
  /** Consumer session timeout: how soon the group notices a member that died without leaving. */
  readonly sessionTimeoutMs?: number;
  readonly observer?: BusObserver;
  /**
   * How often the main consumer commits the offsets it processed, in ms (default 100). On a
   * restart or rebalance, at most this much processed work is read again.
   */
  readonly commitIntervalMs?: number;
  /** How often the consumer lag is sampled for the observer; 0 = never. Default 15 s. */
  readonly lagIntervalMs?: number;
  /**
   * Envelope encryption of the topics' personal fields: given to the services that hold the
   * key-encryption key (routing and the gateways). Without it, a service publishes those fields
   * as they are and consumes them still sealed.
   */
  readonly envelope?: BusEnvelope;
  /** Signs what this service publishes on `signed` topics (routing's HTTP ingress). */
  readonly signer?: EventSigner;
}

export const silentBusLogger: BusLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};
