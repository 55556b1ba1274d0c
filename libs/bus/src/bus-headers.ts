import type { IHeaders } from 'kafkajs';

/** Header names the bus reads and writes; everything about a message except its content. */
export const BusHeaders = {
  contentType: 'content-type',
  schema: 'sb-schema',
  schemaVersion: 'sb-schema-version',
  messageId: 'sb-message-id',
  attempts: 'sb-attempts',
  retryAt: 'sb-retry-at',
  originalTopic: 'sb-original-topic',
  originalPartition: 'sb-original-partition',
  originalOffset: 'sb-original-offset',
  errorCode: 'sb-error-code',
  reason: 'sb-dlq-reason',
  consumerGroup: 'sb-consumer-group',
  deadLetteredAt: 'sb-dead-lettered-at',
  redrivenAt: 'sb-redriven-at',
  // A producer's signature of an event (topics the registry marks `signed`): see event-signature.ts.
  signature: 'sb-signature',
  signer: 'sb-signer',
  signedAt: 'sb-signed-at',
} as const;

export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';
export const SCHEMA_VERSION = '1';

/** Kafka delivers header values as Buffers (or arrays of them); we only use single strings. */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** A copy of the headers as plain strings, easy to extend and re-send. */
export function headersAsText(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const text = headerText(headers, name);
    if (text !== undefined) result[name] = text;
  }
  return result;
}
