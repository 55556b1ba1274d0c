import { SpanKind, trace } from '@opentelemetry/api';
import { DeliveryStatus } from '@switchback/contracts';
import { eventually, installInMemoryTracing, testEnv, type InMemoryTracing } from '@switchback/testing';
import Redis from 'ioredis';
import { startGateway, type GatewayApp } from './support/gateway-app';
import { SmscProcess } from './support/smsc-process';

// A receipt is the SMSC calling back later with no trace context: its DELIVERED outcome must
// still land in the trace the leg was submitted in, with a link to the deliver_sm's own span.
const NUMBER = '+447700900456';
const TEXT_CANARY = 'canary-trace-smpp-7d1c';

describe('smpp-gateway receipts in the message trace (real Kafka, Redis and SMSC simulator)', () => {
  let tracing: InMemoryTracing;
  let smsc: SmscProcess;
  let gateway: GatewayApp;
  const redis = new Redis(testEnv.redisUrl, { maxRetriesPerRequest: 1 });

  beforeAll(async () => {
    tracing = installInMemoryTracing();
    smsc = await SmscProcess.start({ SMSC_SIM_RECEIPT_DELAY_MS: '50' });
    gateway = await startGateway('smpptrace', { SMPP_URL: smsc.smppUrl, SMPP_BINDS: '1' });
    await eventually(async () => expect((await fetch(`${gateway.baseUrl}/health/ready`)).status).toBe(200), 30_000);
  }, 90_000);

  afterAll(async () => {
    await gateway?.app.close();
    await smsc?.stop();
    const keys = await redis.keys(`${gateway?.config.REDIS_KEY_PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await tracing?.shutdown();
  });

  it('publishes the DELIVERED outcome of a leg submitted under trace T in T, linked to the deliver_sm span, with no number or text in any span', async () => {
    await smsc.configure({ messageIdFormat: 'hex', receiptStat: 'DELIVRD', duplicateReceipts: false });
    const sendTrace = await trace.getTracer('test').startActiveSpan('POST /v1/messages', { kind: SpanKind.SERVER }, async (span) => {
      await gateway.dispatch({ messageId: 'traced-1', recipient: NUMBER, text: `Your code ${TEXT_CANARY}` });
      span.end();
      return span.spanContext().traceId;
    });
    await eventually(() => expect(gateway.outcomesOf('traced-1').map((o) => o.status)).toEqual([DeliveryStatus.SUBMITTED, DeliveryStatus.DELIVERED]), 30_000);

    const spans = () => tracing.spans();
    const receipt = await eventually(() => {
      const found = spans().find((s) => s.name === 'sms delivery receipt' && s.attributes['sb.message_id'] === 'traced-1');
      expect(found).toBeDefined();
      return found!;
    }, 10_000);
    const byId = (spanId: string | undefined) => spans().find((s) => s.spanContext().spanId === spanId);
    // Child of the consumer span of the dispatch command, which is in T.
    expect(receipt.spanContext().traceId).toBe(sendTrace);
    expect(byId(receipt.parentSpanContext?.spanId)).toMatchObject({ kind: SpanKind.CONSUMER, name: expect.stringMatching(/sb\.dispatch\.sms$/) });
    expect(receipt.attributes).toEqual({ 'sb.message_id': 'traced-1', 'sb.leg': 1, 'sb.channel': 'sms', 'sb.receipt.type': 'DELIVRD', 'sb.delivery_status': 'delivered' });
    // The DELIVERED publish is its child, so the outcome's Kafka headers carry T on to routing.
    const publishes = spans().filter((s) => s.kind === SpanKind.PRODUCER && s.name.endsWith('sb.delivery.outcome') && s.attributes['messaging.message.id'] === 'traced-1');
    expect(publishes.map((s) => s.spanContext().traceId)).toEqual([sendTrace, sendTrace]); // SUBMITTED and DELIVERED
    expect(publishes.some((s) => s.parentSpanContext?.spanId === receipt.spanContext().spanId)).toBe(true);
    // The deliver_sm's own span: a SERVER root of another trace, linked from the receipt span.
    expect(receipt.links).toHaveLength(1);
    const request = byId(receipt.links[0]!.context.spanId)!;
    expect(request).toMatchObject({ name: 'smpp deliver_sm', kind: SpanKind.SERVER, parentSpanContext: undefined });
    expect(request.spanContext().traceId).not.toBe(sendTrace);
    expect(request.attributes).toMatchObject({ 'smpp.connector': expect.stringMatching(/^smpp:127\.0\.0\.1:\d+$/), 'smpp.bind': 'bind-1', 'smpp.receipt.stat': 'DELIVRD', 'smpp.receipt.verdict': 'final', 'smpp.command_status': 0 });
    // The submit_sm's CLIENT span is in T too.
    expect(spans().filter((s) => s.name === 'smpp submit_sm' && s.spanContext().traceId === sendTrace)).toHaveLength(1);

    // The leg's meta in Redis holds the context (ids only), with the leg's TTL as before.
    const legKey = `${gateway.config.REDIS_KEY_PREFIX}smpp:leg:traced-1:1`;
    expect(JSON.parse((await redis.hget(legKey, 'meta'))!)).toMatchObject({ trace: { traceparent: expect.stringMatching(new RegExp(`^00-${sendTrace}-[0-9a-f]{16}-01$`)) } });
    expect(await redis.ttl(legKey)).toBeGreaterThan(gateway.config.SMPP_RECEIPT_TTL_S - 60);

    // The SMSC did get the number and the text; no span of any kind holds them.
    expect(JSON.stringify(await smsc.messages(NUMBER.slice(1)))).toContain(TEXT_CANARY);
    const exported = JSON.stringify(spans().map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, links: s.links, status: s.status, resource: s.resource.attributes })));
    for (const canary of ['447700900456', TEXT_CANARY]) expect(exported).not.toContain(canary);
  }, 60_000);
});
