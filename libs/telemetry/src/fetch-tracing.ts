import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { subscribe } from 'node:diagnostics_channel';

/** The parts of undici's request (Node's fetch) that its diagnostics channels hand us. */
interface UndiciRequest {
  readonly method: string;
  readonly origin: string | URL;
  addHeader?(name: string, value: string): unknown;
}

const tracer = trace.getTracer('@switchback/telemetry/fetch');
const spans = new WeakMap<UndiciRequest, Span>();
let subscribed = false;

/**
 * CLIENT spans for Node's fetch, with the W3C context in the request's headers, so a call to
 * another service (routing → payload-store) stays in the message's trace and a carrier call
 * (a gateway → the RBM hub) shows as a span. The HTTP instrumentation sees only `http`, and
 * fetch runs on undici, which publishes these diagnostics channels instead.
 *
 * Only the method, host, port and status are recorded: the URLs of carrier calls hold phone
 * numbers (…/phones/+44…), so neither the path nor the query is. Only fetches made inside a
 * trace get a span: background polls would otherwise each open a trace of their own.
 */
export function traceFetch(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe('undici:request:create', (message) => {
    const { request } = message as { request: UndiciRequest };
    const parent = context.active();
    if (!trace.getSpan(parent)) return;
    const origin = new URL(request.origin);
    const method = request.method.toUpperCase();
    const span = tracer.startSpan(
      method,
      { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method, 'server.address': origin.hostname, 'server.port': Number(origin.port || (origin.protocol === 'https:' ? 443 : 80)) } },
      parent,
    );
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(parent, span), headers);
    for (const [name, value] of Object.entries(headers)) request.addHeader?.(name, value);
    spans.set(request, span);
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
    const span = spans.get(request);
    span?.setAttribute('http.response.status_code', response.statusCode);
    if (span && response.statusCode >= 400) {
      span.setAttribute('error.type', String(response.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  });
  subscribe('undici:request:trailers', (message) => end((message as { request: UndiciRequest }).request));
  subscribe('undici:request:error', (message) => {
    const { request, error } = message as { request: UndiciRequest; error: unknown };
    // The error's name only (a timeout, a refused connection): its message may quote the URL.
    const name = error instanceof Error ? error.name : 'Error';
    spans.get(request)?.setAttribute('error.type', name).setStatus({ code: SpanStatusCode.ERROR, message: name });
    end(request);
  });
}

function end(request: UndiciRequest): void {
  spans.get(request)?.end();
  spans.delete(request);
}
