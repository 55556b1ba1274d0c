import { trace } from '@opentelemetry/api';

/** The active span's ids, added to every log line so logs join traces. */
export function traceIds(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  return context ? { trace_id: context.traceId, span_id: context.spanId } : {};
}
