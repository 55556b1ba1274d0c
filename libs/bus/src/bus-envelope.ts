import { create, mergeFromBinary, toBinary } from '@bufbuild/protobuf';
import { Topics, type SealedFields, type TopicKey } from '@switchback/contracts';
import { UnsealedFieldsException, type EnvelopeCipher, type FieldRef } from '@switchback/envelope';

/** The fields every sealable message has besides its personal ones. */
interface SealableMessage {
  readonly $typeName: string;
  messageId: string;
  tenantId: string;
  sealed: Uint8Array;
  [field: string]: unknown;
}

const EMPTY = new Uint8Array(0);

const hasValue = (value: unknown): boolean => (typeof value === 'string' ? value.length > 0 : value !== undefined && value !== null);

/** What the AAD names as the field: the topic, so a sealed part cannot move to another topic (an RCS command replayed as SMS). */
const refOf = (topic: TopicKey, message: SealableMessage): FieldRef => ({ tenantId: message.tenantId, messageId: message.messageId, field: `${topic}#sealed` });

/**
 * Envelope encryption on the bus. Publishing a topic that declares `sealed` fields moves them
 * out of the event into its `sealed` bytes (one AES-GCM seal per event, under the tenant's
 * data key of the hour); consuming puts them back before the handler runs. A service without
 * the key-encryption key (capability-discovery, audit-sink) has no BusEnvelope: it passes
 * sealed bytes on untouched and never sees the fields.
 */
export class BusEnvelope {
  constructor(private readonly cipher: EnvelopeCipher) {}

  /** The event to put on the wire: its personal fields sealed (a copy; `event` is not changed). */
  async seal<K extends TopicKey>(topic: K, event: object): Promise<object> {
    const spec: SealedFields | undefined = Topics[topic].sealed;
    if (!spec) return event;
    const message = event as SealableMessage;
    if (!spec.fields.some((field) => hasValue(message[field]))) return event;
    const personal = create(spec.schema, Object.fromEntries(spec.fields.map((field) => [field, message[field]])) as never);
    const sealed = await this.cipher.seal(refOf(topic, message), toBinary(spec.schema, personal as never));
    const cleared: SealableMessage = { ...message, sealed };
    for (const field of spec.fields) cleared[field] = typeof message[field] === 'string' ? '' : undefined;
    return cleared;
  }

  /**
   * Puts the sealed fields of a decoded event back in place (in place). Throws the envelope's
   * typed errors: key_destroyed, envelope_unknown_key, envelope_aad_mismatch, envelope_missing
   * (permanent) or envelope_kek_unavailable (retriable).
   */
  async open(topic: TopicKey, event: object): Promise<void> {
    const spec: SealedFields | undefined = Topics[topic].sealed;
    if (!spec) return;
    const message = event as SealableMessage;
    if (message.sealed.byteLength === 0) {
      // Sealing is authentication too: only a key holder (routing, a gateway) can make a sealed
      // part that opens, so a dispatch command with its number or text in clear is a forgery.
      // A send request in clear belongs on sb.send.requested.plaintext (bounded retention).
      if (spec.fields.some((field) => hasValue(message[field]))) throw new UnsealedFieldsException(topic);
      return;
    }
    const plaintext = await this.cipher.open(refOf(topic, message), message.sealed);
    // The sealed part is the only source of these fields: a plaintext copy beside it is dropped.
    for (const field of spec.fields) message[field] = typeof message[field] === 'string' ? '' : undefined;
    mergeFromBinary(spec.schema, message as never, plaintext);
    message.sealed = EMPTY;
  }
}
