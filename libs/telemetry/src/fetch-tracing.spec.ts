import { SpanKind, trace } from '@opentelemetry/api';
import { installInMemoryTracing, type InMemoryTracing } from '@switchback/testing';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { traceFetch } from './fetch-tracing';

// A carrier stand-in on 127.0.0.1 that records the headers it got.
describe('traceFetch', () => {
  let tracing: InMemoryTracing;
  let server: Server;
  let received: IncomingHttpHeaders[];
  let base: string;

  beforeAll(async () => {
    tracing = installInMemoryTracing();
    traceFetch();
    server = createServer((request, response) => {
      received.push(request.headers);
      response.writeHead(request.url?.includes('missing') ? 404 : 200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    received = [];
    tracing.reset();
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await tracing.shutdown();
  });

  it('makes a fetch inside a trace a CLIENT child span and carries the trace to the callee, without the URL', async () => {
    await trace.getTracer('test').startActiveSpan('consume', async (parent) => {
      await (await fetch(`${base}/v1/phones/%2B447700900123/agentMessages?messageId=m1`, { method: 'POST', body: '{}' })).text();
      parent.end();
    });
    const client = tracing.spans().find((span) => span.kind === SpanKind.CLIENT);
    const parent = tracing.spans().find((span) => span.name === 'consume');
    expect(client).toMatchObject({ name: 'POST', attributes: { 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'http.response.status_code': 200 } });
    expect(client?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(received[0]?.traceparent).toBe(`00-${client?.spanContext().traceId}-${client?.spanContext().spanId}-01`);
    expect(JSON.stringify(client?.attributes)).not.toMatch(/447700900123|messageId/);
  });

  it('marks an HTTP error on the span and leaves fetches outside any trace alone', async () => {
    await trace.getTracer('test').startActiveSpan('consume', async (parent) => {
      await (await fetch(`${base}/missing`)).text();
      parent.end();
    });
    expect(tracing.spans().find((span) => span.kind === SpanKind.CLIENT)).toMatchObject({ attributes: expect.objectContaining({ 'error.type': '404' }), status: { code: 2 } });
    tracing.reset();
    await (await fetch(`${base}/untraced`)).text();
    expect(tracing.spans()).toEqual([]);
    expect(received.at(-1)?.traceparent).toBeUndefined();
  });
});
