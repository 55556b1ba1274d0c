import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One span as a collector would store it: ids in hex, attributes as plain values. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Empty for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  /** The resource's service.name. */
  readonly service: string;
  readonly scope: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly events: readonly { readonly name: string; readonly attributes: Readonly<Record<string, unknown>> }[];
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  readonly resource: Readonly<Record<string, unknown>>;
  /** Start and end, in ms since the epoch (fractional): where a latency went. */
  readonly startMs: number;
  readonly endMs: number;
}

interface OtlpKeyValue {
  key: string;
  value?: OtlpValue;
}
interface OtlpValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: OtlpValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  events?: { name: string; attributes?: OtlpKeyValue[] }[];
  links?: { traceId: string; spanId: string }[];
}
interface OtlpTraceRequest {
  resourceSpans?: { resource?: { attributes?: OtlpKeyValue[] }; scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[] }[];
}

function valueOf(value: OtlpValue | undefined): unknown {
  if (!value) return undefined;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.stringValue ?? value.boolValue ?? value.doubleValue ?? value.bytesValue;
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((entry) => [entry.key, valueOf(entry.value)]));
}

/** OTLP/JSON sends nanoseconds as a decimal string (past 2^53): keep ms precision through BigInt. */
function nanosToMs(value: string | number | undefined): number {
  if (value === undefined) return 0;
  return Number(BigInt(value) / 1000n) / 1000;
}

/**
 * A stand-in for an OpenTelemetry collector in tests: an OTLP/HTTP receiver on 127.0.0.1 that
 * accepts JSON traces (OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json) at /v1/traces and keeps
 * every span, and every raw request body so a test can scan all of it.
 */
export class OtlpTraceReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** The bodies as received (decompressed): what a real collector would have stored. */
  readonly payloads: string[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpTraceReceiver> {
    const server = createServer();
    const receiver = new OtlpTraceReceiver(server);
    server.on('request', (request, response) => {
      void receiver.accept(request).then(
        (status) => response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{}' : '{"error":"send OTLP JSON to /v1/traces"}'),
        () => response.writeHead(400).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The signal-specific URL, for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  get tracesUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1/traces`;
  }

  /** Resolves with the spans once the predicate holds for them, or rejects at the bound. */
  waitFor(predicate: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs: number): Promise<readonly ReceivedSpan[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(this.spans)) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(this.spans);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`spans not received in ${timeoutMs} ms (${this.spans.length} received)`));
      }, timeoutMs);
      this.listeners.add(check);
      check();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async accept(request: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const body = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    const json = request.url === '/v1/traces' && request.headers['content-type']?.startsWith('application/json');
    if (!json) return 415;
    this.payloads.push(body);
    this.collect(JSON.parse(body) as OtlpTraceRequest);
    this.listeners.forEach((listener) => listener());
    return 200;
  }

  private collect(request: OtlpTraceRequest): void {
    for (const resourceSpans of request.resourceSpans ?? []) {
      const resource = attributesOf(resourceSpans.resource?.attributes);
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        for (const span of scopeSpans.spans ?? []) {
          this.spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? '',
            name: span.name,
            kind: span.kind ?? 0,
            service: String(resource['service.name'] ?? ''),
            scope: scopeSpans.scope?.name ?? '',
            attributes: attributesOf(span.attributes),
            events: (span.events ?? []).map((event) => ({ name: event.name, attributes: attributesOf(event.attributes) })),
            links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId })),
            resource,
            startMs: nanosToMs(span.startTimeUnixNano),
            endMs: nanosToMs(span.endTimeUnixNano),
          });
        }
      }
    }
  }
}
