import { createKafka, Ed25519EventSigner, EventPublisher, producerPrivateKey, silentBusLogger, TopicNames, type BusEnvelope, type KafkaSasl, type SigningKey } from '@switchback/bus';
import { create, SendRequestedSchema, Sensitivity, TrafficType } from '@switchback/contracts';
import { randomUUID } from 'node:crypto';

/** A send request an internal service hands to Switchback. */
export interface SendRequest {
  /** The recipient, in international form (+447700900123). */
  readonly to: string;
  readonly text: string;
  /** Idempotency key: a retry with the same id is one message. Default: a new UUID. */
  readonly messageId?: string;
  readonly sensitivity?: Sensitivity;
  readonly trafficType?: TrafficType;
  /** Sender labels such as "otp" or "pii" (they raise the sensitivity routing applies). */
  readonly labels?: readonly string[];
}

export interface SendRequestProducerOptions {
  readonly brokers: readonly string[];
  readonly topicPrefix?: string;
  /** The tenant this producer sends for: its key signs for this tenant only. */
  readonly tenantId: string;
  /** The tenant's producer credential: the key id registered in routing and its Ed25519 private key (PKCS#8 PEM). */
  readonly signingKey: { readonly keyId: string; readonly privateKeyPem: string };
  /**
   * Seals number and text before they leave the process (the tenant's data key through the KMS
   * port). Without it the request goes in clear to sb.send.requested.plaintext, which routing
   * accepts only for tenants switched to allow it (PLAINTEXT_PRODUCER_TENANTS) and which keeps
   * it one hour; routing seals it at once.
   */
  readonly envelope?: BusEnvelope;
  readonly clientId?: string;
  /** The producer's broker login (principal sb-producer on the project's broker: write sb.send.requested, nothing else). */
  readonly sasl?: KafkaSasl;
}

/** A send request this producer refuses to publish; nothing was sent. */
export class InvalidSendRequestError extends Error {
  constructor(readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'InvalidSendRequestError';
  }
}

const MAX_TEXT_CHARS = 4_096;

/**
 * The producer library for internal services: publishes `SendRequested` on sb.send.requested,
 * signed with the tenant's producer key (routing refuses unsigned, forged, wrong-tenant and
 * replayed events) and, with an envelope, sealed before it leaves the process. Records are
 * keyed by message id: the number never appears in clear on the broker.
 */
export class SendRequestProducer {
  private readonly publisher: EventPublisher;

  constructor(private readonly options: SendRequestProducerOptions) {
    const key: SigningKey = { keyId: options.signingKey.keyId, privateKey: producerPrivateKey(options.signingKey.privateKeyPem) };
    const signer = new Ed25519EventSigner((tenantId) => (tenantId === options.tenantId ? key : undefined));
    const kafka = createKafka({ serviceName: options.clientId ?? `producer-${options.tenantId}`, brokers: options.brokers, sasl: options.sasl, topicPrefix: options.topicPrefix ?? '', retryDelaysMs: [1_000], partitionsConcurrently: 1, logger: silentBusLogger });
    this.publisher = new EventPublisher(kafka, new TopicNames(options.topicPrefix ?? ''), options.envelope, signer);
  }

  connect(): Promise<void> {
    return this.publisher.connect();
  }

  /** Sends what is still queued, then disconnects. */
  disconnect(): Promise<void> {
    return this.publisher.disconnect();
  }

  /** Publishes one send request; resolves with its message id once the broker has it. */
  async send(request: SendRequest): Promise<string> {
    if (!/^\+?[0-9 ()./-]{6,24}$/.test(request.to)) throw new InvalidSendRequestError('to', 'an international phone number such as +447700900123');
    if (request.text.length === 0 || request.text.length > MAX_TEXT_CHARS) throw new InvalidSendRequestError('text', `1 to ${MAX_TEXT_CHARS} characters`);
    const messageId = request.messageId ?? randomUUID();
    if (!/^[A-Za-z0-9._:-]{1,128}$/.test(messageId)) throw new InvalidSendRequestError('messageId', 'letters, digits, . _ : - (1 to 128)');
    const event = create(SendRequestedSchema, {
      messageId,
      tenantId: this.options.tenantId,
      recipient: request.to,
      content: { text: request.text },
      sensitivity: request.sensitivity ?? Sensitivity.UNSPECIFIED,
      trafficType: request.trafficType ?? TrafficType.UNSPECIFIED,
      labels: [...(request.labels ?? [])],
      requestedAtMs: BigInt(Date.now()),
    });
    await this.publisher.publish(this.options.envelope ? 'sendRequested' : 'sendRequestedPlaintext', event, { key: messageId, messageId });
    return messageId;
  }
}
