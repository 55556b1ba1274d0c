import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Link } from '@opentelemetry/api';

/**
 * A span's W3C trace context (`traceparent`, and `tracestate` if any), kept with state that
 * outlives the request that made it, such as a leg in Redis waiting for its receipt. It holds
 * ids only: no baggage is kept, whatever the propagator writes.
 */
export interface StoredTraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

const tracer = trace.getTracer('@switchback/telemetry/resumed');

/** The active trace context to store, or undefined outside a trace. */
export function captureTraceContext(): StoredTraceContext | undefined {
  const active = context.active();
  const span = trace.getSpan(active);
  if (!span || !trace.isSpanContextValid(span.spanContext())) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  if (!carrier['traceparent']) return undefined;
  return carrier['tracestate'] ? { traceparent: carrier['traceparent'], tracestate: carrier['tracestate'] } : { traceparent: carrier['traceparent'] };
}

/**
 * Runs fn in a span that continues a stored trace (its child), so work caused by a later,
 * separate request (a carrier's receipt) joins the trace of what it is about, and whatever fn
 * publishes carries that trace on. The request's own span, active on entry, is linked, so it is
 * still found from here. Without a usable stored context fn runs as it is, in the request's trace.
 */
export async function withResumedSpan<T>(name: string, stored: StoredTraceContext | undefined, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  const active = context.active();
  const parent = stored ? propagation.extract(active, { ...stored }) : active;
  const parentSpan = trace.getSpan(parent);
  if (!stored || !parentSpan || parentSpan === trace.getSpan(active) || !trace.isSpanContextValid(parentSpan.spanContext())) return fn();
  const request = trace.getSpan(active)?.spanContext();
  const links: Link[] = request && trace.isSpanContextValid(request) ? [{ context: request }] : [];
  return tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes, links }, parent, async (span) => {
    try {
      return await fn();
    } catch (error) {
      // The error's name only: messages may quote what they failed on.
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
      throw error;
    } finally {
      span.end();
    }
  });
}
