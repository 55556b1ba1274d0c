import { context, SpanKind, trace } from '@opentelemetry/api';
import { DeliveryStatus } from '@switchback/contracts';
import { eventually, installInMemoryTracing, testEnv, type InMemoryTracing } from '@switchback/testing';
import Redis from 'ioredis';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { freePort, HubProcess } from './hub-process';
import { startRcsGateway, type RcsApp } from './rcs-app';

// An RBM webhook is the hub calling back later with no trace context: the DELIVERED outcome
// must still land in the trace the leg was sent in, with a link to the webhook's SERVER span.
const TOKEN = 'int-test-client-token-0123';
const AGENT = 'int-agent';
const NUMBER = '+33650123456';
const TEXT_CANARY = 'canary-trace-rcs-41b9';

/**
 * The HTTP instrumentation cannot patch `http` inside Jest's module sandbox, so this stands in
 * for it as the service's start-telemetry does it: each request runs in a root SERVER span,
 * with the request and response emitters bound to it (the e2e tracing test runs the real one).
 */
function serveInSpan(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  trace.getTracer('http-stand-in').startActiveSpan(request.method ?? 'GET', { kind: SpanKind.SERVER, root: true, attributes: { 'http.request.method': request.method ?? 'GET' } }, (span) => {
    context.bind(context.active(), request);
    context.bind(context.active(), response);
    response.on('finish', () => span.end());
    next();
  });
}

describe('rcs-gateway receipts in the message trace (real Kafka, Redis and hub simulator)', () => {
  const hub = new HubProcess();
  let tracing: InMemoryTracing;
  let gw: RcsApp;
  let redis: Redis;

  beforeAll(async () => {
    tracing = installInMemoryTracing();
    const port = await freePort();
    await hub.start({ HUB_SIM_CLIENT_TOKEN: TOKEN, HUB_SIM_AGENT_ID: AGENT, HUB_SIM_WEBHOOK_URL: `http://127.0.0.1:${port}/v1/rbm/webhook`, HUB_SIM_DELIVERY_DELAY_MS: '30' });
    gw = await startRcsGateway('rcstrace', { HTTP_PORT: String(port), RBM_AUTH: 'none', HUB_BASE_URL: hub.url, RBM_CLIENT_TOKEN: TOKEN, RBM_AGENT_ID: AGENT }, serveInSpan);
    redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });
  }, 90_000);

  afterAll(async () => {
    await gw?.app.close();
    await hub.stop();
    const keys = (await redis?.keys(`${gw?.name}:*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    await redis?.quit();
    await tracing?.shutdown();
  });

  it('publishes the DELIVERED outcome of a leg sent under trace T in T, linked to the webhook request span', async () => {
    const [sendTrace, sent] = await trace.getTracer('test').startActiveSpan('POST /v1/messages', { kind: SpanKind.SERVER }, async (span) => {
      const dispatched = await gw.dispatch(NUMBER, `Your parcel ${TEXT_CANARY}`);
      span.end();
      return [span.spanContext().traceId, dispatched] as const;
    });
    await gw.waitForOutcome(sent.messageId, DeliveryStatus.DELIVERED, 45_000);

    const spans = () => tracing.spans();
    const receipt = await eventually(() => {
      const found = spans().find((s) => s.name === 'rcs delivery receipt' && s.attributes['sb.message_id'] === sent.messageId && s.attributes['sb.receipt.type'] === 'DELIVERED');
      expect(found).toBeDefined();
      return found!;
    }, 10_000);
    const byId = (spanId: string | undefined) => spans().find((s) => s.spanContext().spanId === spanId);
    // Child of the consumer span of the dispatch command, which is in T.
    expect(receipt.spanContext().traceId).toBe(sendTrace);
    expect(byId(receipt.parentSpanContext?.spanId)).toMatchObject({ kind: SpanKind.CONSUMER, name: expect.stringMatching(/sb\.dispatch\.rcs$/) });
    expect(receipt.attributes).toEqual({ 'sb.message_id': sent.messageId, 'sb.leg': 1, 'sb.channel': 'rcs', 'sb.receipt.type': 'DELIVERED', 'sb.delivery_status': 'delivered' });
    // Its publish carries T on through the Kafka headers.
    const publish = spans().find((s) => s.kind === SpanKind.PRODUCER && s.parentSpanContext?.spanId === receipt.spanContext().spanId);
    expect(publish).toMatchObject({ name: expect.stringMatching(/sb\.delivery\.outcome$/), attributes: expect.objectContaining({ 'messaging.message.id': sent.messageId }) });
    // The webhook's SERVER span: the root of the request's own trace, linked from the receipt.
    expect(receipt.links).toHaveLength(1);
    const request = await eventually(() => {
      const found = byId(receipt.links[0]!.context.spanId);
      expect(found).toBeDefined();
      return found!;
    }, 10_000);
    expect(request).toMatchObject({ kind: SpanKind.SERVER, parentSpanContext: undefined, attributes: expect.objectContaining({ 'http.request.method': 'POST' }) });
    expect(request.spanContext().traceId).not.toBe(sendTrace);

    // The leg in Redis keeps the context (ids only) with its TTL unchanged (31 days).
    const key = `${gw.name}:rcs:leg:${sent.rbmId}`;
    const stored = JSON.parse((await redis.get(key))!) as { trace?: Record<string, string> };
    expect(stored.trace).toEqual({ traceparent: expect.stringMatching(new RegExp(`^00-${sendTrace}-[0-9a-f]{16}-01$`)) });
    expect(await redis.ttl(key)).toBeGreaterThan(30 * 24 * 3600);

    const exported = JSON.stringify(spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, links: s.links, status: s.status })));
    for (const canary of ['33650123456', TEXT_CANARY]) expect(exported).not.toContain(canary);
  }, 60_000);
});
