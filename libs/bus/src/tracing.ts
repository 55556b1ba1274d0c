import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('@switchback/bus');

/** Ends the span with the outcome of fn; the error is recorded by code only (no content). */
async function inSpan<T>(span: Span, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A PRODUCER span around a publish; fn receives headers carrying the W3C trace context, so
 * the consumer's span becomes a child of this one across the Kafka hop.
 */
export function withProducerSpan<T>(topicName: string, messageId: string, fn: (traceHeaders: Record<string, string>) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(
    `send ${topicName}`,
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topicName, 'messaging.message.id': messageId } },
    (span) => {
      const traceHeaders: Record<string, string> = {};
      propagation.inject(context.active(), traceHeaders);
      return inSpan(span, () => fn(traceHeaders));
    },
  );
}

/** A CONSUMER span whose parent is the producer span found in the message headers. */
export function withConsumerSpan<T>(
  topicName: string,
  headers: Record<string, string>,
  attributes: Record<string, string | number>,
  fn: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), headers);
  return tracer.startActiveSpan(
    `process ${topicName}`,
    { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topicName, ...attributes } },
    parent,
    (span) => inSpan(span, fn),
  );
}
