import { SpanKind, trace, type Span } from '@opentelemetry/api';
import { installInMemoryTracing, type InMemoryTracing } from '@switchback/testing';
import { captureTraceContext, withResumedSpan, type StoredTraceContext } from './resumed-trace';

describe('captureTraceContext / withResumedSpan', () => {
  let tracing: InMemoryTracing;
  const tracer = () => trace.getTracer('test');
  // A span as a request handler sees it: active while fn runs, ended after.
  const inSpan = <T>(name: string, fn: (span: Span) => Promise<T>, kind = SpanKind.INTERNAL) =>
    tracer().startActiveSpan(name, { kind, root: true }, async (span) => {
      try {
        return await fn(span);
      } finally {
        span.end();
      }
    });

  beforeAll(() => (tracing = installInMemoryTracing()));
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.shutdown());

  it('captures nothing outside a trace, and the W3C context inside one', async () => {
    expect(captureTraceContext()).toBeUndefined();
    const [stored, span] = await inSpan('send', async (span) => [captureTraceContext(), span] as const);
    expect(stored).toEqual({ traceparent: `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01` });
  });

  it('runs fn as a child of the stored context, linked to the request span that was active', async () => {
    const stored = await inSpan('send', async () => captureTraceContext());
    const { traceId: sendTrace, spanId: sendSpan } = tracing.spans().find((s) => s.name === 'send')!.spanContext();
    let inner: string | undefined;
    await inSpan('POST', () => withResumedSpan('delivery receipt', stored, { 'sb.leg': 1 }, async () => {
      inner = trace.getActiveSpan()?.spanContext().traceId;
    }), SpanKind.SERVER);
    const request = tracing.spans().find((s) => s.name === 'POST')!;
    const resumed = tracing.spans().find((s) => s.name === 'delivery receipt')!;
    expect(resumed.spanContext().traceId).toBe(sendTrace);
    expect(inner).toBe(sendTrace);
    expect(resumed.parentSpanContext?.spanId).toBe(sendSpan);
    expect(resumed.links.map((l) => l.context.spanId)).toEqual([request.spanContext().spanId]);
    expect(resumed.attributes).toEqual({ 'sb.leg': 1 });
    expect(request.spanContext().traceId).not.toBe(sendTrace);
  });

  it('keeps tracestate, and marks a failure by the error name only', async () => {
    const stored: StoredTraceContext = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'vendor=abc' };
    await expect(withResumedSpan('delivery receipt', stored, {}, async () => {
      expect(captureTraceContext()).toEqual({ traceparent: expect.stringMatching(/^00-0af7651916cd43dd8448eb211c80319c-/), tracestate: 'vendor=abc' });
      throw new TypeError('secret +447700900123');
    })).rejects.toThrow(TypeError);
    const resumed = tracing.spans()[0]!;
    expect(resumed.status).toEqual({ code: 2, message: 'TypeError' });
    expect(resumed.links).toEqual([]); // no request span was active
  });

  it('runs fn in the request trace, with no span of its own, without a usable stored context', async () => {
    for (const stored of [undefined, { traceparent: 'garbage' }]) {
      tracing.reset();
      const [requestTrace, seen] = await inSpan('POST', (span) => withResumedSpan('delivery receipt', stored, {}, async () => [span.spanContext().traceId, trace.getActiveSpan()?.spanContext().traceId]));
      expect(seen).toBe(requestTrace);
      expect(tracing.spans().map((s) => s.name)).toEqual(['POST']);
    }
  });
});
