import { create } from '@bufbuild/protobuf';
import { SpanKind, trace } from '@opentelemetry/api';
import { DispatchCommandSchema } from '@switchback/contracts';
import { eventually, installInMemoryTracing, type InMemoryTracing } from '@switchback/testing';
import { registerHandler } from '../src/event-handler';
import type { MessageOutcome } from '../src/bus-options';
import { BusFixture, sendRequest } from './bus-fixture';

describe('trace context and metrics hooks across real Kafka hops', () => {
  let tracing: InMemoryTracing;
  let bus: BusFixture;
  beforeAll(() => (tracing = installInMemoryTracing()));
  afterAll(() => tracing.shutdown());
  afterEach(() => bus.close());

  it('makes one connected trace from the first publish through two consumer hops', async () => {
    const outcomes: Array<{ topic: string; outcome: MessageOutcome }> = [];
    bus = new BusFixture('trace', { observer: { messageProcessed: ({ topic, outcome }) => void outcomes.push({ topic, outcome }) } });
    let secondHopTraceId = '';
    await bus.start([
      registerHandler('sendRequested', async (event, context) => {
        await bus.publisher.publish('dispatchSms', create(DispatchCommandSchema, { messageId: event.messageId, tenantId: event.tenantId, recipient: event.recipient, leg: 1 }), { key: context.key ?? '', messageId: context.messageId });
      }),
      registerHandler('dispatchSms', async () => {
        secondHopTraceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
      }),
    ]);

    const tracer = trace.getTracer('test');
    const rootTraceId = await tracer.startActiveSpan('POST /v1/send', async (root) => {
      await bus.publisher.publish('sendRequested', sendRequest('traced'), { key: 'r1', messageId: 'traced' });
      root.end();
      return root.spanContext().traceId;
    });

    await eventually(() => expect(secondHopTraceId).toBe(rootTraceId), 20_000);
    const spans = tracing.spans().filter((span) => span.spanContext().traceId === rootTraceId);
    const byName = (name: string) => spans.find((span) => span.name === name);
    const firstSend = byName(`send ${bus.names.event('sendRequested')}`)!;
    const firstProcess = byName(`process ${bus.names.event('sendRequested')}`)!;
    const secondSend = byName(`send ${bus.names.event('dispatchSms')}`)!;
    await eventually(() => expect(byName(`process ${bus.names.event('dispatchSms')}`)).toBeDefined());
    const secondProcess = byName(`process ${bus.names.event('dispatchSms')}`)!;

    expect(firstSend.kind).toBe(SpanKind.PRODUCER);
    expect(firstProcess.kind).toBe(SpanKind.CONSUMER);
    // Each hop's span is the child of the span before it: one tree, not four loose spans.
    expect(firstProcess.parentSpanContext?.spanId).toBe(firstSend.spanContext().spanId);
    expect(secondSend.parentSpanContext?.spanId).toBe(firstProcess.spanContext().spanId);
    expect(secondProcess.parentSpanContext?.spanId).toBe(secondSend.spanContext().spanId);
    expect(firstProcess.attributes['messaging.consumer.group.name']).toBe('bus-test');

    await eventually(() => expect(outcomes).toEqual(expect.arrayContaining([{ topic: 'sendRequested', outcome: 'handled' }, { topic: 'dispatchSms', outcome: 'handled' }])));
  });
});
